/*
 * check_ctlproto.c: unit tests of the control protocol's codec: every
 * request verb and every refusal with its exact message, record and
 * status lines written exactly, read back, and refused when malformed,
 * the durations and sizes of `muster status`, and the frames of connect:
 * written exactly, read back, awaited when cut and refused beyond each
 * type's bound or from the wrong side.
 */

#include <limits.h>
#include <math.h>
#include <signal.h>

#include "unit.h"

/* 2026-11-18 11:06:40 UTC, and a quarter of a second, exact in binary. */
#define T0Q 1795000000.25

static void	   parse_ok(struct ctl_request *, const char *, size_t);
static const char *parse_err(const char *, size_t);
static char	  *words(const char *, size_t, const char *);
static char	  *rec_line(const struct record *, size_t *);
static char	  *st_line(const struct ctl_status *);
static int	   rec_decode_str(const char *);
static int	   st_decode_str(const char *);
static char	  *dur(double);
static char	  *size(int64_t);
static Suite	  *ctlproto_suite(void);

/* The frames of connect. */
static char *frame(int, const void *, size_t, size_t *);
static int   dec_exact(const char *, size_t, int, struct ctl_frame *, char **);
static int   dec_cut(const char *, size_t, size_t, int, struct ctl_frame *);
static char *raw_frame(int, size_t, size_t *);
static int   side_may_send(int, int);
static char *bytes_refuse(struct bytes *, size_t);

static char	  errbuf[256];
static const char alnum[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static char fmtbuf[64];

/* Parses a request that must be valid. */
static void
parse_ok(struct ctl_request *req, const char *buf, size_t len)
{
	errbuf[0] = 'x';
	ck_assert_msg(ctl_request_parse(req, buf, len, errbuf, sizeof errbuf) ==
		0,
	    "'%.*s' refused: %s", len > 64 ? 64 : (int)len, buf, errbuf);
	ck_assert_ptr_nonnull(req->buf);
}

/* Parses a request that must be refused; its message. */
static const char *
parse_err(const char *buf, size_t len)
{
	struct ctl_request req, zero;
	size_t		   i;

	memset(&req, 0xa5, sizeof req);
	memset(&zero, 0, sizeof zero);
	errbuf[0] = '\0';
	ck_assert_int_eq(ctl_request_parse(&req, buf, len, errbuf,
			     sizeof errbuf),
	    -1);
	ck_assert_msg(memcmp(&req, &zero, sizeof req) == 0,
	    "request not zeroed");
	ck_assert_msg(errbuf[0] != '\0', "no message");
	for (i = 0; errbuf[i] != '\0'; i++)
		ck_assert_msg(errbuf[i] >= 0x20 && errbuf[i] < 0x7f,
		    "message byte %d", errbuf[i]);
	ck_assert_msg(errbuf[i - 1] != '\n', "message ends in a newline");
	return (errbuf);
}

#define ck_ok(req, s)  parse_ok((req), (s), strlen(s))
#define ck_err(s, msg) ck_assert_str_eq(parse_err((s), strlen(s)), (msg))

/* n copies of word, separated by sep, after head; the caller frees. */
static char *
words(const char *head, size_t n, const char *word)
{
	struct bytes b;
	char	    *s;
	size_t	     i;

	bytes_init(&b);
	bytes_adds(&b, head);
	for (i = 0; i < n; i++) {
		bytes_addc(&b, ' ');
		bytes_adds(&b, word);
	}
	s = xstrndup(b.data, b.len);
	bytes_free(&b);
	return (s);
}

/* A record's line, with its length (NUL bytes may be in it). */
static char *
rec_line(const struct record *r, size_t *len)
{
	struct bytes b;
	char	    *s;

	bytes_init(&b);
	ctl_record_encode(&b, r);
	s = xmalloc(b.len + 1);
	memcpy(s, b.data, b.len);
	s[b.len] = '\0';
	*len = b.len;
	bytes_free(&b);
	return (s);
}

static char *
st_line(const struct ctl_status *st)
{
	struct bytes b;
	char	    *s;

	bytes_init(&b);
	ctl_status_encode(&b, st);
	s = xstrndup(b.data, b.len);
	bytes_free(&b);
	return (s);
}

/* Decodes a copy of a record line given as a string. */
static int
rec_decode_str(const char *s)
{
	struct record r;
	char	     *copy = xstrdup(s);
	int	      rc;

	rc = ctl_record_decode(copy, strlen(copy), &r);
	free(copy);
	return (rc);
}

static int
st_decode_str(const char *s)
{
	struct ctl_status st;
	char		 *copy = xstrdup(s);
	int		  rc;

	rc = ctl_status_decode(copy, strlen(copy), &st);
	free(copy);
	return (rc);
}

static char *
dur(double secs)
{
	ctl_duration(fmtbuf, sizeof fmtbuf, secs);
	return (fmtbuf);
}

static char *
size(int64_t kib)
{
	ctl_size(fmtbuf, sizeof fmtbuf, kib);
	return (fmtbuf);
}

/* A pointer into [lo, hi). */
#define ck_assert_within(p, lo, hi) \
	ck_assert_msg((const char *)(p) >= (lo) && (const char *)(p) < (hi), \
	    "%s outside its buffer", #p)

#define ck_line(got, want) \
	do { \
		char *g_ = (got); \
		ck_assert_str_eq(g_, (want)); \
		free(g_); \
	} while (0)

START_TEST(t_status_stop_wait)
{
	struct ctl_request req;

	ck_ok(&req, "status");
	ck_assert_int_eq(req.verb, CTL_STATUS);
	ck_assert_uint_eq(req.n, 0);
	ctl_request_free(&req);

	ck_ok(&req, "status web worker.2");
	ck_assert_int_eq(req.verb, CTL_STATUS);
	ck_assert_uint_eq(req.n, 2);
	ck_assert_str_eq(req.names[0], "web");
	ck_assert_str_eq(req.names[1], "worker.2");
	ctl_request_free(&req);

	ck_ok(&req, "stop");
	ck_assert_int_eq(req.verb, CTL_STOP);
	ck_assert_uint_eq(req.n, 0);
	ctl_request_free(&req);

	ck_ok(&req, "stop web.1");
	ck_assert_int_eq(req.verb, CTL_STOP);
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "web.1");
	ctl_request_free(&req);

	ck_ok(&req, "wait");
	ck_assert_int_eq(req.verb, CTL_WAIT);
	ck_assert_uint_eq(req.n, 0);
	ctl_request_free(&req);

	ck_ok(&req, "wait db migrate_1 a-b.123456789");
	ck_assert_int_eq(req.verb, CTL_WAIT);
	ck_assert_uint_eq(req.n, 3);
	ck_assert_str_eq(req.names[0], "db");
	ck_assert_str_eq(req.names[1], "migrate_1");
	ck_assert_str_eq(req.names[2], "a-b.123456789");
	ctl_request_free(&req);
}
END_TEST

START_TEST(t_restart)
{
	struct ctl_request req;

	ck_ok(&req, "restart web");
	ck_assert_int_eq(req.verb, CTL_RESTART);
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "web");
	ctl_request_free(&req);

	/* The server drops repeated names. */
	ck_ok(&req, "restart web web.1 web");
	ck_assert_uint_eq(req.n, 3);
	ck_assert_str_eq(req.names[2], "web");
	ctl_request_free(&req);

	ck_err("restart", "restart needs a process name");
	ck_err("restart  \t ", "restart needs a process name");
}
END_TEST

START_TEST(t_kill)
{
	struct ctl_request req;

	ck_ok(&req, "kill TERM web");
	ck_assert_int_eq(req.verb, CTL_KILL);
	ck_assert_int_eq(req.signo, SIGTERM);
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "web");
	ctl_request_free(&req);

	ck_ok(&req, "kill SIGHUP web.1 worker");
	ck_assert_int_eq(req.signo, SIGHUP);
	ck_assert_uint_eq(req.n, 2);
	ck_assert_str_eq(req.names[1], "worker");
	ctl_request_free(&req);

	ck_ok(&req, "kill sigusr1 web");
	ck_assert_int_eq(req.signo, SIGUSR1);
	ctl_request_free(&req);

	ck_ok(&req, "kill 9 web");
	ck_assert_int_eq(req.signo, 9);
	ctl_request_free(&req);

	ck_ok(&req, "kill 1 web");
	ck_assert_int_eq(req.signo, 1);
	ctl_request_free(&req);

	ck_ok(&req, "kill 64 web");
	ck_assert_int_eq(req.signo, 64);
	ctl_request_free(&req);

	ck_ok(&req, "kill 0015 web");
	ck_assert_int_eq(req.signo, 15);
	ctl_request_free(&req);

	ck_err("kill", "kill needs a signal and a process name");
	ck_err("kill TERM", "kill needs a signal and a process name");
	ck_err("kill web", "kill needs a signal and a process name");
	ck_err("kill BOGUS web", "invalid signal 'BOGUS'");
	ck_err("kill 0 web", "invalid signal '0'");
	ck_err("kill 65 web", "invalid signal '65'");
	ck_err("kill -9 web", "invalid signal '-9'");
	ck_err("kill +9 web", "invalid signal '+9'");
	ck_err("kill SIG9 web", "invalid signal 'SIG9'");
	ck_err("kill SIG web", "invalid signal 'SIG'");
	ck_err("kill 99999999999999999999 web",
	    "invalid signal '99999999999999999999'");
	ck_err("kill TERM web/1", "invalid process name 'web/1'");
}
END_TEST

