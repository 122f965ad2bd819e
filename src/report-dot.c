/* report-dot.c: -dot, -svg, -png and -pdf. */
#include "report.h"
#include "xmalloc.h"

/* Not written yet: fail visibly rather than print something else. */
int
report_dot(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-dot is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_svg(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-svg is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_png(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-png is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_pdf(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-pdf is not implemented yet");
	return -1;
}
