/*
 * edit.c - the edit list. Edits may be recorded in any order. An edit
 * that falls inside a range an earlier edit replaces is moot and skipped
 * (a Route value that goes, with an address in it); any other overlap is
 * a bug, and the message is then not sent.
 */
#include <stdio.h>
#include <string.h>

#include "edit.h"

void
ed_reset(struct edits *ed)
{
	ed->n = 0;
	ed->used = 0;
	ed->overflow = 0;
}

void
ed_add(struct edits *ed, size_t off, size_t len, const char *rep, size_t rlen)
{
	struct edit *e;

	if (ed->overflow)
		return;
	if (ed->n >= EDIT_MAX || rlen > EDIT_ARENA - ed->used) {
		ed->overflow = 1;
		return;
	}
	e = &ed->e[ed->n];
	e->off = off;
	e->len = len;
	e->roff = ed->used;
	e->rlen = rlen;
	if (rlen > 0)
		memcpy(ed->arena + ed->used, rep, rlen);
	ed->used += rlen;
	ed->n++;
}

void
ed_addob(struct edits *ed, size_t off, size_t len, const struct obuf *ob)
{
	if (ob->overflow) {
		ed->overflow = 1;
		return;
	}
	ed_add(ed, off, len, ob->p, ob->len);
}

/* Put the decimal number num at off, in place of len bytes. */
void
ed_addu(struct edits *ed, size_t off, size_t len, unsigned long num)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%lu", num);	/* 20 digits: fits */

	ed_add(ed, off, len, tmp, (size_t)n);
}

/* How much the edits that start inside [from, to) grow that range. */
long
ed_delta(const struct edits *ed, size_t from, size_t to)
{
	long d = 0;
	size_t i;

	for (i = 0; i < ed->n; i++)
		if (ed->e[i].off >= from && ed->e[i].off < to)
			d += (long)ed->e[i].rlen - (long)ed->e[i].len;
	return d;
}

/* Sort by offset (insertion sort: edits come nearly in order, and it
 * keeps insertions at one offset in the order they were made) and emit. */
int
ed_apply(struct edits *ed, const char *src, size_t n, struct obuf *out)
{
	struct edit t;
	size_t i, j, pos = 0;

	if (ed->overflow)
		return -1;
	for (i = 1; i < ed->n; i++) {
		t = ed->e[i];
		for (j = i; j > 0 && t.off < ed->e[j - 1].off; j--)
			ed->e[j] = ed->e[j - 1];
		ed->e[j] = t;
	}
	for (i = 0; i < ed->n; i++) {
		const struct edit *e = &ed->e[i];

		if (e->off > n || e->len > n - e->off)
			return -1;
		if (e->off < pos) {
			/* inside what an earlier edit deleted: moot */
			if (e->off + e->len <= pos)
				continue;
			return -1;
		}
		ob_put(out, src + pos, e->off - pos);
		ob_put(out, ed->arena + e->roff, e->rlen);
		pos = e->off + e->len;
	}
	ob_put(out, src + pos, n - pos);
	return out->overflow ? -1 : 0;
}