START_TEST(t_scale)
{
	struct ctl_request req;
	char		  *s;
	size_t		   i;

	ck_ok(&req, "scale web=3 worker=0");
	ck_assert_int_eq(req.verb, CTL_SCALE);
	ck_assert_uint_eq(req.n, 2);
	ck_assert_str_eq(req.names[0], "web");
	ck_assert_uint_eq(req.counts[0], 3);
	ck_assert_str_eq(req.names[1], "worker");
	ck_assert_uint_eq(req.counts[1], 0);
	ctl_request_free(&req);

	ck_ok(&req, "scale web=3,worker=0");
	ck_assert_uint_eq(req.n, 2);
	ck_assert_str_eq(req.names[0], "web");
	ck_assert_uint_eq(req.counts[0], 3);
	ck_assert_str_eq(req.names[1], "worker");
	ck_assert_uint_eq(req.counts[1], 0);
	ctl_request_free(&req);

	ck_ok(&req, "scale\ta=1,b=2\t c=10000  d-_9=0007 ");
	ck_assert_uint_eq(req.n, 4);
	ck_assert_str_eq(req.names[0], "a");
	ck_assert_str_eq(req.names[1], "b");
	ck_assert_str_eq(req.names[2], "c");
	ck_assert_uint_eq(req.counts[2], 10000);
	ck_assert_str_eq(req.names[3], "d-_9");
	ck_assert_uint_eq(req.counts[3], 7);
	ctl_request_free(&req);

	ck_err("scale", "scale needs TYPE=N");
	ck_err("scale web", "invalid scale item 'web'");
	ck_err("scale web=", "invalid scale item 'web='");
	ck_err("scale =3", "invalid scale item '=3'");
	ck_err("scale web=+3", "invalid scale item 'web=+3'");
	ck_err("scale web=-1", "invalid scale item 'web=-1'");
	ck_err("scale web=3x", "invalid scale item 'web=3x'");
	ck_err("scale web=1=2", "invalid scale item 'web=1=2'");
	ck_err("scale web=10001", "invalid scale item 'web=10001'");
	ck_err("scale web=99999999999999999999",
	    "invalid scale item 'web=99999999999999999999'");
	ck_err("scale web.1=3", "invalid scale item 'web.1=3'");
	ck_err("scale web=3,", "invalid scale item ''");
	ck_err("scale ,web=3", "invalid scale item ''");
	ck_err("scale web=3,,worker=1", "invalid scale item ''");
	ck_err("scale web=1 x=2,y=z", "invalid scale item 'y=z'");
	ck_err("scale web=1,web=2", "type 'web' given twice");
	ck_err("scale web=1 worker=2 web=0", "type 'web' given twice");

	/* A type of 255 bytes, and one too long, cut when quoted. */
	s = xmalloc(300);
	memcpy(s, "scale ", 6);
	memset(s + 6, 'w', 255);
	strcpy(s + 6 + 255, "=1");
	ck_ok(&req, s);
	ck_assert_uint_eq(strlen(req.names[0]), 255);
	ctl_request_free(&req);
	memset(s + 6, 'w', 256);
	strcpy(s + 6 + 256, "=1");
	ck_err(s, "invalid scale item 'wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww'");
	free(s);

	/*
	 * As many distinct types as a request holds: fewer than
	 * CTL_NAMES_MAX, so "too many names" cannot be reached by scale.
	 */
	s = xmalloc(CTL_REQUEST_MAX + 16);
	strcpy(s, "scale ");
	for (i = 0; strlen(s) + 6 < CTL_REQUEST_MAX; i++)
		sprintf(s + strlen(s), "%s%c%c=1", i == 0 ? "" : ",",
		    alnum[i / 62], alnum[i % 62]);
	ck_ok(&req, s);
	ck_assert_uint_eq(req.n, i);
	ck_assert_uint_lt(req.n, CTL_NAMES_MAX);
	ck_assert_str_eq(req.names[0], "AA");
	ck_assert_uint_eq(req.counts[i - 1], 1);
	ctl_request_free(&req);
	strcat(s, ",AB=22");
	ck_err(s, "request longer than 4096 bytes");
	s[strlen(s) - 6] = '\0';
	*strrchr(s, ',') = '\0';
	*strrchr(s, ',') = '\0';
	strcat(s, ",AA=2");
	ck_err(s, "type 'AA' given twice");
	free(s);
}
END_TEST

START_TEST(t_logs_follow)
{
	struct ctl_request req;

	ck_ok(&req, "logs 100");
	ck_assert_int_eq(req.verb, CTL_LOGS);
	ck_assert_uint_eq(req.lines, 100);
	ck_assert_uint_eq(req.n, 0);
	ctl_request_free(&req);

	ck_ok(&req, "logs 0 web web.2");
	ck_assert_uint_eq(req.lines, 0);
	ck_assert_uint_eq(req.n, 2);
	ck_assert_str_eq(req.names[0], "web");
	ck_assert_str_eq(req.names[1], "web.2");
	ctl_request_free(&req);

	ck_ok(&req, "follow 1000000 worker");
	ck_assert_int_eq(req.verb, CTL_FOLLOW);
	ck_assert_uint_eq(req.lines, CTL_LINES_MAX);
	ck_assert_uint_eq(req.n, 1);
	ctl_request_free(&req);

	ck_ok(&req, "follow 000000000000000000000000042");
	ck_assert_uint_eq(req.lines, 42);
	ctl_request_free(&req);

	ck_err("logs", "logs needs a line count");
	ck_err("follow ", "follow needs a line count");
	ck_err("logs web", "invalid line count 'web'");
	ck_err("logs 1000001", "invalid line count '1000001'");
	ck_err("logs 99999999999999999999",
	    "invalid line count '99999999999999999999'");
	ck_err("logs 18446744073709551616",
	    "invalid line count '18446744073709551616'");
	ck_err("follow -1", "invalid line count '-1'");
	ck_err("follow +1", "invalid line count '+1'");
	ck_err("logs 1.5", "invalid line count '1.5'");
	ck_err("logs 10 web.0", "invalid process name 'web.0'");
}
END_TEST

START_TEST(t_unknown_verb)
{
	ck_err("frob", "unknown verb 'frob'");
	ck_err("frob web", "unknown verb 'frob'");
	ck_err("STATUS", "unknown verb 'STATUS'");
	ck_err("Status", "unknown verb 'Status'");
	ck_err("Connect web.1", "unknown verb 'Connect'");
	ck_err("statusx", "unknown verb 'statusx'");
	ck_err("'\"%s%n", "unknown verb ''\"%s%n'");
	/* Cut to 32 bytes. */
	ck_err("abcdefghijklmnopqrstuvwxyz0123456789",
	    "unknown verb 'abcdefghijklmnopqrstuvwxyz012345'");
}
END_TEST

START_TEST(t_names)
{
	struct ctl_request req;
	char		  *s;

	ck_ok(&req, "status A-Z_a-z0-9 x.1 x.123456789 -.9 _");
	ck_assert_uint_eq(req.n, 5);
	ctl_request_free(&req);

	ck_err("status web.0", "invalid process name 'web.0'");
	ck_err("status web.01", "invalid process name 'web.01'");
	ck_err("status web.1234567890",
	    "invalid process name 'web.1234567890'");
	ck_err("status web.", "invalid process name 'web.'");
	ck_err("status .1", "invalid process name '.1'");
	ck_err("status web.1.2", "invalid process name 'web.1.2'");
	ck_err("status web..1", "invalid process name 'web..1'");
	ck_err("status web.x", "invalid process name 'web.x'");
	ck_err("status web.-1", "invalid process name 'web.-1'");
	ck_err("status we/b", "invalid process name 'we/b'");
	ck_err("status ok w=b", "invalid process name 'w=b'");
	ck_err("stop web,worker", "invalid process name 'web,worker'");
	ck_err("wait caf\xc3\xa9", "request is not printable text");

	/* 255 bytes with the instance number, then one more. */
	s = xmalloc(300);
	strcpy(s, "status ");
	memset(s + 7, 'a', 251);
	strcpy(s + 7 + 251, ".123");
	ck_ok(&req, s);
	ck_assert_uint_eq(strlen(req.names[0]), 255);
	ctl_request_free(&req);
	memset(s + 7, 'a', 252);
	strcpy(s + 7 + 252, ".123");
	ck_err(s, "invalid process name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'");
	free(s);
}
END_TEST

