/*
 * check_sink.c: unit tests of the non-blocking writer (muster(1) OUTPUT):
 * through a pipe, a file, a socket and /dev/full; its water marks, its
 * errors, its flush timeout and the lossy policy of a follower.
 */

#include <sys/socket.h>

#include <fcntl.h>
#include <signal.h>

#include "unit.h"

#define HIGH (64 * 1024)
#define LOW  (16 * 1024)

/* What the owner of a sink was told. */
struct rec {
	struct sink *s;
	int	     pressure[8]; /* the values passed, in order */
	size_t	     pending[8];  /* sink_pending at each */
	int	     np;
	int	     closed;
	int	     err;
	int	     notice;  /* write "N lines skipped" on resume */
	size_t	     skipped; /* N, when it did */
};

static struct ev_loop *loop;

static void	    setup(void);
static void	    teardown(void);
static struct sink *sink_on(int, enum sink_policy, struct rec *);
static int	    put(struct sink *, const char *, ...) PRINTFLIKE(2, 3);
static void	    pressure_cb(void *, int);
static void	    closed_cb(void *, int);
static size_t	    drain(int, char *, size_t);
static void	    pipe_nb(int *);
static Suite	   *sink_suite(void);

static void
setup(void)
{
	loop = ev_loop_new(EVFLAG_AUTO);
	ck_assert_ptr_nonnull(loop);
}

static void
teardown(void)
{
	ev_loop_destroy(loop);
	loop = NULL;
}

static struct sink *
sink_on(int fd, enum sink_policy policy, struct rec *r)
{
	memset(r, 0, sizeof *r);
	r->s = sink_create(loop, fd, policy, HIGH, LOW);
	sink_set_callbacks(r->s, pressure_cb, closed_cb, r);
	return (r->s);
}

/* One line, as the relay appends one; 0 when the sink did not take it. */
static int
put(struct sink *s, const char *fmt, ...)
{
	struct bytes *b;
	va_list	      ap;
	char	     *line;

	if ((b = sink_start(s, 1)) == NULL)
		return (0);
	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	bytes_adds(b, line);
	free(line);
	sink_commit(s);
	return (1);
}

static void
pressure_cb(void *arg, int full)
{
	struct rec *r = arg;

	ck_assert_int_lt(r->np, 8);
	r->pressure[r->np] = full;
	r->pending[r->np] = sink_pending(r->s);
	r->np++;
	/* A follower's owner says what its reader missed, then goes on. */
	if (!full && r->notice) {
		r->skipped = sink_skipped(r->s);
		put(r->s, "%zu lines skipped\n", r->skipped);
	}
}

static void
closed_cb(void *arg, int err)
{
	struct rec *r = arg;

	r->closed++;
	r->err = err;
}

/* Reads what fd holds now, at most size bytes; fd is non-blocking. */
static size_t
drain(int fd, char *buf, size_t size)
{
	size_t	n = 0;
	ssize_t k;

	while (n < size && (k = read(fd, buf + n, size - n)) > 0)
		n += k;
	return (n);
}

