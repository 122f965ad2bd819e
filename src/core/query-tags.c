/*
 * query-tags.c: the rows of -tags (query-tags.h).
 *
 * Values are keyed by their printed form, "<key id>:<value>" interned, so
 * that a string label and a numeric one that print the same add up, as
 * in pprof's tag map.
 */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "profile.h"
#include "query-tags.h"
#include "query.h"
#include "sort.h"
#include "strbuf.h"
#include "strtab.h"
#include "vis.h"
#include "xmalloc.h"

/* One key while values are gathered: its pair ids. */
struct tags_key {
	uint32_t	*pairs;
	size_t		 npair, cap;
};

/* The (key, value) pairs: "<key id>:<value>" interned, a weight each. */
struct tags_pairs {
	struct strtab	 tab;
	int64_t		*weight;	/* per pair id */
	size_t		 cap;
};

static int
tags_key_cmp(const void *va, const void *vb)
{
	const struct query_tag_key *a = va, *b = vb;

	return strcmp(a->name, b->name);
}

static int
tags_value_cmp(const void *va, const void *vb)
{
	const struct query_tag_value *a = va, *b = vb;
	int64_t x = a->weight < 0 ? -a->weight : a->weight;
	int64_t y = b->weight < 0 ? -b->weight : b->weight;

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* Turn one gathered key into its row, values sorted. */
static void
tags_make_key(struct query_tag_key *k, const struct tags_key *g,
    const struct tags_pairs *tp)
{
	size_t j;

	k->nvalue = g->npair;
	k->values = xcalloc(g->npair + 1, sizeof *k->values);
	for (j = 0; j < g->npair; j++) {
		k->values[j].value = xstrdup(strchr(strtab_get(&tp->tab,
		    g->pairs[j]), ':') + 1);
		k->values[j].weight = tp->weight[g->pairs[j]];
		k->total += k->values[j].weight;
	}
	sort_array(k->values, k->nvalue, sizeof *k->values, tags_value_cmp);
}

int
query_tags_build(struct query *q, struct query_tags *t, char **cause)
{
	const struct profile *p = q->p;
	struct tags_pairs tp;
	struct tags_key *g = NULL;
	struct strbuf val = STRBUF_INIT;
	uint32_t *slot, id;
	size_t si, i, n, cap = 0, gcap = 0, nkey = 0;
	int64_t w;

	(void)cause;
	memset(t, 0, sizeof *t);
	memset(&tp, 0, sizeof tp);
	strtab_init(&tp.tab);
	slot = xcalloc(p->strings.n + 1, sizeof *slot);
	for (si = 0; si < p->nsample; si++) {
		const struct profile_sample *s = &p->samples[si];
		const struct profile_label *l = p->labels + s->label_off;

		if (!q->sample_kept[si])
			continue;
		w = profile_sample_values(p, si)[q->sample_index];
		for (i = 0; i < s->nlabel; i++) {
			struct tags_key *k;

			if (!query_label_shown(q, l[i].key))
				continue;
			if (slot[l[i].key] == 0) {
				/* g (gathered pairs) runs beside t->keys */
				XGROW(t->keys, cap, nkey + 1);
				XGROW(g, gcap, nkey + 1);
				memset(&t->keys[nkey], 0, sizeof t->keys[nkey]);
				memset(&g[nkey], 0, sizeof g[nkey]);
				t->keys[nkey].name = profile_str(p, l[i].key);
				slot[l[i].key] = (uint32_t)++nkey;
			}
			k = &g[slot[l[i].key] - 1];
			strbuf_reset(&val);
			strbuf_addf(&val, "%u:", l[i].key);
			if (l[i].str != 0)
				vis_addstr(&val, profile_str(p, l[i].str), 0);
			else
				format_scaled(&val, l[i].num,
				    q->key_units[l[i].key], q->opt.unit);
			n = tp.tab.n;
			id = strtab_intern(&tp.tab, val.buf, val.len);
			if (tp.tab.n != n) {
				XGROW(tp.weight, tp.cap, tp.tab.n);
				tp.weight[id] = 0;
				XGROW(k->pairs, k->cap, k->npair + 1);
				k->pairs[k->npair++] = id;
			}
			tp.weight[id] += w;
		}
	}
	free(slot);
	/* a local count: the analyzer cannot see t unchanged by calls */
	t->nkey = nkey;
	for (i = 0; i < nkey; i++) {
		tags_make_key(&t->keys[i], &g[i], &tp);
		free(g[i].pairs);
	}
	free(g);
	sort_array(t->keys, t->nkey, sizeof *t->keys, tags_key_cmp);
	free(tp.weight);
	strtab_release(&tp.tab);
	strbuf_release(&val);
	return 0;
}

void
query_tags_release(struct query_tags *t)
{
	size_t i, j;

	for (i = 0; i < t->nkey; i++) {
		for (j = 0; j < t->keys[i].nvalue; j++)
			free(t->keys[i].values[j].value);
		free(t->keys[i].values);
	}
	free(t->keys);
	memset(t, 0, sizeof *t);
}
