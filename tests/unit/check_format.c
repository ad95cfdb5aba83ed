/*
 * check_format.c: unit tests of the relay's formatting (muster(1) OUTPUT):
 * exact text prefixes and JSON lines at a fixed clock, in UTC.
 */

#include <signal.h>
#include <time.h>

#include "unit.h"

/* 2026-11-18 11:06:40 UTC, and a quarter of a second, exact in binary. */
#define T0  1795000000.0
#define T0Q 1795000000.25

static struct format *fmt(int, int, int, int, size_t);
static char	     *take(struct bytes *);
static char  *line(struct format *, double, const char *, int, pid_t, int,
     const char *, size_t);
static char  *lines(struct format *, double, const char *, int, const char *,
     size_t);
static char  *event(struct format *, double, const char *, int, pid_t,
     const char *, int, int, const char *);
static char  *json(const char *, size_t);
static char  *refuse(struct bytes *, size_t);
static Suite *format_suite(void);

/* A format: json, timestamps, prefix, color, width. */
static struct format *
fmt(int j, int ts, int prefix, int color, size_t width)
{
	struct format_options opt;

	memset(&opt, 0, sizeof opt);
	opt.json = j;
	opt.timestamps = ts;
	opt.prefix = prefix;
	opt.color = color;
	opt.width = width;
	return (format_create(&opt));
}

/* The bytes of b as a string; b is emptied. */
static char *
take(struct bytes *b)
{
	char *s;

	s = xstrndup(b->len > 0 ? b->data : "", b->len);
	bytes_free(b);
	return (s);
}

static char *
line(struct format *f, double now, const char *name, int color, pid_t pid,
    int is_err, const char *s, size_t n)
{
	struct bytes b;

	bytes_init(&b);
	format_line(f, &b, now, name, color, pid, is_err, s, n);
	return (take(&b));
}

static char *
lines(struct format *f, double now, const char *name, int color, const char *s,
    size_t n)
{
	struct bytes b;

	bytes_init(&b);
	format_lines(f, &b, now, name, color, 7, 0, s, n);
	return (take(&b));
}

static char *
event(struct format *f, double now, const char *name, int color, pid_t pid,
    const char *ev, int code, int signo, const char *msg)
{
	struct bytes b;

	bytes_init(&b);
	format_event(f, &b, now, name, color, pid, ev, code, signo, msg);
	return (take(&b));
}

/* The JSON string of n bytes at s. */
static char *
json(const char *s, size_t n)
{
	struct bytes b;

	bytes_init(&b);
	format_json_string(&b, s, n);
	return (take(&b));
}

static char *
refuse(struct bytes *b, size_t n)
{
	(void)b;
	(void)n;
	return (NULL);
}

#define ck_line(got, want) \
	do { \
		char *g_ = (got); \
		ck_assert_str_eq(g_, (want)); \
		free(g_); \
	} while (0)

START_TEST(t_text_timestamps)
{
	struct format *f = fmt(0, 1, 1, 0, 6);

	ck_line(line(f, T0, "web.1", 0, 7, 0, LIT("hello")),
	    "11:06:40 web.1  | hello\n");
	ck_line(line(f, T0Q, "system", -1, 7, 0, LIT("")),
	    "11:06:40 system | \n");
	/* The cached prefix of a name takes the next second's clock. */
	ck_line(line(f, T0 + 1, "system", -1, 7, 1, LIT("x")),
	    "11:06:41 system | x\n");
	ck_line(line(f, T0 + 3599, "web.1", 0, 7, 0, LIT("a\rb")),
	    "12:06:39 web.1  | a\rb\n");
	format_free(f);
}
END_TEST

START_TEST(t_text_no_timestamps)
{
	struct format *f = fmt(0, 0, 1, 0, 6);

	ck_line(line(f, T0, "web.1", 0, 7, 0, LIT("hello")),
	    "web.1  | hello\n");
	ck_line(event(f, T0, "system", -1, 7, "signal", -1, SIGINT,
		    "SIGINT received, stopping"),
	    "system | SIGINT received, stopping\n");
	format_free(f);
}
END_TEST

