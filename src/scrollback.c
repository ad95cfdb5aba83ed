/*
 * scrollback.c: the last lines of one instance for muster(1) logs, a ring
 * that grows only as lines come, and the merge of many by relay order.
 */

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* The first size of the ring; it doubles from there up to max. */
#define SCROLLBACK_FIRST 8

struct scrollback {
	struct record **ring; /* cap slots, count of them used */
	size_t		cap;
	size_t		max;
	size_t		head; /* the oldest, once the ring is full */
	size_t		count;
};

/* Where scrollback_merge stands in one scrollback. */
struct sb_cursor {
	const struct scrollback *sb;
	size_t			 left; /* records not taken, oldest first */
};

static struct record *sb_copy(const struct record *);
static void	      sb_fill(struct record *, const struct record *);
static int	      sb_reuse(struct scrollback *, const struct record *);
static char	     *sb_put(char *, const char *, size_t);
static const struct record *sb_at(const struct scrollback *, size_t);
static uint64_t		    sb_cursor_seq(const struct sb_cursor *);
static void		    sb_heap_down(struct sb_cursor *, size_t, size_t);

struct scrollback *
scrollback_create(size_t max)
{
	struct scrollback *sb;

	/* The ring itself waits for the first line: most never fill it. */
	sb = xcalloc(1, sizeof *sb);
	sb->max = max;
	return (sb);
}

void
scrollback_free(struct scrollback *sb)
{
	size_t i;

	if (sb == NULL)
		return;
	for (i = 0; i < sb->count; i++)
		free(sb->ring[i]);
	free(sb->ring);
	free(sb);
}

void
scrollback_add(struct scrollback *sb, const struct record *r)
{
	struct record *rec;
	size_t	       cap;

	if (sb->max == 0)
		return;
	if (sb->count == sb->max && sb_reuse(sb, r))
		return;
	/*
	 * The copy is made before the oldest is let go, so that r may
	 * borrow from it.
	 */
	rec = sb_copy(r);
	if (sb->count < sb->max) {
		/* Not full: the ring has not turned yet, head is 0. */
		if (sb->count == sb->cap) {
			cap = sb->cap == 0 ? SCROLLBACK_FIRST : sb->cap * 2;
			if (cap > sb->max || cap < sb->cap)
				cap = sb->max;
			sb->ring =
			    xreallocarray(sb->ring, cap, sizeof *sb->ring);
			sb->cap = cap;
		}
		sb->ring[sb->count++] = rec;
		return;
	}
	free(sb->ring[sb->head]);
	sb->ring[sb->head] = rec;
	if (++sb->head == sb->cap)
		sb->head = 0;
}

/*
 * The full ring's turn: the oldest record's memory takes the new one when
 * it is large enough, as it mostly is for lines of a like length, and r
 * borrows nothing from it: no allocator call per line relayed.
 */
static int
sb_reuse(struct scrollback *sb, const struct record *r)
{
	struct record *old = sb->ring[sb->head];
	const char    *lo = (const char *)old, *hi;
	size_t	       size;

	size = sizeof *old + (r->name != NULL ? strlen(r->name) + 1 : 0) +
	    (r->event != NULL ? strlen(r->event) + 1 : 0);
	if (r->len > SIZE_MAX - size - 1)
		return (0);
	size += r->len + 1;
	hi = lo + malloc_usable_size(old);
	if (size > (size_t)(hi - lo) ||
	    (r->text != NULL && r->text + r->len > lo && r->text < hi) ||
	    (r->name != NULL && r->name >= lo && r->name < hi) ||
	    (r->event != NULL && r->event >= lo && r->event < hi))
		return (0);
	sb_fill(old, r);
	if (++sb->head == sb->cap)
		sb->head = 0;
	return (1);
}

size_t
scrollback_count(const struct scrollback *sb)
{
	return (sb->count);
}

