/*
 * check_scrollback.c: unit tests of the last lines kept per instance
 * (muster(1) logs): the ring, its copies of records, and the merge of
 * many scrollbacks in relay order.
 */

#include <inttypes.h>

#include "unit.h"

/*
 * What scrollback_merge passed to fn, in order: copies, since a record is
 * good only until fn returns (its text NUL-terminated here, as it is not
 * there).
 */
struct got {
	const struct record **r;
	size_t		      n;
	size_t		      cap;
};

static void   got_cb(void *, const struct record *);
static void   got_reset(struct got *);
static void   merge(struct scrollback *const *, size_t, size_t, struct got *);
static void   add(struct scrollback *, uint64_t, const char *);
static void   add_block(struct scrollback *, uint64_t, size_t, const char *);
static void   assert_text(const struct record *, const char *);
static void   assert_line(const struct record *, uint64_t, const char *);
static void   assert_seqs(const struct got *, uint64_t, uint64_t);
static Suite *scrollback_suite(void);

static void
got_cb(void *arg, const struct record *r)
{
	struct got *g = arg;

	struct record *c;
	char	      *text;

	ck_assert_ptr_nonnull(r);
	ck_assert(r->len == 0 || r->text != NULL);
	if (g->n == g->cap) {
		g->cap = g->cap == 0 ? 64 : g->cap * 2;
		g->r = xreallocarray(g->r, g->cap, sizeof *g->r);
	}
	c = xmalloc(sizeof *c);
	*c = *r;
	text = xmalloc(r->len + 1);
	if (r->len > 0)
		memcpy(text, r->text, r->len);
	text[r->len] = '\0';
	c->text = text;
	c->name = r->name != NULL ? xstrdup(r->name) : NULL;
	c->event = r->event != NULL ? xstrdup(r->event) : NULL;
	g->r[g->n++] = c;
}

static void
got_reset(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free((char *)g->r[i]->text);
		free((char *)g->r[i]->name);
		free((char *)g->r[i]->event);
		free((struct record *)g->r[i]);
	}
	free(g->r);
	memset(g, 0, sizeof *g);
}

/* Merges into g, emptied first. */
static void
merge(struct scrollback *const *sbs, size_t k, size_t n, struct got *g)
{
	got_reset(g);
	scrollback_merge(sbs, k, n, got_cb, g);
}

/* Adds a line of stdout whose text is "NAME SEQ". */
static void
add(struct scrollback *sb, uint64_t seq, const char *name)
{
	struct record r;
	char	      text[64];

	memset(&r, 0, sizeof r);
	r.seq = seq;
	r.time = 1000.0 + seq;
	r.pid = 100;
	r.stream = REC_OUT;
	r.color = 2;
	r.name = name;
	r.event = NULL;
	r.code = -1;
	r.signo = 0;
	snprintf(text, sizeof text, "%s %" PRIu64, name, seq);
	r.text = text;
	r.len = strlen(text);
	scrollback_add(sb, &r);
	/* The scrollback kept a copy, not the caller's buffer. */
	memset(text, 'x', sizeof text);
}

/* r is the line add made for seq and name. */
static void
assert_line(const struct record *r, uint64_t seq, const char *name)
{
	char text[64];

	snprintf(text, sizeof text, "%s %" PRIu64, name, seq);
	ck_assert_uint_eq(r->seq, seq);
	ck_assert_str_eq(r->name, name);
	ck_assert_uint_eq(r->len, strlen(text));
	ck_assert_mem_eq(r->text, text, r->len);
	ck_assert_int_eq(r->text[r->len], '\0');
	ck_assert(r->time == 1000.0 + seq);
	ck_assert_int_eq(r->pid, 100);
	ck_assert_int_eq(r->stream, REC_OUT);
	ck_assert_int_eq(r->color, 2);
	ck_assert_ptr_null(r->event);
	ck_assert_int_eq(r->code, -1);
	ck_assert_int_eq(r->signo, 0);
}

/* g holds exactly the seqs from..to, in order. */
static void
assert_seqs(const struct got *g, uint64_t from, uint64_t to)
{
	size_t i;

	ck_assert_uint_eq(g->n, to - from + 1);
	for (i = 0; i < g->n; i++)
		ck_assert_uint_eq(g->r[i]->seq, from + i);
}