START_TEST(t_text_color)
{
	struct format *f = fmt(0, 1, 1, 1, 6);

	ck_line(line(f, T0, "web.1", 0, 7, 0, LIT("hi")),
	    "\033[36m11:06:40 web.1  |\033[0m hi\n");
	/* Twelve colours, then round again. */
	ck_line(line(f, T0, "db.1", 13, 7, 0, LIT("hi")),
	    "\033[33m11:06:40 db.1   |\033[0m hi\n");
	ck_line(line(f, T0, "db.1", 11, 7, 0, LIT("hi")),
	    "\033[94m11:06:40 db.1   |\033[0m hi\n");
	/* muster's own lines are never coloured. */
	ck_line(event(f, T0, "system", -1, 7, "stop", -1, SIGTERM,
		    "sending SIGTERM to web.1 (pid 7)"),
	    "11:06:40 system | sending SIGTERM to web.1 (pid 7)\n");
	format_free(f);
	f = fmt(0, 0, 1, 1, 6);
	ck_line(line(f, T0, "web.1", 2, 7, 0, LIT("hi")),
	    "\033[32mweb.1  |\033[0m hi\n");
	format_free(f);
	f = fmt(0, 0, 1, 0, 6);
	ck_line(line(f, T0, "web.1", 2, 7, 0, LIT("hi")), "web.1  | hi\n");
	format_free(f);
}
END_TEST

START_TEST(t_text_padding)
{
	struct format *f = fmt(0, 0, 1, 0, 12);

	ck_line(line(f, T0, "web.1", 0, 7, 0, LIT("x")), "web.1        | x\n");
	ck_line(line(f, T0, "worker.10", 1, 7, 0, LIT("x")),
	    "worker.10    | x\n");
	/* A name longer than the column is not cut, and not padded. */
	ck_line(line(f, T0, "a-very-long-name.1", 2, 7, 0, LIT("x")),
	    "a-very-long-name.1 | x\n");
	format_free(f);
}
END_TEST

/*
 * A name in a buffer used again for another name (a client decoding
 * lines in place, an instance freed and another made) gets its own
 * prefix; a wider column (scale) pads every name to it.
 */
START_TEST(t_text_name_reused)
{
	struct format *f = fmt(0, 0, 1, 0, 8);
	char	       name[16];

	snprintf(name, sizeof name, "worker.2");
	ck_line(line(f, T0, name, 1, 7, 0, LIT("x")), "worker.2 | x\n");
	snprintf(name, sizeof name, "worker.3");
	ck_line(line(f, T0, name, 1, 7, 0, LIT("y")), "worker.3 | y\n");
	format_set_width(f, 10);
	ck_line(line(f, T0, name, 1, 7, 0, LIT("z")), "worker.3   | z\n");
	format_free(f);
}
END_TEST

START_TEST(t_text_no_prefix)
{
	struct format *f = fmt(0, 1, 0, 1, 6);

	ck_line(line(f, T0, "web.1", 0, 7, 0, LIT("bare")), "bare\n");
	ck_line(lines(f, T0, "web.1", 0, LIT("a\nb\n\n")), "a\nb\n\n");
	/* muster's own lines keep their prefix. */
	ck_line(event(f, T0, "web.1", 0, 7, "start", -1, 0,
		    "started with pid 7"),
	    "\033[36m11:06:40 web.1  |\033[0m started with pid 7\n");
	format_free(f);
}
END_TEST

START_TEST(t_text_lines)
{
	struct format *f = fmt(0, 1, 1, 0, 6);

	ck_line(lines(f, T0, "web.1", 0, LIT("one\n\nthree\n")),
	    "11:06:40 web.1  | one\n"
	    "11:06:40 web.1  | \n"
	    "11:06:40 web.1  | three\n");
	/* The block and a single line of another name agree. */
	ck_line(line(f, T0, "db.1", 1, 7, 0, LIT("one")),
	    "11:06:40 db.1   | one\n");
	ck_line(lines(f, T0 + 1, "web.1", 0, LIT("\xff\n")),
	    "11:06:41 web.1  | \xff\n");
	format_free(f);
}
END_TEST

