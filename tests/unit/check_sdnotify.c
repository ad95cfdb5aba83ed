/*
 * check_sdnotify.c: unit tests of the sd_notify message parser: READY=1
 * and STOPPING=1 only as whole lines, the last STATUS= kept, cut at 200
 * bytes never inside a UTF-8 character and with control characters made
 * blanks, unknown assignments ignored, and a NUL byte refusing the
 * whole message.
 */

#include "unit.h"

static void   parse(struct notify_msg *, const char *, size_t);
static void   nothing(const char *, size_t);
static void   status_is(const char *, size_t, const char *);
static char  *repeat(char, size_t, const char *);
static Suite *sdnotify_suite(void);

/* Parses a message that must be taken; m is spoilt first. */
static void
parse(struct notify_msg *m, const char *buf, size_t len)
{
	memset(m, 0xa5, sizeof *m);
	ck_assert_int_eq(notify_parse(buf, len, m), 0);
	ck_assert_msg(m->ready == 0 || m->ready == 1, "ready %d", m->ready);
	ck_assert_msg(m->stopping == 0 || m->stopping == 1, "stopping %d",
	    m->stopping);
	ck_assert_msg(m->has_status == 0 || m->has_status == 1, "has_status %d",
	    m->has_status);
	if (m->has_status)
		ck_assert_uint_le(strlen(m->status), NOTIFY_STATUS_MAX);
}

/* A message taken that says nothing muster uses. */
static void
nothing(const char *buf, size_t len)
{
	struct notify_msg m;

	parse(&m, buf, len);
	ck_assert_int_eq(m.ready, 0);
	ck_assert_int_eq(m.stopping, 0);
	ck_assert_int_eq(m.has_status, 0);
}

/* A message taken whose status is want. */
static void
status_is(const char *buf, size_t len, const char *want)
{
	struct notify_msg m;

	parse(&m, buf, len);
	ck_assert_int_eq(m.has_status, 1);
	ck_assert_str_eq(m.status, want);
}

/* "STATUS=" and n bytes c, then tail: allocated. */
static char *
repeat(char c, size_t n, const char *tail)
{
	char  *s;
	size_t t = strlen(tail);

	s = xmalloc(7 + n + t + 1);
	memcpy(s, "STATUS=", 7);
	memset(s + 7, c, n);
	memcpy(s + 7 + n, tail, t + 1);
	return (s);
}

START_TEST(test_ready)
{
	struct notify_msg m;

	parse(&m, LIT("READY=1"));
	ck_assert_int_eq(m.ready, 1);
	ck_assert_int_eq(m.stopping, 0);
	ck_assert_int_eq(m.has_status, 0);
	parse(&m, LIT("READY=1\n"));
	ck_assert_int_eq(m.ready, 1);
	ck_assert_int_eq(m.has_status, 0);
	/* Among others, as sd_notify(3) sends them. */
	parse(&m, LIT("MAINPID=4242\nREADY=1\nSTATUS=serving\n"));
	ck_assert_int_eq(m.ready, 1);
	ck_assert_int_eq(m.stopping, 0);
	ck_assert_str_eq(m.status, "serving");
	/* As the last line, without a newline. */
	parse(&m, LIT("STATUS=up\nREADY=1"));
	ck_assert_int_eq(m.ready, 1);
	ck_assert_str_eq(m.status, "up");
	/* Blank lines around it. */
	parse(&m, LIT("\n\nREADY=1\n\n"));
	ck_assert_int_eq(m.ready, 1);
	/* Said twice. */
	parse(&m, LIT("READY=1\nREADY=1\n"));
	ck_assert_int_eq(m.ready, 1);
}
END_TEST

START_TEST(test_not_ready)
{
	/* Only the whole line READY=1, as systemd reads it. */
	nothing(LIT("READY=0"));
	nothing(LIT("READY=11"));
	nothing(LIT("READY=1 "));
	nothing(LIT(" READY=1"));
	nothing(LIT("READY=1\r\n"));
	nothing(LIT("READY=\n"));
	nothing(LIT("READY\n"));
	nothing(LIT("ready=1"));
	nothing(LIT("READY=yes"));
	nothing(LIT("READY=01"));
	/* A prefix of it. */
	nothing(LIT("READY="));
	nothing(LIT("READY"));
	nothing(LIT("R"));
}
END_TEST