START_TEST(t_free_null)
{
	scrollback_free(NULL);
}
END_TEST

START_TEST(t_max_zero)
{
	struct scrollback *sb;
	struct got	   g = { 0 };
	uint64_t	   i;

	sb = scrollback_create(0);
	ck_assert_ptr_nonnull(sb);
	ck_assert_uint_eq(scrollback_count(sb), 0);
	for (i = 1; i <= 5; i++)
		add(sb, i, "web.1");
	ck_assert_uint_eq(scrollback_count(sb), 0);
	merge(&sb, 1, 100, &g);
	ck_assert_uint_eq(g.n, 0);
	got_reset(&g);
	scrollback_free(sb);
}
END_TEST

START_TEST(t_fewer_than_max)
{
	struct scrollback *sb;
	struct got	   g = { 0 };

	sb = scrollback_create(5);
	merge(&sb, 1, 10, &g);
	ck_assert_uint_eq(g.n, 0);
	add(sb, 1, "web.1");
	add(sb, 2, "web.1");
	add(sb, 3, "web.1");
	ck_assert_uint_eq(scrollback_count(sb), 3);
	merge(&sb, 1, 10, &g);
	ck_assert_uint_eq(g.n, 3);
	assert_line(g.r[0], 1, "web.1");
	assert_line(g.r[1], 2, "web.1");
	assert_line(g.r[2], 3, "web.1");
	merge(&sb, 1, 2, &g);
	ck_assert_uint_eq(g.n, 2);
	assert_line(g.r[0], 2, "web.1");
	assert_line(g.r[1], 3, "web.1");
	merge(&sb, 1, 0, &g);
	ck_assert_uint_eq(g.n, 0);
	got_reset(&g);
	scrollback_free(sb);
}
END_TEST

START_TEST(t_wrap)
{
	struct scrollback *sb;
	struct got	   g = { 0 };
	uint64_t	   i;

	/* Max 3, 10 lines: the ring turned three times and a bit. */
	sb = scrollback_create(3);
	for (i = 1; i <= 10; i++)
		add(sb, i, "web.1");
	ck_assert_uint_eq(scrollback_count(sb), 3);
	merge(&sb, 1, 100, &g);
	ck_assert_uint_eq(g.n, 3);
	assert_line(g.r[0], 8, "web.1");
	assert_line(g.r[1], 9, "web.1");
	assert_line(g.r[2], 10, "web.1");
	merge(&sb, 1, 2, &g);
	assert_seqs(&g, 9, 10);
	scrollback_free(sb);

	/* Max 1: only the last. */
	sb = scrollback_create(1);
	for (i = 1; i <= 4; i++)
		add(sb, i, "one.1");
	ck_assert_uint_eq(scrollback_count(sb), 1);
	merge(&sb, 1, 5, &g);
	ck_assert_uint_eq(g.n, 1);
	assert_line(g.r[0], 4, "one.1");
	got_reset(&g);
	scrollback_free(sb);
}
END_TEST

/* After every line, through growth past the first size and to max. */
START_TEST(t_wrap_each_step)
{
	static const size_t maxes[] = { 2, 7, 8, 9, 10, 16, 17, 20, 33 };
	struct scrollback  *sb;
	struct got	    g = { 0 };
	size_t		    m, j, want;
	uint64_t	    i;

	for (m = 0; m < sizeof maxes / sizeof maxes[0]; m++) {
		sb = scrollback_create(maxes[m]);
		for (i = 1; i <= 5 * maxes[m] + 3; i++) {
			add(sb, i, "worker.2");
			want = i < maxes[m] ? i : maxes[m];
			ck_assert_uint_eq(scrollback_count(sb), want);
			merge(&sb, 1, SIZE_MAX, &g);
			ck_assert_uint_eq(g.n, want);
			for (j = 0; j < want; j++)
				assert_line(g.r[j], i - want + 1 + j,
				    "worker.2");
		}
		scrollback_free(sb);
	}
	got_reset(&g);
}
END_TEST

