/* report-tree.c: -tree and -peek. */
#include "report.h"
#include "xmalloc.h"

/* Not written yet: fail visibly rather than print something else. */
int
report_tree(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-tree is not implemented yet");
	return -1;
}

/* Not written yet: fail visibly rather than print something else. */
int
report_peek(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-peek is not implemented yet");
	return -1;
}