START_TEST(t_json_line)
{
	struct format *f = fmt(1, 1, 1, 1, 6);

	ck_line(line(f, T0Q, "web.1", 0, 42, 0, LIT("hello")),
	    "{\"time\":\"2026-11-18T11:06:40.250Z\",\"process\":\"web.1\","
	    "\"pid\":42,\"stream\":\"stdout\",\"line\":\"hello\"}\n");
	ck_line(line(f, T0 + 1, "web.1", 0, 42, 1, LIT("oops")),
	    "{\"time\":\"2026-11-18T11:06:41.000Z\",\"process\":\"web.1\","
	    "\"pid\":42,\"stream\":\"stderr\",\"line\":\"oops\"}\n");
	ck_line(lines(f, T0, "web.1", 0, LIT("a\n\"b\"\n")),
	    "{\"time\":\"2026-11-18T11:06:40.000Z\",\"process\":\"web.1\","
	    "\"pid\":7,\"stream\":\"stdout\",\"line\":\"a\"}\n"
	    "{\"time\":\"2026-11-18T11:06:40.000Z\",\"process\":\"web.1\","
	    "\"pid\":7,\"stream\":\"stdout\",\"line\":\"\\\"b\\\"\"}\n");
	format_free(f);
}
END_TEST

START_TEST(t_json_event)
{
	struct format *f = fmt(1, 0, 0, 0, 6);

	ck_line(event(f, T0, "web.1", 0, 42, "exit", 3, 0,
		    "exited with code 3"),
	    "{\"time\":\"2026-11-18T11:06:40.000Z\",\"process\":\"web.1\","
	    "\"pid\":42,\"stream\":\"system\",\"event\":\"exit\",\"code\":3,"
	    "\"line\":\"exited with code 3\"}\n");
	ck_line(event(f, T0, "web.1", 0, 42, "exit", -1, SIGKILL,
		    "killed by SIGKILL"),
	    "{\"time\":\"2026-11-18T11:06:40.000Z\",\"process\":\"web.1\","
	    "\"pid\":42,\"stream\":\"system\",\"event\":\"exit\","
	    "\"signal\":\"SIGKILL\",\"line\":\"killed by SIGKILL\"}\n");
	ck_line(event(f, T0, "system", -1, 1, "signal", 0, SIGTERM,
		    "SIGTERM received, stopping"),
	    "{\"time\":\"2026-11-18T11:06:40.000Z\",\"process\":\"system\","
	    "\"pid\":1,\"stream\":\"system\",\"event\":\"signal\",\"code\":0,"
	    "\"signal\":\"SIGTERM\",\"line\":\"SIGTERM received, stopping\"}\n");
	ck_line(event(f, T0, "web.1", 0, 42, "start", -1, 0,
		    "started with pid 42"),
	    "{\"time\":\"2026-11-18T11:06:40.000Z\",\"process\":\"web.1\","
	    "\"pid\":42,\"stream\":\"system\",\"event\":\"start\","
	    "\"line\":\"started with pid 42\"}\n");
	format_free(f);
}
END_TEST

START_TEST(t_json_controls)
{
	char in[32], want[32 * 6 + 3], *p;
	int  c;

	for (c = 0; c < 32; c++)
		in[c] = (char)c;
	p = want;
	*p++ = '"';
	for (c = 0; c < 32; c++) {
		if (c == '\n')
			p += sprintf(p, "\\n");
		else if (c == '\r')
			p += sprintf(p, "\\r");
		else if (c == '\t')
			p += sprintf(p, "\\t");
		else
			p += sprintf(p, "\\u%04x", c);
	}
	*p++ = '"';
	*p = '\0';
	ck_line(json(in, sizeof in), want);
	ck_line(json(LIT("\x01")), "\"\\u0001\"");
	ck_line(json(LIT("a\0b")), "\"a\\u0000b\"");
	ck_line(json(LIT("\x1f\x7f ~")), "\"\\u001f\x7f ~\"");
}
END_TEST