void
scrollback_merge(struct scrollback *const *sbs, size_t k, size_t n,
    void (*fn)(void *, const struct record *), void *arg)
{
	const struct record **out;
	struct sb_cursor     *h, c;
	size_t		      nh, total, m, i;

	if (n == 0 || k == 0)
		return;
	/*
	 * No scrollback gives more than n, so the cursors start at most n
	 * from each end; a max-heap of them then yields the newest first.
	 */
	h = xreallocarray(NULL, k, sizeof *h);
	nh = total = 0;
	for (i = 0; i < k; i++) {
		if (sbs[i] == NULL || sbs[i]->count == 0)
			continue;
		h[nh].sb = sbs[i];
		h[nh].left = sbs[i]->count;
		total += sbs[i]->count < n ? sbs[i]->count : n;
		nh++;
	}
	m = total < n ? total : n;
	if (m == 0) {
		free(h);
		return;
	}
	for (i = nh / 2; i-- > 0;)
		sb_heap_down(h, nh, i);

	out = xreallocarray(NULL, m, sizeof *out);
	for (i = m; i-- > 0;) {
		c = h[0];
		out[i] = sb_at(c.sb, --c.left);
		if (c.left == 0)
			h[0] = h[--nh];
		else
			h[0] = c;
		if (nh > 0)
			sb_heap_down(h, nh, 0);
	}
	free(h);

	for (i = 0; i < m; i++)
		fn(arg, out[i]);
	free(out);
}

/*
 * A record and its strings in one allocation; its pointers point into
 * it.  The text is NUL-terminated as well, though len is what counts.
 */
static struct record *
sb_copy(const struct record *r)
{
	struct record *rec;
	size_t	       namelen, eventlen, size;

	namelen = r->name != NULL ? strlen(r->name) + 1 : 0;
	eventlen = r->event != NULL ? strlen(r->event) + 1 : 0;
	size = sizeof *rec + namelen + eventlen;
	if (r->len > SIZE_MAX - size - 1)
		fatalx(1, "scrollback: a line of %zu bytes", r->len);
	size += r->len + 1;

	rec = xmalloc(size);
	sb_fill(rec, r);
	return (rec);
}

/* Fills rec, of room enough, with r and copies of its strings. */
static void
sb_fill(struct record *rec, const struct record *r)
{
	char *p;

	*rec = *r;
	p = (char *)(rec + 1);
	if (r->name != NULL) {
		rec->name = p;
		p = sb_put(p, r->name, strlen(r->name));
	}
	if (r->event != NULL) {
		rec->event = p;
		p = sb_put(p, r->event, strlen(r->event));
	}
	rec->text = p;
	sb_put(p, r->text, r->len);
}

/* Copies len bytes and a NUL to p; where the next string goes. */
static char *
sb_put(char *p, const char *s, size_t len)
{
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return (p + len + 1);
}

/* The i-th record kept, from 0, the oldest. */
static const struct record *
sb_at(const struct scrollback *sb, size_t i)
{
	i += sb->head;
	if (i >= sb->cap)
		i -= sb->cap;
	return (sb->ring[i]);
}

/* The seq of the newest record a cursor has not given yet. */
static uint64_t
sb_cursor_seq(const struct sb_cursor *c)
{
	return (sb_at(c->sb, c->left - 1)->seq);
}

/* Restores the max-heap of nh cursors below slot i. */
static void
sb_heap_down(struct sb_cursor *h, size_t nh, size_t i)
{
	struct sb_cursor c;
	size_t		 child;
	uint64_t	 seq;

	c = h[i];
	seq = sb_cursor_seq(&c);
	while ((child = 2 * i + 1) < nh) {
		if (child + 1 < nh &&
		    sb_cursor_seq(&h[child + 1]) > sb_cursor_seq(&h[child]))
			child++;
		if (sb_cursor_seq(&h[child]) <= seq)
			break;
		h[i] = h[child];
		i = child;
	}
	h[i] = c;
}

/*
 * The records of the k scrollbacks whose seq is above after, oldest first,
 * at most max of them, to fn: a page of an answer that is given as its
 * reader takes it.  Returns how many were given.
 */
size_t
scrollback_after(struct scrollback *const *sbs, size_t k, uint64_t after,
    size_t max, void (*fn)(void *, const struct record *), void *arg)
{
	const struct record *r, *best;
	size_t		    *at, i, lo, hi, mid, n = 0, bi = 0;

	at = xcalloc(k + 1, sizeof *at);
	for (i = 0; i < k; i++) {
		if (sbs[i] == NULL)
			continue;
		/* The first record above after: seqs grow along the ring. */
		for (lo = 0, hi = sbs[i]->count; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (sb_at(sbs[i], mid)->seq > after)
				hi = mid;
			else
				lo = mid + 1;
		}
		at[i] = lo;
	}
	while (n < max) {
		best = NULL;
		for (i = 0; i < k; i++) {
			if (sbs[i] == NULL || at[i] >= sbs[i]->count)
				continue;
			r = sb_at(sbs[i], at[i]);
			if (best == NULL || r->seq < best->seq) {
				best = r;
				bi = i;
			}
		}
		if (best == NULL)
			break;
		at[bi]++;
		fn(arg, best);
		n++;
	}
	free(at);
	return (n);
}