START_TEST(t_too_many_names)
{
	struct ctl_request req;
	char		  *s;

	s = words("status", CTL_NAMES_MAX, "w");
	ck_ok(&req, s);
	ck_assert_uint_eq(req.n, CTL_NAMES_MAX);
	ctl_request_free(&req);
	free(s);
	s = words("status", CTL_NAMES_MAX + 1, "w");
	ck_err(s, "too many names");
	free(s);

	s = words("kill TERM", CTL_NAMES_MAX, "w");
	ck_ok(&req, s);
	ck_assert_uint_eq(req.n, CTL_NAMES_MAX);
	ctl_request_free(&req);
	free(s);
	s = words("kill TERM", CTL_NAMES_MAX + 1, "w");
	ck_err(s, "too many names");
	free(s);

	s = words("logs 5", CTL_NAMES_MAX, "w");
	ck_ok(&req, s);
	ck_assert_uint_eq(req.n, CTL_NAMES_MAX);
	ctl_request_free(&req);
	free(s);
	s = words("follow 5", CTL_NAMES_MAX + 1, "w");
	ck_err(s, "too many names");
	free(s);

	s = words("restart", CTL_NAMES_MAX + 1, "w");
	ck_err(s, "too many names");
	free(s);
	s = words("stop", CTL_NAMES_MAX + 1, "w");
	ck_err(s, "too many names");
	free(s);
	s = words("wait", CTL_NAMES_MAX + 1, "w");
	ck_err(s, "too many names");
	free(s);
}
END_TEST

START_TEST(t_length)
{
	struct ctl_request req;
	char		  *s;

	/* 4095 bytes and a newline fill CTL_REQUEST_MAX. */
	s = xmalloc(CTL_REQUEST_MAX + 2);
	memcpy(s, "status", 6);
	memset(s + 6, ' ', CTL_REQUEST_MAX + 2 - 6);
	s[CTL_REQUEST_MAX - 2] = 'w';
	parse_ok(&req, s, CTL_REQUEST_MAX - 1);
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "w");
	ctl_request_free(&req);
	ck_assert_str_eq(parse_err(s, CTL_REQUEST_MAX),
	    "request longer than 4096 bytes");
	ck_assert_str_eq(parse_err(s, CTL_REQUEST_MAX + 1),
	    "request longer than 4096 bytes");
	/* The CR of a CRLF does not count. */
	s[CTL_REQUEST_MAX - 1] = '\r';
	parse_ok(&req, s, CTL_REQUEST_MAX);
	ck_assert_uint_eq(req.n, 1);
	ctl_request_free(&req);
	s[CTL_REQUEST_MAX - 1] = 'x';
	s[CTL_REQUEST_MAX] = '\r';
	ck_assert_str_eq(parse_err(s, CTL_REQUEST_MAX + 1),
	    "request longer than 4096 bytes");
	/* Length is judged before content. */
	s[0] = '\001';
	ck_assert_str_eq(parse_err(s, CTL_REQUEST_MAX),
	    "request longer than 4096 bytes");
	free(s);
}
END_TEST

START_TEST(t_not_printable)
{
	ck_assert_str_eq(parse_err(LIT("status\001")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("status\x7f")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("status \x80web")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("status\0web")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("status\nweb")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("status\rweb")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("status\r\r")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("status\v")),
	    "request is not printable text");
	ck_assert_str_eq(parse_err(LIT("\033[31mstatus")),
	    "request is not printable text");
}
END_TEST

START_TEST(t_blanks)
{
	struct ctl_request req, zero;

	ck_ok(&req, "\tstatus\t web  worker \t");
	ck_assert_int_eq(req.verb, CTL_STATUS);
	ck_assert_uint_eq(req.n, 2);
	ck_assert_str_eq(req.names[0], "web");
	ck_assert_str_eq(req.names[1], "worker");
	ctl_request_free(&req);

	ck_ok(&req, "logs\t\t7\tweb");
	ck_assert_uint_eq(req.lines, 7);
	ck_assert_uint_eq(req.n, 1);
	ctl_request_free(&req);

	parse_ok(&req, LIT("restart web\r"));
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "web");
	ctl_request_free(&req);

	parse_ok(&req, LIT("status\r"));
	ck_assert_uint_eq(req.n, 0);
	ctl_request_free(&req);

	ck_err("", "empty request");
	ck_err("   ", "empty request");
	ck_err("\t \t", "empty request");
	ck_err("\r", "empty request");
	ck_err(" \r", "empty request");

	/* Freeing is idempotent and leaves a zeroed request. */
	memset(&zero, 0, sizeof zero);
	memset(&req, 0, sizeof req);
	ctl_request_free(&req);
	ck_assert_int_eq(memcmp(&req, &zero, sizeof req), 0);
	ck_ok(&req, "status web");
	ctl_request_free(&req);
	ck_assert_int_eq(memcmp(&req, &zero, sizeof req), 0);
	ctl_request_free(&req);
	ctl_request_free(NULL);
}
END_TEST

START_TEST(t_names_in_buf)
{
	struct ctl_request req;
	size_t		   i;

	ck_ok(&req, "kill INT a b.2 c");
	ck_assert_uint_eq(req.n, 3);
	for (i = 0; i < req.n; i++) {
		ck_assert_within(req.names[i], req.buf, req.buf + 16);
	}
	ctl_request_free(&req);

	ck_ok(&req, "scale a=1,b=2 c=3");
	for (i = 0; i < req.n; i++) {
		ck_assert_within(req.names[i], req.buf, req.buf + 17);
	}
	ctl_request_free(&req);

	/* No room for a message is not an error of its own. */
	ck_assert_int_eq(ctl_request_parse(&req, LIT("frob"), NULL, 0), -1);
	ck_assert_int_eq(ctl_request_parse(&req, LIT("status"), NULL, 0), 0);
	ctl_request_free(&req);
	ck_assert_int_eq(ctl_request_parse(&req, LIT("frob"), errbuf, 8), -1);
	ck_assert_str_eq(errbuf, "unknown");
}
END_TEST

START_TEST(t_connect)
{
	struct ctl_request req;
	char		  *s;

	ck_ok(&req, "connect web.1");
	ck_assert_int_eq(req.verb, CTL_CONNECT);
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "web.1");
	ck_assert_ptr_null(req.counts);
	ctl_request_free(&req);

	/* A type: the server takes it when it has one instance. */
	ck_ok(&req, "connect web");
	ck_assert_int_eq(req.verb, CTL_CONNECT);
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "web");
	ctl_request_free(&req);

	parse_ok(&req, LIT("\tconnect  a-b_c.123456789 \t\r"));
	ck_assert_int_eq(req.verb, CTL_CONNECT);
	ck_assert_uint_eq(req.n, 1);
	ck_assert_str_eq(req.names[0], "a-b_c.123456789");
	ck_assert_within(req.names[0], req.buf, req.buf + 28);
	ctl_request_free(&req);

	ck_err("connect", "connect needs one process name");
	ck_err("connect \t ", "connect needs one process name");
	ck_err("connect a b", "connect needs one process name");
	ck_err("connect web.1 web.1", "connect needs one process name");
	ck_err("connect bad name!", "connect needs one process name");
	ck_err("connect bad!", "invalid process name 'bad!'");
	ck_err("connect web.0", "invalid process name 'web.0'");
	ck_err("connect web.", "invalid process name 'web.'");
	ck_err("connect web/1", "invalid process name 'web/1'");
	ck_err("connect web=1", "invalid process name 'web=1'");
	ck_assert_str_eq(parse_err(LIT("connect web\0")),
	    "request is not printable text");

	/* Past CTL_NAMES_MAX words, the message is still connect's. */
	s = words("connect", CTL_NAMES_MAX + 1, "w");
	ck_err(s, "connect needs one process name");
	free(s);
}
END_TEST

START_TEST(t_record_encode)
{
	struct record r;
	size_t	      len;

	memset(&r, 0, sizeof r);
	r.seq = 1;
	r.time = T0Q;
	r.pid = 42;
	r.stream = REC_OUT;
	r.color = 3;
	r.name = "web.1";
	r.code = -1;
	r.text = "hello world";
	r.len = 11;
	ck_line(rec_line(&r, &len),
	    "rec 1 1795000000.250 42 out 3 web.1 - - - hello world\n");

	r.stream = REC_ERR;
	r.color = -1;
	r.len = 0;
	ck_line(rec_line(&r, &len),
	    "rec 1 1795000000.250 42 err -1 web.1 - - - \n");

	r.seq = UINT64_MAX;
	r.time = 0.0004;
	r.stream = REC_EVENT;
	r.name = "system";
	r.event = "exit";
	r.code = 0;
	r.signo = SIGKILL;
	r.text = "web.1 exited";
	r.len = 12;
	ck_line(rec_line(&r, &len),
	    "rec 18446744073709551615 0.000 42 event -1 system exit 0 9 "
	    "web.1 exited\n");

	/* Names that would break the line are not written. */
	r.name = NULL;
	r.event = "";
	r.code = 7;
	r.signo = 0;
	r.time = -1;
	ck_line(rec_line(&r, &len),
	    "rec 18446744073709551615 0.000 42 event -1 ? ? 7 - "
	    "web.1 exited\n");
	r.name = "";
	r.event = "a b";
	r.time = NAN;
	ck_line(rec_line(&r, &len),
	    "rec 18446744073709551615 0.000 42 event -1 ? ? 7 - "
	    "web.1 exited\n");
	r.name = "a\tb";
	r.event = "x\x7f";
	r.signo = -3;
	r.time = 12.0006;
	ck_line(rec_line(&r, &len),
	    "rec 18446744073709551615 12.001 42 event -1 ? ? 7 - "
	    "web.1 exited\n");
	r.name = "caf\xc3\xa9";
	r.event = "\n";
	ck_line(rec_line(&r, &len),
	    "rec 18446744073709551615 12.001 42 event -1 caf\xc3\xa9 ? 7 - "
	    "web.1 exited\n");
}
END_TEST