START_TEST(t_binary)
{
	struct scrollback *sb;
	struct record	   r;
	struct got	   g = { 0 };
	char		   buf[] = "a\0b\0\0c";

	sb = scrollback_create(10);
	memset(&r, 0, sizeof r);
	r.seq = 1;
	r.stream = REC_ERR;
	r.color = -1;
	r.name = "bin.1";
	r.text = buf;
	r.len = sizeof buf - 1;
	scrollback_add(sb, &r);
	memset(buf, 'x', sizeof buf);

	/* Empty lines: without a buffer, and with one. */
	r.seq = 2;
	r.text = NULL;
	r.len = 0;
	scrollback_add(sb, &r);
	r.seq = 3;
	r.text = "";
	scrollback_add(sb, &r);

	merge(&sb, 1, 10, &g);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_uint_eq(g.r[0]->len, 6);
	ck_assert_mem_eq(g.r[0]->text, "a\0b\0\0c", 6);
	ck_assert_int_eq(g.r[0]->text[6], '\0');
	ck_assert_int_eq(g.r[0]->stream, REC_ERR);
	ck_assert_int_eq(g.r[0]->color, -1);
	ck_assert_str_eq(g.r[0]->name, "bin.1");
	ck_assert_ptr_ne(g.r[0]->text, buf);
	ck_assert_uint_eq(g.r[1]->seq, 2);
	ck_assert_uint_eq(g.r[1]->len, 0);
	ck_assert_ptr_nonnull(g.r[1]->text);
	ck_assert_int_eq(g.r[1]->text[0], '\0');
	ck_assert_uint_eq(g.r[2]->seq, 3);
	ck_assert_uint_eq(g.r[2]->len, 0);
	ck_assert_ptr_nonnull(g.r[2]->text);
	ck_assert_int_eq(g.r[2]->text[0], '\0');
	got_reset(&g);
	scrollback_free(sb);
}
END_TEST