START_TEST(test_stopping)
{
	struct notify_msg m;

	parse(&m, LIT("STOPPING=1"));
	ck_assert_int_eq(m.stopping, 1);
	ck_assert_int_eq(m.ready, 0);
	ck_assert_int_eq(m.has_status, 0);
	parse(&m, LIT("STOPPING=1\nSTATUS=stopping\n"));
	ck_assert_int_eq(m.stopping, 1);
	ck_assert_str_eq(m.status, "stopping");
	parse(&m, LIT("READY=1\nSTOPPING=1"));
	ck_assert_int_eq(m.ready, 1);
	ck_assert_int_eq(m.stopping, 1);
	nothing(LIT("STOPPING=0"));
	nothing(LIT("STOPPING=10"));
	nothing(LIT("STOPPING=1 "));
	nothing(LIT("STOPPING"));
}
END_TEST

START_TEST(test_status)
{
	struct notify_msg m;

	status_is(LIT("STATUS=Processing requests"), "Processing requests");
	status_is(LIT("STATUS=Processing requests\n"), "Processing requests");
	/* Empty: said, and empty. */
	status_is(LIT("STATUS="), "");
	status_is(LIT("STATUS=\n"), "");
	/* An = in the text is text. */
	status_is(LIT("STATUS=a=b==c"), "a=b==c");
	/* UTF-8 kept as it is. */
	status_is(LIT("STATUS=caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	/* Blanks kept, at both ends too. */
	status_is(LIT("STATUS=  two  "), "  two  ");
	/* Not a status. */
	nothing(LIT("STATUS"));
	nothing(LIT("STATUSX=no"));
	nothing(LIT("status=no"));
	nothing(LIT(" STATUS=no"));
	parse(&m, LIT("READY=1\nSTATUS=x"));
	ck_assert_int_eq(m.ready, 1);
	ck_assert_str_eq(m.status, "x");
}
END_TEST

START_TEST(test_status_last_wins)
{
	status_is(LIT("STATUS=first\nSTATUS=second\n"), "second");
	/* A longer earlier one leaves nothing behind. */
	status_is(LIT("STATUS=a very long first status\nSTATUS=b"), "b");
	status_is(LIT("STATUS=something\nSTATUS=\n"), "");
	status_is(LIT("STATUS=a\nREADY=1\nSTATUS=b\nX=1\n"), "b");
}
END_TEST

START_TEST(test_status_control)
{
	/* Each control character (and DEL) becomes one blank. */
	status_is(LIT("STATUS=a\tb\x01"
		      "c\x7f"
		      "d\x1b[1me"),
	    "a b c d [1me");
	/* A CR before the newline too. */
	status_is(LIT("STATUS=dos\r\n"), "dos ");
	status_is(LIT("STATUS=\x1f\x7f\x08"), "   ");
	/* Bytes from 0x80 are not control characters. */
	status_is(LIT("STATUS=\xc2\x85\xc2\x9b"), "\xc2\x85\xc2\x9b");
}
END_TEST

START_TEST(test_status_cut)
{
	char  *s, *want;
	size_t i;

	/* 200 bytes: all kept; 201 and more: 200. */
	s = repeat('a', 200, "");
	want = xstrndup(s + 7, 200);
	status_is(s, strlen(s), want);
	free(s);
	s = repeat('a', 201, "");
	status_is(s, strlen(s), want);
	free(s);
	s = repeat('a', 4000, "\nREADY=1");
	status_is(s, strlen(s), want);
	free(s);
	free(want);

	/* 199 ASCII and a 2-byte character: the character is left out. */
	s = repeat('a', 199, "\xc3\xa9");
	want = xstrndup(s + 7, 199);
	status_is(s, strlen(s), want);
	free(s);
	s = repeat('a', 199, "\xc3\xa9zzz");
	status_is(s, strlen(s), want);
	free(s);
	free(want);
	/* 198 and one: it ends at 200, kept, even with more after it. */
	s = repeat('a', 198, "\xc3\xa9");
	status_is(s, strlen(s), s + 7);
	ck_assert_uint_eq(strlen(s + 7), 200);
	free(s);
	s = repeat('a', 198, "\xc3\xa9z");
	want = xstrndup(s + 7, 200);
	status_is(s, strlen(s), want);
	free(s);
	free(want);

	/* 3- and 4-byte characters across the cut at every offset. */
	for (i = 1; i <= 2; i++) {
		s = repeat('b', 200 - i, "\xe2\x82\xac!");
		want = xstrndup(s + 7, 200 - i);
		status_is(s, strlen(s), want);
		free(s);
		free(want);
	}
	for (i = 1; i <= 3; i++) {
		s = repeat('c', 200 - i, "\xf0\x9f\x98\x80!");
		want = xstrndup(s + 7, 200 - i);
		status_is(s, strlen(s), want);
		free(s);
		free(want);
	}
	/* A 4-byte character that ends at 200 exactly is kept. */
	s = repeat('d', 196, "\xf0\x9f\x98\x80!");
	want = xstrndup(s + 7, 200);
	status_is(s, strlen(s), want);
	free(s);
	free(want);

	/* Control characters past the cut do not matter; before it, blanks. */
	s = repeat('e', 205, "");
	s[7] = '\t';
	s[7 + 201] = '\t';
	want = xstrndup(s + 7, 200);
	want[0] = ' ';
	status_is(s, strlen(s), want);
	free(s);
	free(want);

	/* The cut is per STATUS: a long one, then a short one. */
	s = repeat('f', 300, "\nSTATUS=short");
	status_is(s, strlen(s), "short");
	free(s);
}
END_TEST

START_TEST(test_empty)
{
	nothing("", 0);
	nothing("READY=1", 0);
	nothing(LIT("\n"));
	nothing(LIT("\n\n\n\n"));
	nothing(LIT("="));
	nothing(LIT("\xff\xfe"));
}
END_TEST

START_TEST(test_nul)
{
	struct notify_msg m;

	/* Anywhere: the whole message is refused, nothing taken. */
	memset(&m, 0xa5, sizeof m);
	ck_assert_int_eq(notify_parse(LIT("READY=1\0"), &m), -1);
	ck_assert_int_eq(m.ready, 0);
	ck_assert_int_eq(m.has_status, 0);
	ck_assert_int_eq(notify_parse(LIT("\0READY=1"), &m), -1);
	ck_assert_int_eq(notify_parse(LIT("\0"), &m), -1);
	ck_assert_int_eq(notify_parse(LIT("STATUS=a\0b\nREADY=1\n"), &m), -1);
	ck_assert_int_eq(m.ready, 0);
	ck_assert_int_eq(m.has_status, 0);
	ck_assert_int_eq(notify_parse(LIT("READY=1\nSTOPPING=1\nX=\0"), &m),
	    -1);
	ck_assert_int_eq(m.ready, 0);
	ck_assert_int_eq(m.stopping, 0);
	/* Only the len bytes given are read. */
	ck_assert_int_eq(notify_parse("READY=1\0", 7, &m), 0);
	ck_assert_int_eq(m.ready, 1);
}
END_TEST

START_TEST(test_unknown)
{
	struct notify_msg m;

	nothing(LIT("MAINPID=42\nWATCHDOG=1\nFDSTORE=1\nRELOADING=1\n"
		    "ERRNO=2\nBUSERROR=x\nEXIT_STATUS=3\nWATCHDOG_USEC=5\n"));
	nothing(LIT("X=READY=1\nNOT_READY=1\nREADY_=1\n"));
	nothing(LIT("no equals sign\nREADY\n"));
	/* Around what is known, they change nothing. */
	parse(&m, LIT("MAINPID=42\nREADY=1\nFOO=bar\nSTATUS=s\nBAZ\n"));
	ck_assert_int_eq(m.ready, 1);
	ck_assert_int_eq(m.stopping, 0);
	ck_assert_str_eq(m.status, "s");
}
END_TEST

static Suite *
sdnotify_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("sdnotify");
	tc = tcase_create("parse");
	tcase_add_test(tc, test_ready);
	tcase_add_test(tc, test_not_ready);
	tcase_add_test(tc, test_stopping);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_status_last_wins);
	tcase_add_test(tc, test_status_control);
	tcase_add_test(tc, test_status_cut);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_nul);
	tcase_add_test(tc, test_unknown);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(sdnotify_suite()));
}
