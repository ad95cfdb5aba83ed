/*
 * scrollback.c: the last lines of one instance for muster(1) logs, kept
 * as the relay passed them on: in blocks of the lines of one read, and
 * the merge of many scrollbacks by relay order.
 *
 * The lines of a block have consecutive numbers (seq), and no other line
 * of any instance is numbered between them: the relay numbers a read's
 * lines together.  So blocks are disjoint ranges of seq, ordered within
 * a scrollback, and merging many is done a block at a time.  Keeping a
 * line costs its bytes and a share of its block's header, not an
 * allocation of its own.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* The first size of the ring of blocks; it doubles from there. */
#define SCROLLBACK_FIRST 8

struct sb_block {
	uint64_t	   seq;	   /* of its first line kept */
	size_t		   nlines; /* kept */
	const char	  *first;  /* the first line kept, in text */
	const char	  *end;	   /* of text */
	double		   time;
	pid_t		   pid;
	enum record_stream stream;
	int		   color;
	int		   code;
	int		   signo;
	char		  *name;   /* NULL, or in this allocation */
	char		  *event;  /* NULL, or in this allocation */
	char		   text[]; /* the lines, each ending in '\n' */
};

struct scrollback {
	struct sb_block **ring; /* cap slots, count blocks from head */
	size_t		  cap;
	size_t		  head;
	size_t		  count;
	size_t		  lines; /* in all the blocks */
	size_t		  max;
};

/* Where a merge stands in one scrollback: a block and a line of it. */
struct sb_cursor {
	const struct scrollback *sb;
	size_t			 i;    /* the block */
	const char		*line; /* in it */
	uint64_t		 seq;  /* of that line */
};

static struct sb_block *sb_block(const struct scrollback *, size_t);
static void sb_store(struct scrollback *, const struct record *, const char *,
    size_t, size_t, int);
static void sb_push(struct scrollback *, struct sb_block *);
static void sb_trim(struct scrollback *);
static const char *sb_skip(const char *, size_t);
static const char *sb_last(const char *, const char *, size_t);
static int sb_seek(struct sb_cursor *, const struct scrollback *, uint64_t);
static uint64_t sb_first_of_last(struct scrollback *const *, size_t, size_t);

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
		free(sb_block(sb, i));
	free(sb->ring);
	free(sb);
}

/* The i-th block, from the oldest. */
static struct sb_block *
sb_block(const struct scrollback *sb, size_t i)
{
	return (sb->ring[(sb->head + i) % sb->cap]);
}

/* n lines on from p, each ending in '\n'. */
static const char *
sb_skip(const char *p, size_t n)
{
	while (n-- > 0)
		p = (const char *)rawmemchr(p, '\n') + 1;
	return (p);
}

/* The last n lines of those from text to end, each ending in '\n'. */
static const char *
sb_last(const char *text, const char *end, size_t n)
{
	const char *p = end - 1; /* the last line's newline */

	while (n-- > 0 && p > text) {
		p = memrchr(text, '\n', p - text);
		if (p == NULL)
			return (text);
	}
	return (n == (size_t)-1 ? p + 1 : text);
}

/* One line (r->text holds no newline): a block of one. */
void
scrollback_add(struct scrollback *sb, const struct record *r)
{
	sb_store(sb, r, r->text, r->len, 1, 1);
}

/*
 * n lines of one read, r->len bytes at r->text, each ending in '\n'; the
 * first is numbered r->seq, the others after it.  Only the last max of
 * all the lines are kept.
 */
void
scrollback_add_lines(struct scrollback *sb, const struct record *r, size_t n)
{
	const char   *text = r->text, *end = r->text + r->len;
	uint64_t      seq = r->seq;
	struct record from = *r;

	if (sb->max == 0 || n == 0)
		return;
	if (n > sb->max) {
		/* The last max lines: found from the end, which is nearer. */
		text = sb_last(text, end, sb->max);
		seq += n - sb->max;
		n = sb->max;
	}
	from.seq = seq;
	sb_store(sb, &from, text, end - text, n, 0);
}

/*
 * Keeps n lines, len bytes at text (with nl, one line lacking its
 * newline), as one block with r's other fields.
 */
static void
sb_store(struct scrollback *sb, const struct record *r, const char *text,
    size_t len, size_t n, int nl)
{
	struct sb_block *b;
	size_t		 namelen, eventlen, size;

	if (sb->max == 0)
		return;
	namelen = r->name != NULL ? strlen(r->name) + 1 : 0;
	eventlen = r->event != NULL ? strlen(r->event) + 1 : 0;
	size = sizeof *b + namelen + eventlen + (nl ? 1 : 0);
	if (len > SIZE_MAX - size)
		fatalx(1, "scrollback: a line of %zu bytes", len);
	b = xmalloc(size + len);
	if (len > 0)
		memcpy(b->text, text, len);
	if (nl)
		b->text[len++] = '\n';
	b->seq = r->seq;
	b->nlines = n;
	b->first = b->text;
	b->end = b->text + len;
	b->time = r->time;
	b->pid = r->pid;
	b->stream = r->stream;
	b->color = r->color;
	b->code = r->code;
	b->signo = r->signo;
	b->name = namelen > 0 ? memcpy(b->text + len, r->name, namelen) : NULL;
	b->event = eventlen > 0
	    ? memcpy(b->text + len + namelen, r->event, eventlen)
	    : NULL;
	sb_push(sb, b);
	sb->lines += n;
	sb_trim(sb);
}