START_TEST(t_record_round_trip)
{
	struct record r, d;
	char	     *line;
	size_t	      len;

	memset(&r, 0, sizeof r);
	r.seq = 12345;
	r.time = 1795000000.123;
	r.pid = 4242;
	r.stream = REC_ERR;
	r.color = 11;
	r.name = "worker.12";
	r.code = -1;
	r.text = "a\0b\nc \r\t\x01\xff";
	r.len = 10;
	line = rec_line(&r, &len);
	ck_assert_uint_eq(line[len - 1], '\n');
	ck_assert_int_eq(ctl_record_decode(line, len - 1, &d), 0);
	ck_assert_uint_eq(d.seq, 12345);
	ck_assert_msg(fabs(d.time - r.time) < 0.0005, "time %f", d.time);
	ck_assert_int_eq(d.pid, 4242);
	ck_assert_int_eq(d.stream, REC_ERR);
	ck_assert_int_eq(d.color, 11);
	ck_assert_str_eq(d.name, "worker.12");
	ck_assert_ptr_null(d.event);
	ck_assert_int_eq(d.code, -1);
	ck_assert_int_eq(d.signo, 0);
	ck_assert_uint_eq(d.len, 10);
	ck_assert_int_eq(memcmp(d.text, "a\0b c \r\t\x01\xff", 10), 0);
	ck_assert_within(d.name, line, line + len);
	ck_assert_ptr_eq(d.text, line + len - 1 - 10);
	free(line);

	/* An event, empty text, negative colour and pid, the largest seq. */
	r.seq = UINT64_MAX;
	r.time = 0.001;
	r.pid = -1;
	r.stream = REC_EVENT;
	r.color = INT_MIN;
	r.name = "system";
	r.event = "signal";
	r.code = INT_MAX;
	r.signo = SIGTERM;
	r.text = "";
	r.len = 0;
	line = rec_line(&r, &len);
	ck_assert_int_eq(ctl_record_decode(line, len - 1, &d), 0);
	ck_assert_uint_eq(d.seq, UINT64_MAX);
	ck_assert_msg(fabs(d.time - 0.001) < 1e-9, "time %f", d.time);
	ck_assert_int_eq(d.pid, -1);
	ck_assert_int_eq(d.stream, REC_EVENT);
	ck_assert_int_eq(d.color, INT_MIN);
	ck_assert_str_eq(d.name, "system");
	ck_assert_str_eq(d.event, "signal");
	ck_assert_int_eq(d.code, INT_MAX);
	ck_assert_int_eq(d.signo, SIGTERM);
	ck_assert_uint_eq(d.len, 0);
	free(line);

	/* Text of spaces only, and a name of "-", which is still a name. */
	r.stream = REC_OUT;
	r.name = "-";
	r.event = NULL;
	r.text = "  ";
	r.len = 2;
	line = rec_line(&r, &len);
	ck_assert_int_eq(ctl_record_decode(line, len - 1, &d), 0);
	ck_assert_str_eq(d.name, "-");
	ck_assert_ptr_null(d.event);
	ck_assert_uint_eq(d.len, 2);
	ck_assert_int_eq(memcmp(d.text, "  ", 2), 0);
	free(line);
}
END_TEST

START_TEST(t_record_decode)
{
	struct record r;
	char	      line[128];

	strcpy(line, "rec 9 1.5 0 out 0 web.1 - - - ");
	ck_assert_int_eq(ctl_record_decode(line, strlen(line), &r), 0);
	ck_assert_uint_eq(r.seq, 9);
	ck_assert_msg(r.time == 1.5, "time %f", r.time);
	ck_assert_uint_eq(r.len, 0);
	ck_assert_int_eq(rec_decode_str("rec 9 1 0 out 0 web.1 - - - x"), 0);
	ck_assert_int_eq(rec_decode_str("rec 00 0.000 -0 out -0 a b 00 0 x"),
	    0);
	ck_assert_int_eq(rec_decode_str(
			     "rec 1 2.5 3 event 4 web.1 start - - started"),
	    0);
	ck_assert_int_eq(rec_decode_str("rec 18446744073709551615 1.0 "
					"2147483647 out -2147483648 a - "
					"2147483647 2147483647 x"),
	    0);
}
END_TEST

START_TEST(t_record_malformed)
{
	static const char *bad[] = {
		"",
		"rec",
		"rec ",
		"rec 1",
		"rec 1 ",
		"rec 1 1.5",
		"rec 1 1.5 ",
		"rec 1 1.5 7",
		"rec 1 1.5 7 out",
		"rec 1 1.5 7 out 0",
		"rec 1 1.5 7 out 0 web.1",
		"rec 1 1.5 7 out 0 web.1 -",
		"rec 1 1.5 7 out 0 web.1 - -",
		"rec 1 1.5 7 out 0 web.1 - - -",
		/* The tag. */
		"red 1 1.5 7 out 0 web.1 - - - x",
		"REC 1 1.5 7 out 0 web.1 - - - x",
		"recx 1 1.5 7 out 0 web.1 - - - x",
		"proc 1 1.5 7 out 0 web.1 - - - x",
		/* Blanks: one space between fields, none before. */
		" rec 1 1.5 7 out 0 web.1 - - - x",
		"rec  1 1.5 7 out 0 web.1 - - - x",
		"rec 1 1.5 7 out 0  web.1 - - - x",
		"rec 1 1.5 7 out 0 web.1 - -  - x",
		"rec\t1 1.5 7 out 0 web.1 - - - x",
		/* seq. */
		"rec x 1.5 7 out 0 web.1 - - - x",
		"rec -1 1.5 7 out 0 web.1 - - - x",
		"rec +1 1.5 7 out 0 web.1 - - - x",
		"rec 1x 1.5 7 out 0 web.1 - - - x",
		"rec 18446744073709551616 1.5 7 out 0 web.1 - - - x",
		"rec 99999999999999999999 1.5 7 out 0 web.1 - - - x",
		/* time. */
		"rec 1 -1.5 7 out 0 web.1 - - - x",
		"rec 1 +1.5 7 out 0 web.1 - - - x",
		"rec 1 .5 7 out 0 web.1 - - - x",
		"rec 1 1. 7 out 0 web.1 - - - x",
		"rec 1 1.5x 7 out 0 web.1 - - - x",
		"rec 1 1e5 7 out 0 web.1 - - - x",
		"rec 1 0x10 7 out 0 web.1 - - - x",
		"rec 1 inf 7 out 0 web.1 - - - x",
		"rec 1 nan 7 out 0 web.1 - - - x",
		"rec 1 1.5.5 7 out 0 web.1 - - - x",
		"rec 1 - 7 out 0 web.1 - - - x",
		/* pid. */
		"rec 1 1.5 x out 0 web.1 - - - x",
		"rec 1 1.5 - out 0 web.1 - - - x",
		"rec 1 1.5 7x out 0 web.1 - - - x",
		"rec 1 1.5 2147483648 out 0 web.1 - - - x",
		"rec 1 1.5 -2147483649 out 0 web.1 - - - x",
		"rec 1 1.5 +7 out 0 web.1 - - - x",
		/* stream. */
		"rec 1 1.5 7 OUT 0 web.1 - - - x",
		"rec 1 1.5 7 stdout 0 web.1 - - - x",
		"rec 1 1.5 7 o 0 web.1 - - - x",
		/* colour. */
		"rec 1 1.5 7 out x web.1 - - - x",
		"rec 1 1.5 7 out - web.1 - - - x",
		"rec 1 1.5 7 out 1x web.1 - - - x",
		"rec 1 1.5 7 out 2147483648 web.1 - - - x",
		"rec 1 1.5 7 out -2147483649 web.1 - - - x",
		"rec 1 1.5 7 out -- web.1 - - - x",
		/* name and event. */
		"rec 1 1.5 7 out 0 web\001 - - - x",
		"rec 1 1.5 7 out 0 web.1 ex\x7fit - - x",
		/* code. */
		"rec 1 1.5 7 event 0 web.1 exit x - x",
		"rec 1 1.5 7 event 0 web.1 exit -1 - x",
		"rec 1 1.5 7 event 0 web.1 exit 1x - x",
		"rec 1 1.5 7 event 0 web.1 exit 2147483648 - x",
		/* signal. */
		"rec 1 1.5 7 event 0 web.1 exit - x x",
		"rec 1 1.5 7 event 0 web.1 exit - -9 x",
		"rec 1 1.5 7 event 0 web.1 exit - TERM x",
		"rec 1 1.5 7 event 0 web.1 exit - 9x x",
		"rec 1 1.5 7 event 0 web.1 exit - 2147483648 x",
		/* A line cannot hold a newline. */
		"rec 1 1.5 7 out 0 web.1 - - - a\nb",
	};
	struct record r;
	char	      line[] = "rec 1 1.5 7 out 0 w\0b - - - x";
	size_t	      i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(rec_decode_str(bad[i]) == -1, "accepted '%s'",
		    bad[i]);
	ck_assert_int_eq(ctl_record_decode(line, sizeof line - 1, &r), -1);
}
END_TEST

