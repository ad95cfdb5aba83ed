/*
 * check_ready.c: unit tests of the readiness probes of muster.ini(5)
 * ready: the status line of the answer to the http probe, read from its
 * first bytes as they come (a status, more needed, or no such answer).
 */

#include "unit.h"
#include "sv.h"

static Suite *ready_suite(void);

/* The status of a literal answer. */
#define STATUS(s) ready_http_status(LIT(s))

START_TEST(test_http_status)
{
	ck_assert_int_eq(STATUS("HTTP/1.1 200 OK"), 200);
	ck_assert_int_eq(STATUS("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
	    200);
	ck_assert_int_eq(STATUS("HTTP/1.0 302"), 302);
	ck_assert_int_eq(STATUS("HTTP/1.0 302 Found\r\n"), 302);
	ck_assert_int_eq(STATUS("HTTP/1.1 204 No Content\r\n"), 204);
	ck_assert_int_eq(STATUS("HTTP/1.1 399 x"), 399);
	/* Any code from 100: the probe, not the parser, wants 2xx or 3xx. */
	ck_assert_int_eq(STATUS("HTTP/1.1 503 Service Unavailable\r\n"), 503);
	ck_assert_int_eq(STATUS("HTTP/1.1 404 Not Found"), 404);
	ck_assert_int_eq(STATUS("HTTP/1.1 100 Continue\r\n"), 100);
	ck_assert_int_eq(STATUS("HTTP/1.1 199"), 199);
	ck_assert_int_eq(STATUS("HTTP/1.1 999 x"), 999);
	ck_assert_int_eq(STATUS("HTTP/1.9 200 OK"), 200);
	/* What follows the three digits is not read. */
	ck_assert_int_eq(STATUS("HTTP/1.1 2000"), 200);
	ck_assert_int_eq(STATUS("HTTP/1.1 200\0garbage"), 200);
}
END_TEST

/* Every prefix of a good answer shorter than its status needs more. */
START_TEST(test_http_status_partial)
{
	static const char *const answers[] = { "HTTP/1.1 200 OK\r\n",
		"HTTP/1.0 302", "HTTP/1.1 503 Service Unavailable" };
	size_t			 i, k;

	ck_assert_int_eq(ready_http_status("", 0), 0);
	for (i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		for (k = 0; k < 12; k++)
			ck_assert_msg(ready_http_status(answers[i], k) == 0,
			    "'%.*s': %d", (int)k, answers[i],
			    ready_http_status(answers[i], k));
		ck_assert_int_gt(ready_http_status(answers[i], 12), 0);
	}
	ck_assert_int_eq(STATUS("H"), 0);
	ck_assert_int_eq(STATUS("HTTP/"), 0);
	ck_assert_int_eq(STATUS("HTTP/1."), 0);
	ck_assert_int_eq(STATUS("HTTP/1.1 20"), 0);
}
END_TEST

START_TEST(test_http_status_garbage)
{
	/* Refused as soon as the first bytes differ. */
	ck_assert_int_eq(STATUS("X"), -1);
	ck_assert_int_eq(STATUS("h"), -1);
	ck_assert_int_eq(STATUS("HTTP/2"), -1);
	ck_assert_int_eq(STATUS("HTTP/2 200"), -1);
	ck_assert_int_eq(STATUS("HTTP/2.0 200 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/0.9 200 OK"), -1);
	ck_assert_int_eq(STATUS("http/1.1 200 OK"), -1);
	ck_assert_int_eq(STATUS(" HTTP/1.1 200 OK"), -1);
	ck_assert_int_eq(STATUS("SSH-2.0-OpenSSH_9.2p1\r\n"), -1);
	ck_assert_int_eq(STATUS("ICY 200 OK\r\n"), -1);
	ck_assert_int_eq(STATUS("<html><body>ok</body></html>"), -1);
	ck_assert_int_eq(STATUS("\0\0\0\0\0\0\0\0\0\0\0\0"), -1);
	/* The version, the blank and the three digits, exactly. */
	ck_assert_int_eq(STATUS("HTTP/1.x 200 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.10 200 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1  200 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1\t200 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 2x0 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 20 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 -20 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 +20 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 OK 200"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 \xd9\xa2\xd9\xa0"), -1);
}
END_TEST

/* A status needs three digits from 100. */
START_TEST(test_http_status_low_codes)
{
	ck_assert_int_eq(STATUS("HTTP/1.1 000 x"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 001"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 099 x"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.0 020 OK"), -1);
	ck_assert_int_eq(STATUS("HTTP/1.1 100"), 100);
}
END_TEST

static Suite *
ready_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("ready");
	tc = tcase_create("http");
	tcase_add_test(tc, test_http_status);
	tcase_add_test(tc, test_http_status_partial);
	tcase_add_test(tc, test_http_status_garbage);
	tcase_add_test(tc, test_http_status_low_codes);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(ready_suite()));
}
