/*
 * report.h: pprof's text reports, drawn from a query.
 *
 * Reports are written into a strbuf, so that a failure part way leaves no
 * partial output.  Every string from the profile goes through vis_add().
 */
#ifndef CPV_REPORT_H
#define CPV_REPORT_H

struct query;
struct strbuf;

/* The header lines pprof prints above a report (ProfileLabels). */
void	report_profile_labels(struct strbuf *, struct query *);
/* -top / -text. */
void	report_top(struct strbuf *, struct query *);

#endif
