/*
 * craft.c: write crafted profiles that attack cpv's regexps, for
 * tests/regex.sh and for measuring against go tool pprof.
 *
 *	craft backtrack N	drop_frames "(a|aa)*\d" over N names a^30.. that
 *				make a backtracking matcher take exponential
 *				time (the 20k names: 300 KB)
 *	craft captures G L	drop_frames "(()()...()a)*" with G empty
 *				capture groups, one name a^L!: every
 *				backtracking frame holds 2G offsets (G 3000,
 *				L 100000: 297 bytes gzipped, 6.4 GB in PCRE2)
 *	craft names N L		N names a^L followed by a unique suffix, for a
 *				user's -focus='(a+)+$'
 *
 * The profile (raw, not gzipped) goes to standard output: one sample type
 * samples/count, one location and one function per name, one sample per
 * location.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char	*craft_buf;
static size_t		 craft_len, craft_cap;

static void
craft_put(const void *p, size_t n)
{
	if (craft_len + n > craft_cap) {
		craft_cap = (craft_len + n) * 2 + 4096;
		if ((craft_buf = realloc(craft_buf, craft_cap)) == NULL) {
			perror("craft");
			exit(2);
		}
	}
	memcpy(craft_buf + craft_len, p, n);
	craft_len += n;
}

/* Append a varint to a small buffer; returns its length. */
static size_t
craft_varint(unsigned char *b, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		b[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b[n++] = (unsigned char)v;
	return n;
}

static void
craft_key(unsigned int field, unsigned int wire, uint64_t v)
{
	unsigned char b[24];
	size_t n;

	n = craft_varint(b, (uint64_t)field << 3 | wire);
	n += craft_varint(b + n, v);
	craft_put(b, n);
}

/* A length-delimited field: the key, the length, then the bytes. */
static void
craft_bytes(unsigned int field, const void *p, size_t len)
{
	craft_key(field, 2, len);
	craft_put(p, len);
}

/* A message of at most two varint fields, and a third nested one. */
static void
craft_msg(unsigned int field, unsigned int f1, uint64_t v1, unsigned int f2,
    uint64_t v2, const unsigned char *sub, size_t sublen)
{
	unsigned char b[64];
	size_t n = 0;

	if (f1 != 0) {
		n += craft_varint(b + n, (uint64_t)f1 << 3);
		n += craft_varint(b + n, v1);
	}
	if (f2 != 0) {
		n += craft_varint(b + n, (uint64_t)f2 << 3);
		n += craft_varint(b + n, v2);
	}
	craft_key(field, 2, n + sublen);
	craft_put(b, n);
	if (sublen > 0)
		craft_put(sub, sublen);
}

/*
 * Strings: 0 "", 1 "samples", 2 "count", 3 drop_frames, then the names.
 * Name i is string 4 + i, function i + 1, location i + 1.
 */
static void
craft_profile(const char *drop, char **names, size_t n)
{
	unsigned char line[32], fn[64];
	size_t i, k;

	craft_msg(1, 1, 1, 2, 2, NULL, 0);		/* sample_type */
	for (i = 0; i < n; i++) {
		k = craft_varint(fn, 1 << 3 | 0);	/* location_id */
		k += craft_varint(fn + k, i + 1);
		k += craft_varint(fn + k, 2 << 3 | 0);	/* value */
		k += craft_varint(fn + k, 1 + i % 7);
		craft_bytes(2, fn, k);
	}
	for (i = 0; i < n; i++) {
		k = craft_varint(line, 1 << 3 | 0);	/* function_id */
		k += craft_varint(line + k, i + 1);
		k += craft_varint(line + k, 2 << 3 | 0);	/* line */
		k += craft_varint(line + k, 1);
		fn[0] = 4 << 3 | 2;			/* Location.line */
		fn[1] = (unsigned char)k;
		memcpy(fn + 2, line, k);
		craft_msg(4, 1, i + 1, 3, 0x1000 + i, fn, k + 2);
	}
	for (i = 0; i < n; i++) {
		k = craft_varint(fn, 3 << 3 | 0);	/* system_name */
		k += craft_varint(fn + k, 4 + i);
		craft_msg(5, 1, i + 1, 2, 4 + i, fn, k);
	}
	craft_bytes(6, "", 0);
	craft_bytes(6, "samples", 7);
	craft_bytes(6, "count", 5);
	craft_bytes(6, drop != NULL ? drop : "", drop != NULL ? strlen(drop) : 0);
	for (i = 0; i < n; i++)
		craft_bytes(6, names[i], strlen(names[i]));
	if (drop != NULL)
		craft_key(7, 0, 3);
}

/* Name i: prefix c repeated len times, then i in base 26 with letters. */
static char *
craft_name(char c, size_t len, size_t i, const char *tail)
{
	char *s;
	size_t k;

	if ((s = malloc(len + 32)) == NULL) {
		perror("craft");
		exit(2);
	}
	memset(s, c, len);
	k = len;
	s[k++] = 'x';
	do {
		s[k++] = (char)('b' + i % 24);
		i /= 24;
	} while (i > 0);
	strcpy(s + k, tail);
	return s;
}

int
main(int argc, char **argv)
{
	char **names, *drop = NULL;
	size_t n, len, i;

	if (argc != 4 && !(argc == 3 && strcmp(argv[1], "backtrack") == 0)) {
		fprintf(stderr, "usage: craft backtrack N | captures G L | "
		    "names N L\n");
		return 2;
	}
	n = strtoul(argv[2], NULL, 10);
	len = argc == 4 ? strtoul(argv[3], NULL, 10) : 0;
	if (strcmp(argv[1], "backtrack") == 0) {
		drop = "(a|aa)*\\d";
		names = calloc(n, sizeof *names);
		for (i = 0; names != NULL && i < n; i++)
			names[i] = craft_name('a', 30, i, "");
	} else if (strcmp(argv[1], "captures") == 0) {
		if ((drop = malloc(2 * n + 8)) == NULL) {
			perror("craft");
			return 2;
		}
		drop[0] = '(';
		for (i = 0; i < n; i++)
			memcpy(drop + 1 + 2 * i, "()", 2);
		strcpy(drop + 1 + 2 * n, "a)*");
		names = calloc(1, sizeof *names);
		names[0] = malloc(len + 2);
		memset(names[0], 'a', len);
		strcpy(names[0] + len, "!");
		n = 1;
	} else if (strcmp(argv[1], "names") == 0) {
		names = calloc(n, sizeof *names);
		for (i = 0; names != NULL && i < n; i++)
			names[i] = craft_name('a', len, i, "!");
	} else {
		fprintf(stderr, "craft: unknown profile '%s'\n", argv[1]);
		return 2;
	}
	if (names == NULL) {
		perror("craft");
		return 2;
	}
	craft_profile(drop, names, n);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (strcmp(argv[1], "captures") == 0)
		free(drop);
	if (fwrite(craft_buf, 1, craft_len, stdout) != craft_len ||
	    fflush(stdout) != 0) {
		perror("craft");
		return 1;
	}
	free(craft_buf);
	return 0;
}
