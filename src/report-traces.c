/* report-traces.c: -traces, -tags, -raw and -comments. */
#include "report.h"
#include "xmalloc.h"

/* Not written yet: fail visibly rather than print something else. */
int
report_traces(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-traces is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_tags(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-tags is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_raw(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-raw is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_comments(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-comments is not implemented yet");
	return -1;
}