START_TEST(t_status_encode)
{
	struct ctl_status st;

	st.name = "web.1";
	st.type = "web";
	st.pid = 4242;
	st.state = "running";
	st.started_ms = 1795000000250LL;
	st.restarts = 2;
	st.exit_code = 1;
	st.exit_signal = 0;
	st.port = 5000;
	st.cpu_ms = 1234;
	st.rss_kib = 812;
	ck_line(st_line(&st),
	    "proc web.1 web 4242 running 1795000000250 2 1 5000 1234 812\n");

	st.exit_signal = SIGKILL;
	ck_line(st_line(&st),
	    "proc web.1 web 4242 running 1795000000250 2 SIGKILL 5000 1234 "
	    "812\n");
	st.exit_signal = 99;
	ck_line(st_line(&st),
	    "proc web.1 web 4242 running 1795000000250 2 SIG99 5000 1234 812\n");
	st.exit_signal = 0;
	st.exit_code = 0;
	ck_line(st_line(&st),
	    "proc web.1 web 4242 running 1795000000250 2 0 5000 1234 812\n");

	memset(&st, 0, sizeof st);
	st.pid = st.started_ms = st.restarts = -1;
	st.exit_code = -1;
	st.port = st.cpu_ms = st.rss_kib = -1;
	ck_line(st_line(&st), "proc - - - - - - - - - -\n");
	st.name = "";
	st.type = "a b";
	st.state = "x\001";
	st.pid = -7;
	st.exit_code = -3;
	st.exit_signal = -1;
	ck_line(st_line(&st), "proc ? ? - ? - - - - - -\n");
	st.restarts = 0;
	st.port = 0;
	st.cpu_ms = 0;
	st.rss_kib = 0;
	st.started_ms = 0;
	st.pid = 0;
	ck_line(st_line(&st), "proc ? ? 0 ? 0 0 - 0 0 0\n");
}
END_TEST

START_TEST(t_status_round_trip)
{
	struct ctl_status st, d;
	char		 *line;
	size_t		  len;

	st.name = "worker.10";
	st.type = "worker";
	st.pid = 99999;
	st.state = "stopped";
	st.started_ms = INT64_MAX;
	st.restarts = LONG_MAX;
	st.exit_code = 0;
	st.exit_signal = SIGTERM;
	st.port = 65535;
	st.cpu_ms = 0;
	st.rss_kib = INT64_MAX;
	line = st_line(&st);
	len = strlen(line);
	ck_assert_int_eq(ctl_status_decode(line, len - 1, &d), 0);
	ck_assert_str_eq(d.name, "worker.10");
	ck_assert_str_eq(d.type, "worker");
	ck_assert_int_eq(d.pid, 99999);
	ck_assert_str_eq(d.state, "stopped");
	ck_assert_int_eq(d.started_ms, INT64_MAX);
	ck_assert_int_eq(d.restarts, LONG_MAX);
	ck_assert_int_eq(d.exit_code, -1);
	ck_assert_int_eq(d.exit_signal, SIGTERM);
	ck_assert_int_eq(d.port, 65535);
	ck_assert_int_eq(d.cpu_ms, 0);
	ck_assert_int_eq(d.rss_kib, INT64_MAX);
	ck_assert_within(d.name, line, line + len);
	ck_assert_within(d.state, line, line + len);
	free(line);

	st.exit_signal = 77;
	line = st_line(&st);
	ck_assert_int_eq(ctl_status_decode(line, strlen(line) - 1, &d), 0);
	ck_assert_int_eq(d.exit_code, -1);
	ck_assert_int_eq(d.exit_signal, 77);
	free(line);

	st.exit_signal = 0;
	st.exit_code = 137;
	line = st_line(&st);
	ck_assert_int_eq(ctl_status_decode(line, strlen(line) - 1, &d), 0);
	ck_assert_int_eq(d.exit_code, 137);
	ck_assert_int_eq(d.exit_signal, 0);
	free(line);

	memset(&st, 0, sizeof st);
	st.pid = st.started_ms = st.restarts = -1;
	st.exit_code = -1;
	st.port = st.cpu_ms = st.rss_kib = -1;
	line = st_line(&st);
	ck_assert_int_eq(ctl_status_decode(line, strlen(line) - 1, &d), 0);
	ck_assert_ptr_null(d.name);
	ck_assert_ptr_null(d.type);
	ck_assert_ptr_null(d.state);
	ck_assert_int_eq(d.pid, -1);
	ck_assert_int_eq(d.started_ms, -1);
	ck_assert_int_eq(d.restarts, -1);
	ck_assert_int_eq(d.exit_code, -1);
	ck_assert_int_eq(d.exit_signal, 0);
	ck_assert_int_eq(d.port, -1);
	ck_assert_int_eq(d.cpu_ms, -1);
	ck_assert_int_eq(d.rss_kib, -1);
	free(line);

	/* Every named signal comes back. */
	ck_assert_int_eq(st_decode_str("proc a b 1 c 2 3 SIGHUP 4 5 6"), 0);
	ck_assert_int_eq(st_decode_str("proc a b 1 c 2 3 SIGWINCH 4 5 6"), 0);
	ck_assert_int_eq(st_decode_str("proc a b 1 c 2 3 SIG64 4 5 6"), 0);
	ck_assert_int_eq(st_decode_str("proc a b 1 c 2 3 SIG015 4 5 6"), 0);
	ck_assert_int_eq(st_decode_str("proc a b 01 c 02 03 004 05 06 07"), 0);
}
END_TEST

START_TEST(t_status_malformed)
{
	static const char *bad[] = {
		"",
		"proc",
		"proc ",
		"proc a",
		"proc a b",
		"proc a b 1",
		"proc a b 1 c",
		"proc a b 1 c 2",
		"proc a b 1 c 2 3",
		"proc a b 1 c 2 3 0",
		"proc a b 1 c 2 3 0 4",
		"proc a b 1 c 2 3 0 4 5",
		"proc a b 1 c 2 3 0 4 5 ",
		/* One field too many, blanks out of place. */
		"proc a b 1 c 2 3 0 4 5 6 7",
		"proc a b 1 c 2 3 0 4 5 6 ",
		"proc a b 1 c 2 3 0 4 5 6\r",
		" proc a b 1 c 2 3 0 4 5 6",
		"proc  a b 1 c 2 3 0 4 5 6",
		"proc a b 1 c 2 3 0 4 5\t6",
		/* The tag. */
		"rec a b 1 c 2 3 0 4 5 6",
		"Proc a b 1 c 2 3 0 4 5 6",
		/* Numbers: trailing garbage, signs, overflow. */
		"proc a b 1x c 2 3 0 4 5 6",
		"proc a b -1 c 2 3 0 4 5 6",
		"proc a b +1 c 2 3 0 4 5 6",
		"proc a b 9223372036854775808 c 2 3 0 4 5 6",
		"proc a b 1 c 2x 3 0 4 5 6",
		"proc a b 1 c 9223372036854775808 3 0 4 5 6",
		"proc a b 1 c 2 3x 0 4 5 6",
		"proc a b 1 c 2 -- 0 4 5 6",
		"proc a b 1 c 2 3 0 4x 5 6",
		"proc a b 1 c 2 3 0 4 5x 6",
		"proc a b 1 c 2 3 0 4 5 6x",
		"proc a b 1 c 2 3 0 4 5 9223372036854775808",
		"proc a b 1 c 2 3 0 4 5 --",
		/* EXIT. */
		"proc a b 1 c 2 3 x 4 5 6",
		"proc a b 1 c 2 3 -1 4 5 6",
		"proc a b 1 c 2 3 2147483648 4 5 6",
		"proc a b 1 c 2 3 1x 4 5 6",
		"proc a b 1 c 2 3 SIG 4 5 6",
		"proc a b 1 c 2 3 SIG0 4 5 6",
		"proc a b 1 c 2 3 SIGterm 4 5 6",
		"proc a b 1 c 2 3 SIGFOO 4 5 6",
		"proc a b 1 c 2 3 SIGSIGTERM 4 5 6",
		"proc a b 1 c 2 3 TERM 4 5 6",
		"proc a b 1 c 2 3 SIG-1 4 5 6",
		"proc a b 1 c 2 3 SIG2147483648 4 5 6",
		"proc a b 1 c 2 3 sigterm 4 5 6",
		/* Strings. */
		"proc a\001 b 1 c 2 3 0 4 5 6",
		"proc a b\x7f 1 c 2 3 0 4 5 6",
		"proc a b 1 c\033 2 3 0 4 5 6",
	};
	struct ctl_status st;
	char		  line[] = "proc a b 1 c 2 3 SIGTE\0RM 4 5 6";
	char		  line2[] = "proc a\0 b 1 c 2 3 0 4 5 6";
	size_t		  i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(st_decode_str(bad[i]) == -1, "accepted '%s'",
		    bad[i]);
	ck_assert_int_eq(ctl_status_decode(line, sizeof line - 1, &st), -1);
	ck_assert_int_eq(ctl_status_decode(line2, sizeof line2 - 1, &st), -1);
}
END_TEST