/* Appends a block, the ring growing (in order) when it is full. */
static void
sb_push(struct scrollback *sb, struct sb_block *b)
{
	struct sb_block **ring;
	size_t		  cap, i;

	if (sb->count == sb->cap) {
		cap = sb->cap == 0 ? SCROLLBACK_FIRST : sb->cap * 2;
		ring = xreallocarray(NULL, cap, sizeof *ring);
		for (i = 0; i < sb->count; i++)
			ring[i] = sb_block(sb, i);
		free(sb->ring);
		sb->ring = ring;
		sb->cap = cap;
		sb->head = 0;
	}
	sb->ring[(sb->head + sb->count++) % sb->cap] = b;
}

/* Lets go of the oldest lines beyond max: whole blocks, or a block's first. */
static void
sb_trim(struct scrollback *sb)
{
	struct sb_block *b;
	size_t		 excess;

	while (sb->lines > sb->max) {
		b = sb_block(sb, 0);
		excess = sb->lines - sb->max;
		if (b->nlines <= excess) {
			sb->lines -= b->nlines;
			free(b);
			sb->head = (sb->head + 1) % sb->cap;
			sb->count--;
			continue;
		}
		b->first = sb_skip(b->first, excess);
		b->seq += excess;
		b->nlines -= excess;
		sb->lines -= excess;
	}
}

size_t
scrollback_count(const struct scrollback *sb)
{
	return (sb->lines);
}

/*
 * Sets c at the first line of sb numbered above after.  Returns 0, or -1
 * when there is none.
 */
static int
sb_seek(struct sb_cursor *c, const struct scrollback *sb, uint64_t after)
{
	const struct sb_block *b;
	size_t		       lo = 0, hi = sb->count, mid;

	/* The first block whose last line is above after. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		b = sb_block(sb, mid);
		if (b->seq + b->nlines - 1 > after)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == sb->count)
		return (-1);
	b = sb_block(sb, lo);
	c->sb = sb;
	c->i = lo;
	c->line = b->first;
	c->seq = b->seq;
	if (b->seq <= after) {
		c->line = sb_skip(b->first, after - b->seq + 1);
		c->seq = after + 1;
	}
	return (0);
}

/*
 * The lines of the k scrollbacks numbered above after, oldest first, at
 * most max of them, to fn: a page of an answer given as its reader takes
 * it.  A record fn gets is good until fn returns; its text is not
 * NUL-terminated.  Returns how many were given.
 */
size_t
scrollback_after(struct scrollback *const *sbs, size_t k, uint64_t after,
    size_t max, void (*fn)(void *, const struct record *), void *arg)
{
	struct sb_cursor      *cs;
	const struct sb_block *b;
	struct record	       r;
	const char	      *nl;
	size_t		       i, nc = 0, best, n = 0;

	cs = xreallocarray(NULL, k + 1, sizeof *cs);
	for (i = 0; i < k; i++) {
		if (sbs[i] != NULL && sb_seek(&cs[nc], sbs[i], after) == 0)
			nc++;
	}
	memset(&r, 0, sizeof r);
	while (n < max && nc > 0) {
		/* Blocks are disjoint: the lowest line's block goes whole. */
		for (best = 0, i = 1; i < nc; i++) {
			if (cs[i].seq < cs[best].seq)
				best = i;
		}
		b = sb_block(cs[best].sb, cs[best].i);
		r.time = b->time;
		r.pid = b->pid;
		r.stream = b->stream;
		r.color = b->color;
		r.name = b->name;
		r.event = b->event;
		r.code = b->code;
		r.signo = b->signo;
		while (n < max && cs[best].line < b->end) {
			nl = rawmemchr(cs[best].line, '\n');
			r.seq = cs[best].seq++;
			r.text = cs[best].line;
			r.len = nl - cs[best].line;
			cs[best].line = nl + 1;
			fn(arg, &r);
			n++;
		}
		if (cs[best].line < b->end)
			break;
		if (++cs[best].i < cs[best].sb->count) {
			b = sb_block(cs[best].sb, cs[best].i);
			cs[best].line = b->first;
			cs[best].seq = b->seq;
		} else
			cs[best] = cs[--nc];
	}
	free(cs);
	return (n);
}

/*
 * The number of the first of the last n lines of the k scrollbacks, or 1
 * when they hold fewer: walked back a block at a time, the newest first.
 */
static uint64_t
sb_first_of_last(struct scrollback *const *sbs, size_t k, size_t n)
{
	const struct sb_block *b, *bb;
	size_t		      *left, i, best, have = 0;
	uint64_t	       first = 1;

	left = xcalloc(k + 1, sizeof *left);
	for (i = 0; i < k; i++)
		left[i] = sbs[i] != NULL ? sbs[i]->count : 0;
	for (;;) {
		b = NULL;
		best = 0;
		for (i = 0; i < k; i++) {
			if (left[i] == 0)
				continue;
			bb = sb_block(sbs[i], left[i] - 1);
			if (b == NULL || bb->seq > b->seq) {
				b = bb;
				best = i;
			}
		}
		if (b == NULL)
			break;
		if (have + b->nlines >= n) {
			first = b->seq + (b->nlines - (n - have));
			break;
		}
		have += b->nlines;
		left[best]--;
	}
	free(left);
	return (first);
}

/*
 * Calls fn for the last n lines of the k scrollbacks together (NULL ones
 * are skipped), oldest first, as scrollback_after gives them.
 */
void
scrollback_merge(struct scrollback *const *sbs, size_t k, size_t n,
    void (*fn)(void *, const struct record *), void *arg)
{
	if (n == 0 || k == 0)
		return;
	scrollback_after(sbs, k, sb_first_of_last(sbs, k, n) - 1, n, fn, arg);
}