/* A pipe whose read end does not block. */
static void
pipe_nb(int *p)
{
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	ck_assert_int_eq(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
}

START_TEST(t_pipe_writes)
{
	struct rec   r;
	struct sink *s;
	char	     buf[64];
	int	     p[2];

	pipe_nb(p);
	s = sink_on(p[1], SINK_LOSSLESS, &r);
	ck_assert(put(s, "one\n"));
	ck_assert(put(s, "two\n"));
	/* Nothing goes out until the loop is about to wait: then all. */
	ck_assert_uint_eq(sink_pending(s), 8);
	ck_assert_uint_eq(drain(p[0], buf, sizeof buf), 0);
	ev_run(loop, EVRUN_NOWAIT);
	ck_assert_uint_eq(sink_pending(s), 0);
	ck_assert_uint_eq(drain(p[0], buf, sizeof buf), 8);
	ck_assert(memcmp(buf, "one\ntwo\n", 8) == 0);
	ck_assert_int_eq(r.np, 0);
	ck_assert_int_eq(r.closed, 0);
	ck_assert_int_eq(sink_error(s), 0);
	ck_assert_int_eq(sink_full(s), 0);
	/* The descriptor stays the caller's. */
	sink_free(s);
	ck_assert_int_eq(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	ck_assert_int_eq(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	close(p[0]);
	close(p[1]);
	sink_free(NULL);
}
END_TEST

START_TEST(t_file_writes)
{
	struct rec   r;
	struct sink *s;
	char	    *path, *got;
	size_t	     len;
	int	     fd, i, n;

	tmp_setup();
	path = tmp_file("out", "", 0);
	ck_assert_int_ne(fd = open(path, O_WRONLY | O_APPEND), -1);
	s = sink_on(fd, SINK_LOSSLESS, &r);
	/* Check writes a record per assertion: none in the loops. */
	for (i = n = 0; i < 10000; i++)
		n += put(s, "line %d\n", i);
	ck_assert_int_eq(n, 10000);
	sink_flush(s, 5);
	ck_assert_uint_eq(sink_pending(s), 0);
	sink_free(s);
	close(fd);
	ck_assert_int_eq(file_read(path, 0, &got, &len, NULL), 0);
	ck_assert_str_eq(got + len - 10, "line 9999\n");
	ck_assert(strncmp(got, "line 0\nline 1\n", 14) == 0);
	free(got);
	free(path);
	tmp_teardown();
}
END_TEST

START_TEST(t_water_marks)
{
	struct rec   r;
	struct sink *s;
	char	     line[1024], *buf;
	size_t	     got = 0, total = 4 * 1024 * 1024;
	int	     p[2], i, n;

	total -= total % (sizeof line - 1);
	pipe_nb(p);
	s = sink_on(p[1], SINK_LOSSLESS, &r);
	memset(line, 'x', sizeof line - 2);
	line[sizeof line - 2] = '\n';
	line[sizeof line - 1] = '\0';
	/* More than the pipe takes: the rest waits in the sink. */
	for (i = 0; (size_t)i < total / (sizeof line - 1); i++)
		put(s, "%s", line);
	ck_assert_int_eq(r.np, 1);
	ck_assert_int_eq(r.pressure[0], 1);
	ck_assert_uint_gt(r.pending[0], HIGH);
	ck_assert(sink_full(s));
	ev_run(loop, EVRUN_NOWAIT);
	ck_assert(sink_full(s));
	ck_assert_uint_gt(sink_pending(s), HIGH);
	/* Read a little at a time: released only below the low mark. */
	buf = xmalloc(total);
	while (r.np < 2 && got < total && sink_full(s)) {
		got += drain(p[0], buf + got, 8192);
		ev_run(loop, EVRUN_NOWAIT);
	}
	ck_assert_int_eq(r.np, 2);
	ck_assert_int_eq(r.pressure[1], 0);
	ck_assert_uint_lt(r.pending[1], LOW);
	ck_assert(!sink_full(s));
	/* Everything arrives, in order, exactly once. */
	while (got < total) {
		got += drain(p[0], buf + got, total - got);
		ev_run(loop, EVRUN_NOWAIT);
	}
	ck_assert_uint_eq(got, total);
	ck_assert_uint_eq(sink_pending(s), 0);
	for (i = n = 0; (size_t)i < got; i += sizeof line - 1)
		n += memcmp(buf + i, line, sizeof line - 1) != 0;
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(r.np, 2);
	free(buf);
	sink_free(s);
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(t_epipe)
{
	struct rec   r;
	struct sink *s;
	int	     p[2];

	pipe_nb(p);
	s = sink_on(p[1], SINK_LOSSLESS, &r);
	ck_assert(put(s, "lost\n"));
	close(p[0]);
	ev_run(loop, EVRUN_NOWAIT);
	ck_assert_int_eq(r.closed, 1);
	ck_assert_int_eq(r.err, EPIPE);
	ck_assert_int_eq(sink_error(s), EPIPE);
	ck_assert_uint_eq(sink_pending(s), 0);
	/* What comes after is discarded. */
	ck_assert(!put(s, "also lost\n"));
	sink_flush(s, 1);
	ev_run(loop, EVRUN_NOWAIT);
	ck_assert_int_eq(r.closed, 1);
	sink_free(s);
	close(p[1]);
}
END_TEST

START_TEST(t_epipe_quiet)
{
	struct rec   r;
	struct sink *s;
	int	     p[2];

	/* The reader goes while there is nothing to write: known at once. */
	pipe_nb(p);
	s = sink_on(p[1], SINK_LOSSLESS, &r);
	close(p[0]);
	ev_run(loop, EVRUN_NOWAIT);
	ck_assert_int_eq(r.closed, 1);
	ck_assert_int_eq(r.err, EPIPE);
	sink_free(s);
	close(p[1]);
}
END_TEST

START_TEST(t_other_errno)
{
	struct rec   r;
	struct sink *s;
	int	     fd;

	ck_assert_int_ne(fd = open("/dev/full", O_WRONLY | O_CLOEXEC), -1);
	s = sink_on(fd, SINK_LOSSLESS, &r);
	ck_assert(put(s, "no room\n"));
	ev_run(loop, EVRUN_NOWAIT);
	ck_assert_int_eq(r.closed, 1);
	ck_assert_int_eq(r.err, ENOSPC);
	ck_assert_int_eq(sink_error(s), ENOSPC);
	ck_assert(!put(s, "lost\n"));
	sink_free(s);
	close(fd);
}
END_TEST

START_TEST(t_flush_timeout)
{
	struct rec   r;
	struct sink *s;
	ev_tstamp    t;
	char	     line[1024], *buf;
	size_t	     got = 0, total = 2 * 1024 * 1024;
	int	     p[2], i;

	pipe_nb(p);
	s = sink_on(p[1], SINK_LOSSLESS, &r);
	memset(line, 'y', sizeof line - 2);
	line[sizeof line - 2] = '\n';
	line[sizeof line - 1] = '\0';
	for (i = 0; (size_t)i < total / (sizeof line - 1); i++)
		put(s, "%s", line);
	/* Nobody reads: it gives up after the timeout. */
	ev_now_update(loop);
	t = ev_time();
	sink_flush(s, 0.2);
	t = ev_time() - t;
	ck_assert_msg(t >= 0.15 && t < 5, "flush took %.3f s", t);
	ck_assert_uint_gt(sink_pending(s), 0);
	ck_assert_int_eq(r.closed, 0);
	/* With a reader, it writes everything and returns at once. */
	buf = xmalloc(total);
	got = drain(p[0], buf, total);
	ck_assert_uint_gt(got, 0);
	while (sink_pending(s) > 0) {
		sink_flush(s, 0.01);
		got += drain(p[0], buf + got, total - got);
	}
	ck_assert_uint_eq(got, total - total % (sizeof line - 1));
	t = ev_time();
	ck_assert(put(s, "last\n"));
	sink_flush(s, 10);
	ck_assert(ev_time() - t < 5);
	ck_assert_uint_eq(sink_pending(s), 0);
	ck_assert_uint_eq(drain(p[0], buf, total), 5);
	ck_assert(memcmp(buf, "last\n", 5) == 0);
	free(buf);
	sink_free(s);
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(t_lossy)
{
	struct rec    r;
	struct sink  *s;
	char	     *buf, *p, *nl, want[64];
	size_t	      got = 0, size = 16 * 1024 * 1024;
	unsigned long i, kept, dropped = 0;
	int	      sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
	    0);
	ck_assert_int_eq(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
	s = sink_on(sv[0], SINK_LOSSY, &r);
	r.notice = 1;
	/* Nobody reads: the sink fills, then drops whole lines. */
	for (i = 0; i < 1000000 && put(s, "line %06lu\n", i); i++)
		;
	ck_assert_uint_lt(i, 1000000);
	kept = i;
	dropped = 1;
	for (i = 0; i < 100; i++)
		dropped += !put(s, "dropped %lu\n", i);
	ck_assert_uint_eq(dropped, 101);
	ck_assert_int_eq(r.np, 1);
	ck_assert_int_eq(r.pressure[0], 1);
	ck_assert(sink_full(s));
	/* It never grew much past its high water mark. */
	ck_assert_uint_lt(sink_pending(s), 2 * HIGH);
	/* The reader catches up: the sink says how much it missed. */
	buf = xmalloc(size);
	while (r.np < 2 && got < size) {
		got += drain(sv[1], buf + got, 4096);
		ev_run(loop, EVRUN_NOWAIT);
	}
	ck_assert_int_eq(r.np, 2);
	ck_assert_int_eq(r.pressure[1], 0);
	ck_assert_uint_lt(r.pending[1], LOW);
	ck_assert_uint_eq(r.skipped, dropped);
	ck_assert_uint_eq(sink_skipped(s), 0);
	ck_assert(put(s, "after\n"));
	for (i = 0; i < 100 && sink_pending(s) > 0; i++) {
		ev_run(loop, EVRUN_NOWAIT);
		got += drain(sv[1], buf + got, size - got);
	}
	got += drain(sv[1], buf + got, size - got);
	ck_assert_uint_eq(sink_pending(s), 0);
	/* Whole lines, in order: those kept, the notice, the next. */
	for (p = buf, i = 0; i < kept; i++, p = nl + 1) {
		snprintf(want, sizeof want, "line %06lu\n", i);
		if ((nl = memchr(p, '\n', buf + got - p)) == NULL ||
		    (size_t)(nl + 1 - p) != strlen(want) ||
		    memcmp(p, want, strlen(want)) != 0)
			break;
	}
	ck_assert_uint_eq(i, kept);
	ck_assert_ptr_nonnull(nl = memchr(p, '\n', buf + got - p));
	snprintf(want, sizeof want, "%lu lines skipped\n", dropped);
	ck_assert_uint_eq(nl + 1 - p, strlen(want));
	ck_assert(memcmp(p, want, strlen(want)) == 0);
	p = nl + 1;
	ck_assert_uint_eq(buf + got - p, 6);
	ck_assert(memcmp(p, "after\n", 6) == 0);
	ck_assert_int_eq(r.closed, 0);
	free(buf);
	sink_free(s);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(t_lossy_closed)
{
	struct rec   r;
	struct sink *s;
	int	     sv[2];

	/* A follower that goes away: EPIPE, as for stdout, no SIGPIPE. */
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
	    0);
	s = sink_on(sv[0], SINK_LOSSY, &r);
	close(sv[1]);
	ck_assert(put(s, "lost\n"));
	ev_run(loop, EVRUN_NOWAIT);
	ck_assert_int_eq(r.closed, 1);
	ck_assert_int_eq(r.err, EPIPE);
	ck_assert(!put(s, "lost\n"));
	ck_assert_uint_eq(sink_skipped(s), 0);
	sink_free(s);
	close(sv[0]);
}
END_TEST

static Suite *
sink_suite(void)
{
	Suite *s = suite_create("sink");
	TCase *tc = tcase_create("sink");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, t_pipe_writes);
	tcase_add_test(tc, t_file_writes);
	tcase_add_test(tc, t_water_marks);
	tcase_add_test(tc, t_epipe);
	tcase_add_test(tc, t_epipe_quiet);
	tcase_add_test(tc, t_other_errno);
	tcase_add_test(tc, t_flush_timeout);
	tcase_add_test(tc, t_lossy);
	tcase_add_test(tc, t_lossy_closed);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	/* As muster does: a reader gone is EPIPE, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	return (unit_run(sink_suite()));
}