START_TEST(t_duration)
{
	ck_assert_str_eq(dur(-1), "-");
	ck_assert_str_eq(dur(-0.001), "-");
	ck_assert_str_eq(dur(NAN), "-");
	ck_assert_str_eq(dur(INFINITY), "-");
	ck_assert_str_eq(dur(-0.0), "0.00s");
	ck_assert_str_eq(dur(0), "0.00s");
	ck_assert_str_eq(dur(0.004), "0.00s");
	ck_assert_str_eq(dur(0.42), "0.42s");
	ck_assert_str_eq(dur(1), "1.00s");
	ck_assert_str_eq(dur(9.99), "9.99s");
	ck_assert_str_eq(dur(9.994), "9.99s");
	ck_assert_str_eq(dur(9.999), "10s");
	ck_assert_str_eq(dur(10), "10s");
	ck_assert_str_eq(dur(35), "35s");
	ck_assert_str_eq(dur(35.4), "35s");
	ck_assert_str_eq(dur(35.6), "36s");
	ck_assert_str_eq(dur(59.4), "59s");
	ck_assert_str_eq(dur(59.6), "1m00s");
	ck_assert_str_eq(dur(60), "1m00s");
	ck_assert_str_eq(dur(725), "12m05s");
	ck_assert_str_eq(dur(3599), "59m59s");
	ck_assert_str_eq(dur(3599.7), "1h00m");
	ck_assert_str_eq(dur(3600), "1h00m");
	ck_assert_str_eq(dur(3720), "1h02m");
	ck_assert_str_eq(dur(3779), "1h02m");
	ck_assert_str_eq(dur(86399), "23h59m");
	ck_assert_str_eq(dur(86400), "1d00h");
	ck_assert_str_eq(dur(3 * 86400 + 4 * 3600 + 59 * 60), "3d04h");
	ck_assert_str_eq(dur(400 * 86400), "400d00h");
	ck_assert_msg(strchr(dur(1e300), ' ') == NULL, "%s", fmtbuf);
	/* A short buffer is cut, and NUL-terminated. */
	ctl_duration(fmtbuf, 4, 725);
	ck_assert_str_eq(fmtbuf, "12m");
}
END_TEST

START_TEST(t_size)
{
	ck_assert_str_eq(size(-1), "-");
	ck_assert_str_eq(size(INT64_MIN), "-");
	ck_assert_str_eq(size(0), "0K");
	ck_assert_str_eq(size(812), "812K");
	ck_assert_str_eq(size(1023), "1023K");
	ck_assert_str_eq(size(1024), "1.0M");
	ck_assert_str_eq(size(1075), "1.0M");
	ck_assert_str_eq(size(1076), "1.1M");
	ck_assert_str_eq(size(12595), "12.3M");
	ck_assert_str_eq(size(1048524), "1023.9M");
	ck_assert_str_eq(size(1048525), "1.0G");
	ck_assert_str_eq(size(1048575), "1.0G");
	ck_assert_str_eq(size(1048576), "1.0G");
	ck_assert_str_eq(size(1572864), "1.5G");
	ck_assert_str_eq(size(1024LL * 1048576), "1024.0G");
	ck_assert_msg(strchr(size(INT64_MAX), ' ') == NULL, "%s", fmtbuf);
	ctl_size(fmtbuf, 3, 812);
	ck_assert_str_eq(fmtbuf, "81");
}
END_TEST

/* A frame as ctl_frame_encode writes it, in a heap buffer of its size. */
static char *
frame(int type, const void *data, size_t len, size_t *size)
{
	struct bytes b;
	char	    *s;

	bytes_init(&b);
	ctl_frame_encode(&b, type, data, len);
	*size = b.len;
	s = xmalloc(b.len > 0 ? b.len : 1);
	memcpy(s, b.data, b.len);
	bytes_free(&b);
	return (s);
}

/*
 * Decodes a copy of the first len bytes of buf in a buffer of exactly
 * that size, so that a read past its end is one past the heap block.
 */
static int
dec_exact(const char *buf, size_t len, int from_client, struct ctl_frame *f,
    char **copy)
{
	*copy = xmalloc(len > 0 ? len : 1);
	memcpy(*copy, buf, len);
	return (ctl_frame_decode(*copy, len, from_client, f));
}

/*
 * Decodes the frame in the size bytes at buf cut to its first cut: near
 * either end of it in a copy of exactly that size (as dec_exact), else
 * in place, so that every cut of a large frame stays cheap.
 */
static int
dec_cut(const char *buf, size_t cut, size_t size, int from_client,
    struct ctl_frame *f)
{
	char *copy;
	int   rc;

	if (cut > 16 && size - cut > 16)
		return (ctl_frame_decode(buf, cut, from_client, f));
	rc = dec_exact(buf, cut, from_client, f, &copy);
	free(copy);
	return (rc);
}

/* A header of type and length n, followed by n bytes of fill. */
static char *
raw_frame(int type, size_t n, size_t *size)
{
	char *s;

	*size = CTL_FRAME_HEADER + n;
	s = xmalloc(*size);
	s[0] = (char)type;
	s[1] = (char)(n >> 8 & 0xff);
	s[2] = (char)(n & 0xff);
	memset(s + CTL_FRAME_HEADER, 'z', n);
	return (s);
}

/* Whether the side from_client may send a frame of this type. */
static int
side_may_send(int type, int from_client)
{
	switch (type) {
	case CTL_FRAME_KEYS:
	case CTL_FRAME_SIZE:
		return (from_client);
	case CTL_FRAME_OUTPUT:
	case CTL_FRAME_EXIT:
	case CTL_FRAME_DETACH:
		return (!from_client);
	default:
		return (0);
	}
}

static char *
bytes_refuse(struct bytes *b, size_t n)
{
	(void)b;
	(void)n;
	return (NULL);
}

START_TEST(t_frame_encode)
{
	struct bytes b;
	char	     big[300];

	bytes_init(&b);
	ctl_frame_encode(&b, CTL_FRAME_KEYS, "ab", 2);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_mem_eq(b.data, "k\0\2ab", 5);

	/* Appended after what is there already. */
	ctl_frame_encode(&b, CTL_FRAME_OUTPUT, NULL, 0);
	ck_assert_uint_eq(b.len, 8);
	ck_assert_mem_eq(b.data + 5, "o\0\0", 3);

	/* Big-endian length. */
	memset(big, 0, sizeof big);
	big[0] = 'H';
	big[299] = '\xff';
	b.len = 0;
	ctl_frame_encode(&b, CTL_FRAME_EXIT, big, sizeof big);
	ck_assert_uint_eq(b.len, 303);
	ck_assert_mem_eq(b.data, "x\1\x2cH", 4);
	ck_assert_int_eq((unsigned char)b.data[302], 0xff);

	b.len = 0;
	ctl_frame_encode(&b, CTL_FRAME_DETACH, LIT("connected elsewhere"));
	ck_assert_uint_eq(b.len, 22);
	ck_assert_mem_eq(b.data,
	    "d\0\x13"
	    "connected elsewhere",
	    22);

	b.len = 0;
	ctl_frame_size(&b, 24, 80);
	ck_assert_uint_eq(b.len, 7);
	ck_assert_mem_eq(b.data, "w\0\4\0\x18\0\x50", 7);

	b.len = 0;
	ctl_frame_size(&b, 0x1234, 0xabcd);
	ck_assert_mem_eq(b.data, "w\0\4\x12\x34\xab\xcd", 7);
	bytes_free(&b);

	/* A sink that refuses the room gets nothing, not half a frame. */
	bytes_init(&b);
	b.reserve = bytes_refuse;
	ctl_frame_encode(&b, CTL_FRAME_OUTPUT, LIT("lost"));
	ctl_frame_size(&b, 1, 1);
	ck_assert_uint_eq(b.len, 0);
	bytes_free(&b);
}
END_TEST

START_TEST(t_frame_size_clamp)
{
	static const struct {
		unsigned int rows, cols;
		unsigned int want_rows, want_cols;
	} cases[] = {
		{ 0, 0, 0, 0 },
		{ 1, 1, 1, 1 },
		{ 255, 256, 255, 256 },
		{ 65535, 65535, 65535, 65535 },
		{ 65536, 80, 65535, 80 },
		{ 24, 70000, 24, 65535 },
		{ UINT_MAX, UINT_MAX, 65535, 65535 },
		{ 0x10018, 0x10050, 65535, 65535 },
	};
	struct ctl_frame f;
	struct bytes	 b;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bytes_init(&b);
		ctl_frame_size(&b, cases[i].rows, cases[i].cols);
		ck_assert_uint_eq(b.len, 7);
		ck_assert_int_eq(ctl_frame_decode(b.data, b.len, 1, &f), 7);
		ck_assert_int_eq(f.type, CTL_FRAME_SIZE);
		ck_assert_uint_eq(f.len, 4);
		ck_assert_msg(f.rows == cases[i].want_rows &&
			f.cols == cases[i].want_cols,
		    "%ux%u: %ux%u, not %ux%u", cases[i].rows, cases[i].cols,
		    f.rows, f.cols, cases[i].want_rows, cases[i].want_cols);
		bytes_free(&b);
	}
}
END_TEST