START_TEST(t_event)
{
	struct scrollback *sb;
	struct record	   r;
	struct got	   g = { 0 };
	char		   name[16], event[16], text[32];

	sb = scrollback_create(2);
	memset(&r, 0, sizeof r);
	strcpy(name, "web.1");
	strcpy(event, "exit");
	strcpy(text, "exited with code 3");
	r.seq = 7;
	r.time = 1700000000.25;
	r.pid = 4242;
	r.stream = REC_EVENT;
	r.color = 1;
	r.name = name;
	r.event = event;
	r.code = 3;
	r.signo = 15;
	r.text = text;
	r.len = strlen(text);
	scrollback_add(sb, &r);
	/* The caller's strings are its own again. */
	memset(name, 0, sizeof name);
	memset(event, 0, sizeof event);
	memset(text, 0, sizeof text);

	memset(&r, 0, sizeof r);
	r.seq = 9;
	r.stream = REC_EVENT;
	r.color = -1;
	r.name = "system";
	r.event = "stop";
	r.code = -1;
	r.text = "stopping";
	r.len = 8;
	scrollback_add(sb, &r);

	merge(&sb, 1, 10, &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.r[0]->seq, 7);
	ck_assert(g.r[0]->time == 1700000000.25);
	ck_assert_int_eq(g.r[0]->pid, 4242);
	ck_assert_int_eq(g.r[0]->stream, REC_EVENT);
	ck_assert_int_eq(g.r[0]->color, 1);
	ck_assert_str_eq(g.r[0]->name, "web.1");
	ck_assert_str_eq(g.r[0]->event, "exit");
	ck_assert_int_eq(g.r[0]->code, 3);
	ck_assert_int_eq(g.r[0]->signo, 15);
	ck_assert_uint_eq(g.r[0]->len, 18);
	ck_assert_mem_eq(g.r[0]->text, "exited with code 3", 18);
	ck_assert_str_eq(g.r[1]->name, "system");
	ck_assert_str_eq(g.r[1]->event, "stop");
	ck_assert_int_eq(g.r[1]->code, -1);
	ck_assert_int_eq(g.r[1]->signo, 0);
	ck_assert_str_eq(g.r[1]->text, "stopping");

	/* An event replaced by a longer line as the ring turns. */
	add(sb, 10, "a-rather-long-instance-name.12");
	merge(&sb, 1, 10, &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_str_eq(g.r[0]->event, "stop");
	assert_line(g.r[1], 10, "a-rather-long-instance-name.12");
	got_reset(&g);
	scrollback_free(sb);
}
END_TEST

START_TEST(t_merge)
{
	/* Who wrote each seq, from 1. */
	static const char *names[] = { NULL, "a.1", "b.1", "c.1", "a.1", "b.1",
		"c.1", "a.1", "b.1", "c.1", "a.1", "c.1", "c.1" };
	struct scrollback *a, *b, *c, *e, *z, *sbs[5];
	struct got	   g = { 0 };
	size_t		   i;

	a = scrollback_create(10);
	b = scrollback_create(10);
	c = scrollback_create(10);
	add(a, 1, "a.1");
	add(b, 2, "b.1");
	add(c, 3, "c.1");
	add(a, 4, "a.1");
	add(b, 5, "b.1");
	add(c, 6, "c.1");
	add(a, 7, "a.1");
	add(b, 8, "b.1");
	add(c, 9, "c.1");
	add(a, 10, "a.1");
	add(c, 11, "c.1");
	add(c, 12, "c.1");
	sbs[0] = a;
	sbs[1] = b;
	sbs[2] = c;

	merge(sbs, 3, 3, &g);
	assert_seqs(&g, 10, 12);
	for (i = 0; i < g.n; i++)
		assert_line(g.r[i], g.r[i]->seq, names[g.r[i]->seq]);
	merge(sbs, 3, 12, &g);
	assert_seqs(&g, 1, 12);
	for (i = 0; i < g.n; i++)
		assert_line(g.r[i], i + 1, names[i + 1]);
	merge(sbs, 3, 13, &g);
	assert_seqs(&g, 1, 12);
	merge(sbs, 3, 1000000, &g);
	assert_seqs(&g, 1, 12);
	merge(sbs, 3, 5, &g);
	assert_seqs(&g, 8, 12);
	merge(sbs, 3, 1, &g);
	assert_seqs(&g, 12, 12);
	merge(sbs, 3, 0, &g);
	ck_assert_uint_eq(g.n, 0);

	/* One of them, and two in another order. */
	merge(&b, 1, 100, &g);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_uint_eq(g.r[0]->seq, 2);
	ck_assert_uint_eq(g.r[1]->seq, 5);
	ck_assert_uint_eq(g.r[2]->seq, 8);
	sbs[0] = c;
	sbs[1] = a;
	merge(sbs, 2, 4, &g);
	ck_assert_uint_eq(g.n, 4);
	ck_assert_uint_eq(g.r[0]->seq, 9);
	ck_assert_uint_eq(g.r[1]->seq, 10);
	ck_assert_uint_eq(g.r[2]->seq, 11);
	ck_assert_uint_eq(g.r[3]->seq, 12);

	/* Holes are skipped. */
	sbs[0] = NULL;
	sbs[1] = a;
	sbs[2] = NULL;
	sbs[3] = b;
	sbs[4] = NULL;
	merge(sbs, 5, 100, &g);
	ck_assert_uint_eq(g.n, 7);
	ck_assert_uint_eq(g.r[0]->seq, 1);
	ck_assert_uint_eq(g.r[1]->seq, 2);
	ck_assert_uint_eq(g.r[2]->seq, 4);
	ck_assert_uint_eq(g.r[3]->seq, 5);
	ck_assert_uint_eq(g.r[4]->seq, 7);
	ck_assert_uint_eq(g.r[5]->seq, 8);
	ck_assert_uint_eq(g.r[6]->seq, 10);
	/* Empty ones too, between and around the others. */
	e = scrollback_create(10);
	z = scrollback_create(0);
	add(z, 13, "z.1");
	sbs[0] = e;
	sbs[2] = z;
	sbs[4] = e;
	merge(sbs, 5, 100, &g);
	ck_assert_uint_eq(g.n, 7);
	ck_assert_uint_eq(g.r[0]->seq, 1);
	ck_assert_uint_eq(g.r[6]->seq, 10);
	merge(sbs, 5, 2, &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.r[0]->seq, 8);
	ck_assert_uint_eq(g.r[1]->seq, 10);
	sbs[1] = NULL;
	sbs[3] = NULL;
	merge(sbs, 5, 100, &g);
	ck_assert_uint_eq(g.n, 0);
	scrollback_free(e);
	scrollback_free(z);

	/* None at all. */
	merge(NULL, 0, 100, &g);
	ck_assert_uint_eq(g.n, 0);
	merge(sbs, 0, 100, &g);
	ck_assert_uint_eq(g.n, 0);

	/* Merging took nothing away. */
	ck_assert_uint_eq(scrollback_count(a), 4);
	ck_assert_uint_eq(scrollback_count(b), 3);
	ck_assert_uint_eq(scrollback_count(c), 5);
	sbs[0] = a;
	sbs[1] = b;
	sbs[2] = c;
	merge(sbs, 3, 100, &g);
	assert_seqs(&g, 1, 12);

	got_reset(&g);
	scrollback_free(a);
	scrollback_free(b);
	scrollback_free(c);
}
END_TEST

/*
 * Three rings of 4 that turned, fed in an uneven order: what each kept,
 * merged, is compared with the newest n of what they kept, for every n.
 */
START_TEST(t_merge_wrap)
{
	static const int   to[] = { 0, 0, 1, 2, 2, 2, 0, 1, 1, 0, 2, 1, 0, 0, 0,
		  0, 0, 2, 1, 1, 2, 0, 1, 2, 2, 2, 2, 1, 0, 1 };
	static const char *names[] = { "a.1", "b.1", "c.1" };
	struct scrollback *sbs[3];
	struct got	   g = { 0 };
	uint64_t	   want[30];
	size_t		   nwant, n, i, j, seen[3];
	const size_t	   nto = sizeof to / sizeof to[0];

	for (i = 0; i < 3; i++)
		sbs[i] = scrollback_create(4);
	for (i = 0; i < nto; i++)
		add(sbs[to[i]], i + 1, names[to[i]]);

	/* Walking back: a seq was kept when its ring had less than 4 after. */
	nwant = 0;
	memset(seen, 0, sizeof seen);
	for (i = nto; i-- > 0;) {
		if (seen[to[i]]++ < 4)
			want[nwant++] = i + 1;
	}
	ck_assert_uint_eq(nwant, 12);
	for (n = 0; n <= 15; n++) {
		merge(sbs, 3, n, &g);
		ck_assert_uint_eq(g.n, n < nwant ? n : nwant);
		/* want is newest first. */
		for (j = 0; j < g.n; j++) {
			ck_assert_uint_eq(g.r[j]->seq, want[g.n - 1 - j]);
			assert_line(g.r[j], g.r[j]->seq,
			    names[to[g.r[j]->seq - 1]]);
		}
	}
	got_reset(&g);
	for (i = 0; i < 3; i++)
		scrollback_free(sbs[i]);
}
END_TEST

/*
 * Pages (scrollback_after): the records above a seq, oldest first, at most
 * max, across wrapped rings and NULL entries; paging from 0 in steps of
 * any size gives exactly what a merge of everything gives.
 */
START_TEST(t_after)
{
	static const int   to[] = { 0, 1, 1, 2, 0, 0, 2, 1, 0, 2, 2, 1, 0, 1, 2,
		  0, 0, 1, 2, 2 };
	static const char *names[] = { "a.1", "b.1", "c.1" };
	struct scrollback *sbs[4];
	struct got	   all = { 0 }, g = { 0 };
	uint64_t	   after;
	size_t		   i, j, step, n, total;
	const size_t	   nto = sizeof to / sizeof to[0];

	for (i = 0; i < 3; i++)
		sbs[i] = scrollback_create(5);
	sbs[3] = NULL;
	for (i = 0; i < nto; i++)
		add(sbs[to[i]], i + 1, names[to[i]]);
	merge(sbs, 4, 1000, &all);
	ck_assert_uint_eq(all.n, 15);

	for (step = 1; step <= 16; step++) {
		after = 0;
		total = 0;
		got_reset(&g);
		while ((n = scrollback_after(sbs, 4, after, step, got_cb, &g)) >
		    0) {
			ck_assert_uint_le(n, step);
			total += n;
			after = g.r[g.n - 1]->seq;
		}
		ck_assert_uint_eq(total, all.n);
		for (j = 0; j < all.n; j++) {
			ck_assert_uint_eq(g.r[j]->seq, all.r[j]->seq);
			assert_line(g.r[j], g.r[j]->seq,
			    names[to[g.r[j]->seq - 1]]);
		}
	}
	/* Above the newest: nothing; from the middle: the rest. */
	got_reset(&g);
	ck_assert_uint_eq(scrollback_after(sbs, 4, nto, 10, got_cb, &g), 0);
	ck_assert_uint_eq(scrollback_after(sbs, 4, all.r[9]->seq, 100, got_cb,
			      &g),
	    5);
	for (j = 0; j < 5; j++)
		ck_assert_uint_eq(g.r[j]->seq, all.r[10 + j]->seq);
	ck_assert_uint_eq(scrollback_after(sbs, 0, 0, 10, got_cb, &g), 0);
	got_reset(&g);
	got_reset(&all);
	for (i = 0; i < 3; i++)
		scrollback_free(sbs[i]);
}
END_TEST

/* r is a line "NAME SEQ" of name's, a line of its read's block. */
static void
assert_text(const struct record *r, const char *name)
{
	char text[64];

	snprintf(text, sizeof text, "%s %" PRIu64, name, r->seq);
	ck_assert_str_eq(r->name, name);
	ck_assert_uint_eq(r->len, strlen(text));
	ck_assert_mem_eq(r->text, text, r->len);
	ck_assert_int_eq(r->pid, 100);
	ck_assert_int_eq(r->stream, REC_OUT);
	ck_assert_ptr_null(r->event);
}

/* Adds n lines "NAME SEQ" of one read, numbered from seq. */
static void
add_block(struct scrollback *sb, uint64_t seq, size_t n, const char *name)
{
	struct record r;
	char	      buf[1024];
	size_t	      i, len = 0;

	for (i = 0; i < n; i++)
		len += snprintf(buf + len, sizeof buf - len, "%s %" PRIu64 "\n",
		    name, seq + i);
	memset(&r, 0, sizeof r);
	r.seq = seq;
	r.time = 1000.0 + seq;
	r.pid = 100;
	r.stream = REC_OUT;
	r.color = 2;
	r.name = name;
	r.code = -1;
	r.text = buf;
	r.len = len;
	scrollback_add_lines(sb, &r, n);
	memset(buf, 'x', sizeof buf);
}

/*
 * The lines of a read are kept as one block: a read longer than max
 * keeps its last lines, an old block gives up its first lines one by one,
 * and blocks of several scrollbacks merge by the lines' numbers.
 */
START_TEST(t_blocks)
{
	struct scrollback *sbs[2];
	struct got	   g = { 0 };
	size_t		   i;

	sbs[0] = scrollback_create(4);
	sbs[1] = scrollback_create(10);
	/* 6 lines into a ring of 4: 3..6 kept. */
	add_block(sbs[0], 1, 6, "a.1");
	ck_assert_uint_eq(scrollback_count(sbs[0]), 4);
	merge(sbs, 1, 10, &g);
	assert_seqs(&g, 3, 6);
	for (i = 0; i < g.n; i++) {
		assert_text(g.r[i], "a.1");
		ck_assert(g.r[i]->time == 1000.0 + 1);
	}
	/* b's block takes 7..9; a's next block trims a's first. */
	add_block(sbs[1], 7, 3, "b.1");
	add_block(sbs[0], 10, 2, "a.1");
	add(sbs[0], 12, "a.1");
	ck_assert_uint_eq(scrollback_count(sbs[0]), 4);
	merge(sbs, 2, 100, &g);
	ck_assert_uint_eq(g.n, 7);
	{
		static const uint64_t want[] = { 6, 7, 8, 9, 10, 11, 12 };

		for (i = 0; i < g.n; i++) {
			ck_assert_uint_eq(g.r[i]->seq, want[i]);
			assert_text(g.r[i],
			    want[i] >= 7 && want[i] <= 9 ? "b.1" : "a.1");
		}
	}
	/* The last 5, then a page after 8 of at most 2. */
	merge(sbs, 2, 5, &g);
	assert_seqs(&g, 8, 12);
	got_reset(&g);
	ck_assert_uint_eq(scrollback_after(sbs, 2, 8, 2, got_cb, &g), 2);
	assert_seqs(&g, 9, 10);
	got_reset(&g);
	/* An empty line in a block, and a block of one. */
	add_block(sbs[1], 13, 1, "b.1");
	merge(&sbs[1], 1, 1, &g);
	assert_seqs(&g, 13, 13);
	got_reset(&g);
	scrollback_free(sbs[0]);
	scrollback_free(sbs[1]);
}
END_TEST

/* Many instances: a thousand rings of 50, fed 60 lines each at random. */
START_TEST(t_merge_many)
{
	enum { K = 1000, MAX = 50, EACH = 60 };
	struct scrollback **sbs;
	struct got	    g = { 0 };
	uint32_t	    x = 12345;
	uint16_t	   *owner;
	size_t		    fed[K], left[K], nkept, i, j, total;
	uint64_t	    seq, *kept;
	char		    name[16];

	sbs = xcalloc(K, sizeof *sbs);
	for (i = 0; i < K; i++)
		sbs[i] = scrollback_create(MAX);
	total = (size_t)K * EACH;
	owner = xcalloc(total + 1, sizeof *owner);
	memset(fed, 0, sizeof fed);
	for (seq = 1; seq <= total; seq++) {
		/* A ring that still has lines to take, at random. */
		do {
			x = x * 1103515245 + 12345;
			i = (x >> 8) % K;
		} while (fed[i] == EACH);
		fed[i]++;
		owner[seq] = i;
		snprintf(name, sizeof name, "p.%zu", i);
		add(sbs[i], seq, name);
	}
	for (i = 0; i < K; i++)
		ck_assert_uint_eq(scrollback_count(sbs[i]), MAX);

	/* What was kept, oldest first: the last MAX of each ring. */
	kept = xcalloc(total, sizeof *kept);
	for (i = 0; i < K; i++)
		left[i] = MAX;
	nkept = 0;
	for (seq = total; seq >= 1; seq--) {
		if (left[owner[seq]] > 0) {
			left[owner[seq]]--;
			kept[nkept++] = seq;
		}
	}
	ck_assert_uint_eq(nkept, (size_t)K * MAX);

	merge(sbs, K, 100, &g);
	ck_assert_uint_eq(g.n, 100);
	for (j = 0; j < 100; j++) {
		ck_assert_uint_eq(g.r[j]->seq, kept[99 - j]);
		snprintf(name, sizeof name, "p.%u",
		    (unsigned)owner[kept[99 - j]]);
		assert_line(g.r[j], kept[99 - j], name);
	}
	merge(sbs, K, 1000000, &g);
	ck_assert_uint_eq(g.n, nkept);
	for (j = 0; j < g.n; j++)
		ck_assert_uint_eq(g.r[j]->seq, kept[nkept - 1 - j]);

	got_reset(&g);
	free(kept);
	free(owner);
	for (i = 0; i < K; i++)
		scrollback_free(sbs[i]);
	free(sbs);
}
END_TEST

/*
 * A ring that may hold far more than memory: nothing of that size may be
 * allocated up front, or the allocator aborts the test.
 */
START_TEST(t_huge_max)
{
	static const size_t maxes[] = { SIZE_MAX, (size_t)1 << 40, 1000000 };
	struct scrollback  *sb;
	struct got	    g = { 0 };
	size_t		    m;
	uint64_t	    i;

	for (m = 0; m < sizeof maxes / sizeof maxes[0]; m++) {
		sb = scrollback_create(maxes[m]);
		ck_assert_uint_eq(scrollback_count(sb), 0);
		for (i = 1; i <= 20; i++)
			add(sb, i, "big.1");
		ck_assert_uint_eq(scrollback_count(sb), 20);
		merge(&sb, 1, SIZE_MAX, &g);
		ck_assert_uint_eq(g.n, 20);
		for (i = 0; i < 20; i++)
			assert_line(g.r[i], i + 1, "big.1");
		scrollback_free(sb);
	}
	got_reset(&g);
}
END_TEST

static Suite *
scrollback_suite(void)
{
	Suite *s = suite_create("scrollback");
	TCase *tc = tcase_create("scrollback");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_free_null);
	tcase_add_test(tc, t_max_zero);
	tcase_add_test(tc, t_fewer_than_max);
	tcase_add_test(tc, t_wrap);
	tcase_add_test(tc, t_wrap_each_step);
	tcase_add_test(tc, t_binary);
	tcase_add_test(tc, t_event);
	tcase_add_test(tc, t_merge);
	tcase_add_test(tc, t_merge_wrap);
	tcase_add_test(tc, t_after);
	tcase_add_test(tc, t_blocks);
	tcase_add_test(tc, t_merge_many);
	tcase_add_test(tc, t_huge_max);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(scrollback_suite()));
}
