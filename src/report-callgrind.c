/* report-callgrind.c: -callgrind. */
#include "report.h"
#include "xmalloc.h"

/* Not written yet: fail visibly rather than print something else. */
int
report_callgrind(struct strbuf *sb, struct query *q, char **cause)
{
	(void)sb;
	(void)q;
	*cause = xstrdup("-callgrind is not implemented yet");
	return -1;
}