/* A payload longer than a frame holds is cut: callers split output. */
START_TEST(t_frame_encode_clamp)
{
	struct ctl_frame f;
	struct bytes	 b;
	char		*big;

	big = xmalloc(70000);
	memset(big, 'a', 70000);
	big[CTL_FRAME_MAX - 1] = 'L';
	bytes_init(&b);
	ctl_frame_encode(&b, CTL_FRAME_OUTPUT, big, 70000);
	ck_assert_uint_eq(b.len, CTL_FRAME_HEADER + CTL_FRAME_MAX);
	ck_assert_mem_eq(b.data, "o\xff\xff", 3);
	ck_assert_int_eq(ctl_frame_decode(b.data, b.len, 0, &f),
	    CTL_FRAME_HEADER + CTL_FRAME_MAX);
	ck_assert_uint_eq(f.len, CTL_FRAME_MAX);
	ck_assert_int_eq(f.data[CTL_FRAME_MAX - 1], 'L');
	bytes_free(&b);
	free(big);
}
END_TEST

/* Each type both ways, its payload's every byte value at each size. */
START_TEST(t_frame_round_trip)
{
	static const struct {
		int    type;
		int    from_client;
		size_t len;
	} cases[] = {
		{ CTL_FRAME_KEYS, 1, 0 },
		{ CTL_FRAME_KEYS, 1, 1 },
		{ CTL_FRAME_KEYS, 1, 255 },
		{ CTL_FRAME_KEYS, 1, 256 },
		{ CTL_FRAME_KEYS, 1, CTL_KEYS_MAX },
		{ CTL_FRAME_SIZE, 1, 4 },
		{ CTL_FRAME_OUTPUT, 0, 0 },
		{ CTL_FRAME_OUTPUT, 0, 1 },
		{ CTL_FRAME_OUTPUT, 0, 4097 },
		{ CTL_FRAME_OUTPUT, 0, CTL_FRAME_MAX },
		{ CTL_FRAME_EXIT, 0, 0 },
		{ CTL_FRAME_EXIT, 0, 24 },
		{ CTL_FRAME_EXIT, 0, CTL_FRAME_TEXT_MAX },
		{ CTL_FRAME_DETACH, 0, 0 },
		{ CTL_FRAME_DETACH, 0, 19 },
		{ CTL_FRAME_DETACH, 0, CTL_FRAME_TEXT_MAX },
	};
	struct ctl_frame f;
	char		*payload, *buf, *copy;
	size_t		 i, j, size;

	payload = xmalloc(CTL_FRAME_MAX);
	for (j = 0; j < CTL_FRAME_MAX; j++)
		payload[j] = (char)(j * 7 + 3);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf = frame(cases[i].type, payload, cases[i].len, &size);
		ck_assert_uint_eq(size, CTL_FRAME_HEADER + cases[i].len);
		memset(&f, 0xa5, sizeof f);
		ck_assert_msg(dec_exact(buf, size, cases[i].from_client, &f,
				  &copy) == (int)size,
		    "'%c' of %zu not read back", cases[i].type, cases[i].len);
		ck_assert_int_eq(f.type, cases[i].type);
		ck_assert_uint_eq(f.len, cases[i].len);
		ck_assert_ptr_eq(f.data, copy + CTL_FRAME_HEADER);
		if (cases[i].len > 0)
			ck_assert_mem_eq(f.data, payload, cases[i].len);
		if (cases[i].type == CTL_FRAME_SIZE) {
			ck_assert_uint_eq(f.rows,
			    (unsigned char)payload[0] << 8 |
				(unsigned char)payload[1]);
			ck_assert_uint_eq(f.cols,
			    (unsigned char)payload[2] << 8 |
				(unsigned char)payload[3]);
		} else {
			ck_assert_uint_eq(f.rows, 0);
			ck_assert_uint_eq(f.cols, 0);
		}
		free(copy);
		free(buf);
	}
	free(payload);
}
END_TEST

/* A size frame of 0x0 reads as such: the server is the one to ignore it. */
START_TEST(t_frame_size_values)
{
	struct ctl_frame f;

	ck_assert_int_eq(ctl_frame_decode(LIT("w\0\4\0\0\0\0"), 1, &f), 7);
	ck_assert_uint_eq(f.rows, 0);
	ck_assert_uint_eq(f.cols, 0);
	ck_assert_int_eq(ctl_frame_decode(LIT("w\0\4\xff\xff\0\1"), 1, &f), 7);
	ck_assert_uint_eq(f.rows, 65535);
	ck_assert_uint_eq(f.cols, 1);
	ck_assert_int_eq(ctl_frame_decode(LIT("w\0\4\1\0\xff\0"), 1, &f), 7);
	ck_assert_uint_eq(f.rows, 256);
	ck_assert_uint_eq(f.cols, 0xff00);
}
END_TEST

/* A frame cut anywhere is not there yet: 0, whatever the cut. */
START_TEST(t_frame_incomplete)
{
	static const struct {
		int    type;
		int    from_client;
		size_t len;
	} cases[] = {
		{ CTL_FRAME_KEYS, 1, 0 },
		{ CTL_FRAME_KEYS, 1, 5 },
		{ CTL_FRAME_KEYS, 1, CTL_KEYS_MAX },
		{ CTL_FRAME_SIZE, 1, 4 },
		{ CTL_FRAME_OUTPUT, 0, 0 },
		{ CTL_FRAME_OUTPUT, 0, 300 },
		{ CTL_FRAME_OUTPUT, 0, CTL_FRAME_MAX },
		{ CTL_FRAME_EXIT, 0, 24 },
		{ CTL_FRAME_EXIT, 0, CTL_FRAME_TEXT_MAX },
		{ CTL_FRAME_DETACH, 0, 19 },
	};
	struct ctl_frame f;
	char		*buf, *copy;
	size_t		 i, cut, size;
	int		 rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf = raw_frame(cases[i].type, cases[i].len, &size);
		for (cut = 0; cut < size; cut++) {
			rc = dec_cut(buf, cut, size, cases[i].from_client, &f);
			/* Not ck_assert: one per cut is slow under valgrind. */
			if (rc != 0)
				ck_abort_msg("'%c' of %zu cut at %zu: %d",
				    cases[i].type, cases[i].len, cut, rc);
		}
		rc = dec_exact(buf, size, cases[i].from_client, &f, &copy);
		free(copy);
		ck_assert_int_eq(rc, (int)size);
		free(buf);
	}
	ck_assert_int_eq(ctl_frame_decode("", 0, 1, &f), 0);
	ck_assert_int_eq(ctl_frame_decode("", 0, 0, &f), 0);
	ck_assert_int_eq(ctl_frame_decode(NULL, 0, 0, &f), 0);
}
END_TEST

/*
 * A client sends keys and sizes only, muster output, exit and detach
 * only; the type byte alone is enough to refuse the others.
 */
START_TEST(t_frame_sides)
{
	static const int types[] = { CTL_FRAME_KEYS, CTL_FRAME_SIZE,
		CTL_FRAME_OUTPUT, CTL_FRAME_EXIT, CTL_FRAME_DETACH };
	struct ctl_frame f;
	char		*buf, *copy;
	size_t		 i, size, cut;
	int		 from_client, rc;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		buf = raw_frame(types[i], types[i] == CTL_FRAME_SIZE ? 4 : 2,
		    &size);
		for (from_client = 0; from_client <= 1; from_client++) {
			rc = dec_exact(buf, size, from_client, &f, &copy);
			free(copy);
			if (side_may_send(types[i], from_client)) {
				ck_assert_msg(rc == (int)size,
				    "'%c' from %s: %d", types[i],
				    from_client ? "a client" : "muster", rc);
				continue;
			}
			for (cut = 1; cut <= size; cut++) {
				rc =
				    dec_exact(buf, cut, from_client, &f, &copy);
				free(copy);
				ck_assert_msg(rc == -1,
				    "'%c' from %s, %zu bytes: %d", types[i],
				    from_client ? "a client" : "muster", cut,
				    rc);
			}
		}
		free(buf);
	}
}
END_TEST

/* Bytes that are no frame type, either way, even alone. */
START_TEST(t_frame_unknown_type)
{
	struct ctl_frame f;
	char		 buf[8];
	int		 c, from_client;

	for (c = 0; c < 256; c++) {
		if (c == CTL_FRAME_KEYS || c == CTL_FRAME_SIZE ||
		    c == CTL_FRAME_OUTPUT || c == CTL_FRAME_EXIT ||
		    c == CTL_FRAME_DETACH)
			continue;
		buf[0] = (char)c;
		buf[1] = 0;
		buf[2] = 4;
		memset(buf + 3, 0, 5);
		for (from_client = 0; from_client <= 1; from_client++) {
			ck_assert_msg(ctl_frame_decode(buf, 1, from_client,
					  &f) == -1,
			    "type 0x%02x alone taken", c);
			ck_assert_msg(ctl_frame_decode(buf, 7, from_client,
					  &f) == -1,
			    "type 0x%02x taken", c);
		}
	}
	/* The types are case-sensitive. */
	ck_assert_int_eq(ctl_frame_decode(LIT("K\0\1a"), 1, &f), -1);
	ck_assert_int_eq(ctl_frame_decode(LIT("O\0\1a"), 0, &f), -1);
}
END_TEST

