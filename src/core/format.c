/* format.c: units, scaling and number formatting, as pprof prints them. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "strbuf.h"
#include "vis.h"

struct unit_def {
	const char	*name;		/* canonical, as printed */
	const char	*aliases[4];	/* lower case */
	double		 factor;
};

struct unit_kind {
	const struct unit_def	*units;
	size_t			 nunits;
	const char		*default_name;
	double			 default_factor;
};

static const struct unit_def memory_units[] = {
	{ "B",  { "b", "byte" }, 1 },
	{ "kB", { "kb", "kbyte", "kilobyte" }, 1024.0 },
	{ "MB", { "mb", "mbyte", "megabyte" }, 1048576.0 },
	{ "GB", { "gb", "gbyte", "gigabyte" }, 1073741824.0 },
	{ "TB", { "tb", "tbyte", "terabyte" }, 1099511627776.0 },
	{ "PB", { "pb", "pbyte", "petabyte" }, 1125899906842624.0 },
};

static const struct unit_def time_units[] = {
	{ "ns",  { "ns", "nanosecond" }, 1 },
	{ "us",  { "\xce\xbcs", "us", "microsecond" }, 1e3 },
	{ "ms",  { "ms", "millisecond" }, 1e6 },
	{ "s",   { "s", "sec", "second" }, 1e9 },
	{ "hrs", { "hour", "hr" }, 3600e9 },
};

static const struct unit_def gcu_units[] = {
	{ "n*GCU", { "nanogcu" }, 1e-9 },
	{ "u*GCU", { "microgcu" }, 1e-6 },
	{ "m*GCU", { "milligcu" }, 1e-3 },
	{ "GCU",   { "gcu" }, 1 },
	{ "k*GCU", { "kilogcu" }, 1e3 },
	{ "M*GCU", { "megagcu" }, 1e6 },
	{ "G*GCU", { "gigagcu" }, 1e9 },
	{ "T*GCU", { "teragcu" }, 1e12 },
	{ "P*GCU", { "petagcu" }, 1e15 },
};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const struct unit_kind unit_kinds[] = {
	{ memory_units, NELEM(memory_units), "B", 1 },
	{ time_units, NELEM(time_units), "s", 1e9 },
	{ gcu_units, NELEM(gcu_units), "GCU", 1 },
};

/* Find a unit by name in kind k, as pprof's sniffUnit does. */
static const struct unit_def *
unit_sniff(const struct unit_kind *k, const char *name)
{
	char buf[64];
	size_t len = strlen(name), i, j;

	if (len >= sizeof buf)
		return NULL;
	for (i = 0; i < len; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[len] = '\0';
	if (len > 2 && buf[len - 1] == 's')
		buf[--len] = '\0';
	for (i = 0; i < k->nunits; i++)
		for (j = 0; j < NELEM(k->units[i].aliases) &&
		    k->units[i].aliases[j] != NULL; j++)
			if (strcmp(buf, k->units[i].aliases[j]) == 0)
				return &k->units[i];
	return NULL;
}

static const struct unit_kind *
unit_kind_of(const char *name, const struct unit_def **u)
{
	size_t i;

	for (i = 0; i < NELEM(unit_kinds); i++)
		if ((*u = unit_sniff(&unit_kinds[i], name)) != NULL)
			return &unit_kinds[i];
	return NULL;
}

double
unit_scale(int64_t value, const char *from, const char *to, const char **unit)
{
	const struct unit_kind *k;
	const struct unit_def *fu, *tu;
	double v, f;
	size_t i;

	if (value < 0 && value != INT64_MIN)
		return -unit_scale(-value, from, to, unit);
	if ((k = unit_kind_of(from, &fu)) != NULL) {
		v = (double)value * fu->factor;
		if (strcmp(to, "minimum") == 0 || strcmp(to, "auto") == 0) {
			f = 0;
			*unit = NULL;
			for (i = 0; i < k->nunits; i++)
				if (k->units[i].factor >= f &&
				    v / k->units[i].factor >= 1.0) {
					f = k->units[i].factor;
					*unit = k->units[i].name;
				}
			if (f != 0)
				return v / f;
			*unit = k->default_name;
			return v / k->default_factor;
		}
		if ((tu = unit_sniff(k, to)) == NULL) {
			*unit = k->default_name;
			return v / k->default_factor;
		}
		*unit = tu->name;
		return v / tu->factor;
	}
	if (strcmp(to, "count") == 0 || strcmp(to, "sample") == 0 ||
	    strcmp(to, "unit") == 0 || strcmp(to, "minimum") == 0 ||
	    strcmp(to, "auto") == 0)
		*unit = "";
	else
		*unit = to;
	return (double)value;
}

void
format_scaled(struct strbuf *sb, int64_t value, const char *from,
    const char *to)
{
	const char *unit;
	double v = unit_scale(value, from, to, &unit);
	char buf[512];
	size_t len;

	snprintf(buf, sizeof buf, "%.2f", v);
	len = strlen(buf);
	if (len > 3 && strcmp(buf + len - 3, ".00") == 0)
		buf[len -= 3] = '\0';
	if (strcmp(buf, "0") == 0 || strcmp(buf, "-0") == 0) {
		strbuf_addch(sb, '0');
		return;
	}
	strbuf_add(sb, buf, len);
	/* A unit pprof does not know is the profile's own string. */
	vis_addstr(sb, unit, 0);
}

const char *
format_scaled_str(int64_t value, const char *from, const char *to)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	format_scaled(&sb, value, from, to);
	return sb.buf;
}

void
format_percentage(struct strbuf *sb, int64_t value, int64_t total)
{
	double ratio = 0;

	if (total != 0)
		ratio = fabs((double)value / (double)total) * 100;
	if (ratio >= 99.95 && ratio <= 100.05)
		strbuf_addstr(sb, "  100%");
	else if (ratio >= 1.0)
		strbuf_addf(sb, "%5.2f%%", ratio);
	else
		strbuf_addf(sb, "%5.2g%%", ratio);
}

bool
units_compatible(const char *a, const char *b)
{
	size_t i;

	for (i = 0; i < NELEM(unit_kinds); i++)
		if (unit_sniff(&unit_kinds[i], a) != NULL &&
		    unit_sniff(&unit_kinds[i], b) != NULL)
			return true;
	return false;
}

double
unit_ratio(const char *from, const char *to)
{
	const char *u;
	double v = unit_scale(1, from, to, &u);

	return units_compatible(from, to) ? v : 1;
}

bool
unit_is_time(const char *name)
{
	const struct unit_def *u;

	return unit_kind_of(name, &u) == &unit_kinds[1];
}

bool
unit_known(const char *name)
{
	const struct unit_def *u;

	return unit_kind_of(name, &u) != NULL;
}

void
format_go_time(struct strbuf *sb, int64_t nanos)
{
	static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t;
	struct tm tm;
	int hour;
	char zone[64];

	t = (time_t)(nanos / 1000000000);
	if (nanos < 0 && nanos % 1000000000 != 0)
		t--;
	if (localtime_r(&t, &tm) == NULL) {
		strbuf_addf(sb, "%lld", (long long)nanos);
		return;
	}
	hour = tm.tm_hour % 12;
	if (hour == 0)
		hour = 12;
	if (strftime(zone, sizeof zone, "%Z", &tm) == 0)
		zone[0] = '\0';
	strbuf_addf(sb, "%s %d, %d at %d:%02d%s (%s)", months[tm.tm_mon],
	    tm.tm_mday, tm.tm_year + 1900, hour, tm.tm_min,
	    tm.tm_hour < 12 ? "am" : "pm", zone);
}
