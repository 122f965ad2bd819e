/* report-export.c: -proto, -folded and -csv. */
#include "report.h"
#include "xmalloc.h"

/* Not written yet: fail visibly rather than print something else. */
int
report_proto(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-proto is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_folded(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-folded is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_csv(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-csv is not implemented yet");
	return -1;
}