/* Each type's bound on its payload, refused once the header is in. */
START_TEST(t_frame_bounds)
{
	static const struct {
		int    type;
		int    from_client;
		size_t len;
		int    ok;
	} cases[] = {
		{ CTL_FRAME_KEYS, 1, CTL_KEYS_MAX, 1 },
		{ CTL_FRAME_KEYS, 1, CTL_KEYS_MAX + 1, 0 },
		{ CTL_FRAME_KEYS, 1, CTL_FRAME_MAX, 0 },
		{ CTL_FRAME_SIZE, 1, 0, 0 },
		{ CTL_FRAME_SIZE, 1, 3, 0 },
		{ CTL_FRAME_SIZE, 1, 4, 1 },
		{ CTL_FRAME_SIZE, 1, 5, 0 },
		{ CTL_FRAME_SIZE, 1, 8, 0 },
		{ CTL_FRAME_SIZE, 1, CTL_FRAME_MAX, 0 },
		{ CTL_FRAME_OUTPUT, 0, CTL_FRAME_MAX, 1 },
		{ CTL_FRAME_EXIT, 0, CTL_FRAME_TEXT_MAX, 1 },
		{ CTL_FRAME_EXIT, 0, CTL_FRAME_TEXT_MAX + 1, 0 },
		{ CTL_FRAME_EXIT, 0, CTL_FRAME_MAX, 0 },
		{ CTL_FRAME_DETACH, 0, CTL_FRAME_TEXT_MAX, 1 },
		{ CTL_FRAME_DETACH, 0, CTL_FRAME_TEXT_MAX + 1, 0 },
		{ CTL_FRAME_DETACH, 0, CTL_FRAME_MAX, 0 },
	};
	struct ctl_frame f;
	char		*buf, *copy;
	size_t		 i, size, cut;
	int		 rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf = raw_frame(cases[i].type, cases[i].len, &size);
		rc = dec_exact(buf, size, cases[i].from_client, &f, &copy);
		free(copy);
		ck_assert_msg(rc == (cases[i].ok ? (int)size : -1),
		    "'%c' of %zu: %d", cases[i].type, cases[i].len, rc);
		if (!cases[i].ok) {
			/* Not waited for: known bad from the header on. */
			for (cut = 0; cut < CTL_FRAME_HEADER; cut++) {
				rc = dec_exact(buf, cut, cases[i].from_client,
				    &f, &copy);
				free(copy);
				ck_assert_int_eq(rc, 0);
			}
			for (cut = CTL_FRAME_HEADER; cut < size; cut++) {
				rc = dec_cut(buf, cut, size,
				    cases[i].from_client, &f);
				if (rc != -1)
					ck_abort_msg("'%c' of %zu at %zu: %d",
					    cases[i].type, cases[i].len, cut,
					    rc);
			}
		}
		free(buf);
	}
}
END_TEST

/* An empty keys frame is a frame: three bytes taken, nothing typed. */
START_TEST(t_frame_empty_keys)
{
	struct ctl_frame f;
	char		*copy;

	ck_assert_int_eq(dec_exact(LIT("k\0\0"), 1, &f, &copy), 3);
	ck_assert_int_eq(f.type, CTL_FRAME_KEYS);
	ck_assert_uint_eq(f.len, 0);
	free(copy);
	ck_assert_int_eq(dec_exact(LIT("k\0\0k\0\0"), 1, &f, &copy), 3);
	ck_assert_uint_eq(f.len, 0);
	free(copy);
}
END_TEST

/* Frames one after another in a buffer, read one at a time. */
START_TEST(t_frame_stream)
{
	struct ctl_frame f;
	struct bytes	 b;
	char		 keys[CTL_KEYS_MAX];
	size_t		 off;
	int		 n;

	memset(keys, 'q', sizeof keys);
	bytes_init(&b);
	ctl_frame_size(&b, 50, 132);
	ctl_frame_encode(&b, CTL_FRAME_KEYS, LIT("ls\r"));
	ctl_frame_encode(&b, CTL_FRAME_KEYS, NULL, 0);
	ctl_frame_encode(&b, CTL_FRAME_KEYS, keys, sizeof keys);
	ctl_frame_encode(&b, CTL_FRAME_KEYS, LIT("\x1c"));
	ctl_frame_size(&b, 0, 0);

	off = 0;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 1, &f),
	    7);
	ck_assert_uint_eq(f.rows, 50);
	ck_assert_uint_eq(f.cols, 132);
	off += n;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 1, &f),
	    6);
	ck_assert_mem_eq(f.data, "ls\r", 3);
	off += n;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 1, &f),
	    3);
	ck_assert_uint_eq(f.len, 0);
	off += n;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 1, &f),
	    3 + CTL_KEYS_MAX);
	ck_assert_uint_eq(f.len, CTL_KEYS_MAX);
	ck_assert_int_eq(f.data[CTL_KEYS_MAX - 1], 'q');
	off += n;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 1, &f),
	    4);
	ck_assert_int_eq(f.data[0], 0x1c);
	off += n;
	/* The last one cut short waits; whole, it ends the buffer. */
	ck_assert_int_eq(ctl_frame_decode(b.data + off, b.len - off - 1, 1, &f),
	    0);
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 1, &f),
	    7);
	off += n;
	ck_assert_uint_eq(off, b.len);
	ck_assert_int_eq(ctl_frame_decode(b.data + off, 0, 1, &f), 0);

	/* A bad frame after good ones: those are read, then -1. */
	ctl_frame_encode(&b, CTL_FRAME_OUTPUT, LIT("x"));
	ck_assert_int_eq(ctl_frame_decode(b.data + off, b.len - off, 1, &f),
	    -1);
	bytes_free(&b);

	/* muster's side: output, output, the end. */
	bytes_init(&b);
	ctl_frame_encode(&b, CTL_FRAME_OUTPUT, LIT("hello\r\n"));
	ctl_frame_encode(&b, CTL_FRAME_OUTPUT, LIT("(Pdb) "));
	ctl_frame_encode(&b, CTL_FRAME_EXIT, LIT("web.1 exited with code 0"));
	off = 0;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 0, &f),
	    10);
	ck_assert_int_eq(f.type, CTL_FRAME_OUTPUT);
	ck_assert_mem_eq(f.data, "hello\r\n", 7);
	off += n;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 0, &f),
	    9);
	ck_assert_mem_eq(f.data, "(Pdb) ", 6);
	off += n;
	ck_assert_int_eq(n = ctl_frame_decode(b.data + off, b.len - off, 0, &f),
	    27);
	ck_assert_int_eq(f.type, CTL_FRAME_EXIT);
	ck_assert_uint_eq(f.len, 24);
	ck_assert_mem_eq(f.data, "web.1 exited with code 0", 24);
	off += n;
	ck_assert_uint_eq(off, b.len);
	/* The client is no muster: what muster sends is refused from it. */
	ck_assert_int_eq(ctl_frame_decode(b.data, b.len, 1, &f), -1);
	bytes_free(&b);
}
END_TEST

static Suite *
ctlproto_suite(void)
{
	Suite *s = suite_create("ctlproto");
	TCase *tc;

	tc = tcase_create("request");
	tcase_add_test(tc, t_status_stop_wait);
	tcase_add_test(tc, t_restart);
	tcase_add_test(tc, t_kill);
	tcase_add_test(tc, t_scale);
	tcase_add_test(tc, t_logs_follow);
	tcase_add_test(tc, t_unknown_verb);
	tcase_add_test(tc, t_names);
	tcase_add_test(tc, t_too_many_names);
	tcase_add_test(tc, t_length);
	tcase_add_test(tc, t_not_printable);
	tcase_add_test(tc, t_blanks);
	tcase_add_test(tc, t_names_in_buf);
	tcase_add_test(tc, t_connect);
	suite_add_tcase(s, tc);

	tc = tcase_create("record");
	tcase_add_test(tc, t_record_encode);
	tcase_add_test(tc, t_record_round_trip);
	tcase_add_test(tc, t_record_decode);
	tcase_add_test(tc, t_record_malformed);
	suite_add_tcase(s, tc);

	tc = tcase_create("status");
	tcase_add_test(tc, t_status_encode);
	tcase_add_test(tc, t_status_round_trip);
	tcase_add_test(tc, t_status_malformed);
	tcase_add_test(tc, t_duration);
	tcase_add_test(tc, t_size);
	suite_add_tcase(s, tc);

	tc = tcase_create("frame");
	tcase_add_test(tc, t_frame_encode);
	tcase_add_test(tc, t_frame_size_clamp);
	tcase_add_test(tc, t_frame_encode_clamp);
	tcase_add_test(tc, t_frame_round_trip);
	tcase_add_test(tc, t_frame_size_values);
	tcase_add_test(tc, t_frame_incomplete);
	tcase_add_test(tc, t_frame_sides);
	tcase_add_test(tc, t_frame_unknown_type);
	tcase_add_test(tc, t_frame_bounds);
	tcase_add_test(tc, t_frame_empty_keys);
	tcase_add_test(tc, t_frame_stream);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(ctlproto_suite()));
}
