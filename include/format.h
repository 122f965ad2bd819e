/*
 * format.h: pprof's measurement rules: units, scaling, number and
 * percentage formatting, and the header's time layout.
 *
 * Units are recognised case-insensitively, with a trailing 's' dropped
 * from names longer than two characters ("bytes", "nanoseconds").  Three
 * kinds scale: memory (B kB MB GB TB PB, powers of 1024), time (ns us ms
 * s hrs) and GCU; any other unit is printed verbatim after the number, and
 * "count", "sample" and "unit" print no unit at all.
 */
#ifndef CPV_FORMAT_H
#define CPV_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct strbuf;

/*
 * Go's int64(f) on amd64: f truncated, or the minimum int64 when f is NaN
 * or out of range, which C leaves undefined (a -divide_by or a
 * -nodefraction can scale a value out of range).
 */
static inline int64_t
format_go_int64(double f)
{
	if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0))
		return INT64_MIN;
	return (int64_t)f;
}

/*
 * pprof's Scale: convert value in from_unit to to_unit, where to_unit may
 * be "minimum" or "auto" (pick the largest unit not above the value).
 * Returns the scaled value and sets *unit to the canonical unit name, to
 * to_unit itself when from_unit is not a known kind, or "".
 */
double		 unit_scale(int64_t value, const char *from_unit,
		    const char *to_unit, const char **unit);
/* Format like pprof's ScaledLabel: "%.2f" less ".00", unit glued on. */
void		 format_scaled(struct strbuf *, int64_t value,
		    const char *from_unit, const char *to_unit);
/* Same, returning a static buffer (overwritten by the next call). */
const char	*format_scaled_str(int64_t, const char *, const char *);
/* pprof's Percentage: "  100%", "%5.2f%%" or "%5.2g%%" of |value/total|. */
void		 format_percentage(struct strbuf *, int64_t value, int64_t total);
/* True when both units are of the same known kind (memory, time, GCU). */
bool		 units_compatible(const char *, const char *);
/* How many to_units one from_unit is (1 when not comparable). */
double		 unit_ratio(const char *from_unit, const char *to_unit);
/* True when the unit is a time unit (so "Total samples" gets a ratio). */
bool		 unit_is_time(const char *);
/* True if name is a unit pprof knows (for -unit validation). */
bool		 unit_known(const char *);
/* Go's "Jan 2, 2006 at 3:04pm (MST)" in the local time zone. */
void		 format_go_time(struct strbuf *, int64_t unix_nanos);

#endif