START_TEST(t_json_quotes)
{
	ck_line(json(LIT("")), "\"\"");
	ck_line(json(LIT("say \"hi\"")), "\"say \\\"hi\\\"\"");
	ck_line(json(LIT("C:\\dir\\")), "\"C:\\\\dir\\\\\"");
	ck_line(json(LIT("\\\"")), "\"\\\\\\\"\"");
	ck_line(json(LIT("/")), "\"/\"");
}
END_TEST

START_TEST(t_json_utf8)
{
	/* Two, three and four bytes, the last of each range. */
	ck_line(json(LIT("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80")),
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	ck_line(json(LIT("\xdf\xbf\xef\xbf\xbf\xf4\x8f\xbf\xbf")),
	    "\"\xdf\xbf\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
}
END_TEST

#define FFFD "\xef\xbf\xbd"

START_TEST(t_json_invalid)
{
	/* Each byte that starts no valid sequence is one U+FFFD. */
	ck_line(json(LIT("a\xff"
			 "b")),
	    "\"a" FFFD "b\"");
	ck_line(json(LIT("\x80")), "\"" FFFD "\"");
	/* Overlong forms. */
	ck_line(json(LIT("\xc0\x80")), "\"" FFFD FFFD "\"");
	ck_line(json(LIT("\xc1\xbf")), "\"" FFFD FFFD "\"");
	ck_line(json(LIT("\xe0\x80\xaf")), "\"" FFFD FFFD FFFD "\"");
	ck_line(json(LIT("\xf0\x8f\xbf\xbf")), "\"" FFFD FFFD FFFD FFFD "\"");
	/* A surrogate, and past U+10FFFF. */
	ck_line(json(LIT("\xed\xa0\x80")), "\"" FFFD FFFD FFFD "\"");
	ck_line(json(LIT("\xf4\x90\x80\x80")), "\"" FFFD FFFD FFFD FFFD "\"");
	ck_line(json(LIT("\xf5\x80\x80\x80")), "\"" FFFD FFFD FFFD FFFD "\"");
	/* Cut short, at the end and before another character. */
	ck_line(json(LIT("x\xe2\x82")), "\"x" FFFD FFFD "\"");
	ck_line(json(LIT("\xe2\x82x")), "\"" FFFD FFFD "x\"");
	ck_line(json(LIT("\xf0\x9f\x98\n")), "\"" FFFD FFFD FFFD "\\n\"");
}
END_TEST

START_TEST(t_refused)
{
	struct format *f = fmt(1, 1, 1, 0, 6);
	struct bytes   b;

	/* A buffer whose owner refuses room (a closed sink) gets nothing. */
	bytes_init(&b);
	b.reserve = refuse;
	format_line(f, &b, T0, "web.1", 0, 7, 0, LIT("lost"));
	format_event(f, &b, T0, "web.1", 0, 7, "exit", 0, 0, "lost");
	ck_assert_uint_eq(b.len, 0);
	format_free(f);
	f = fmt(0, 1, 1, 0, 6);
	format_lines(f, &b, T0, "web.1", 0, 7, 0, LIT("a\nb\n"));
	ck_assert_uint_eq(b.len, 0);
	format_free(f);
	bytes_free(&b);
	format_free(NULL);
}
END_TEST

static Suite *
format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, t_text_timestamps);
	tcase_add_test(tc, t_text_no_timestamps);
	tcase_add_test(tc, t_text_color);
	tcase_add_test(tc, t_text_padding);
	tcase_add_test(tc, t_text_name_reused);
	tcase_add_test(tc, t_text_no_prefix);
	tcase_add_test(tc, t_text_lines);
	tcase_add_test(tc, t_json_line);
	tcase_add_test(tc, t_json_event);
	tcase_add_test(tc, t_json_controls);
	tcase_add_test(tc, t_json_quotes);
	tcase_add_test(tc, t_json_utf8);
	tcase_add_test(tc, t_json_invalid);
	tcase_add_test(tc, t_refused);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	/* The text clock is local time: make it UTC, whatever the machine's. */
	setenv("TZ", "UTC", 1);
	tzset();
	return (unit_run(format_suite()));
}
