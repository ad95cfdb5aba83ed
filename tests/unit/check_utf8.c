/*
 * check_utf8.c: unit tests of the UTF-8 decoder: every kind of sequence it
 * takes, with its length and code point, and every reason it refuses one.
 */

#include "unit.h"

static void   decodes(const char *, size_t, size_t, unsigned long);
static void   refused(const char *, size_t);
static Suite *utf8_suite(void);

/* Asserts that the n bytes at s start with a character of len bytes, cp. */
static void
decodes(const char *s, size_t n, size_t len, unsigned long cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long	     got = 0xdeadbeef;

	ck_assert_uint_eq(utf8_decode(u, n, &got), len);
	ck_assert_msg(got == cp, "U+%04lX, not U+%04lX", got, cp);
	ck_assert_uint_eq(utf8_decode(u, n, NULL), len);
	ck_assert_uint_eq(utf8_len(u, n), len);
}

/* Asserts that the n bytes at s start no character, and *cp is kept. */
static void
refused(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long	     got = 0xdeadbeef;

	ck_assert_uint_eq(utf8_decode(u, n, &got), 0);
	ck_assert_msg(got == 0xdeadbeef, "*cp written: U+%04lX", got);
	ck_assert_uint_eq(utf8_decode(u, n, NULL), 0);
	ck_assert_uint_eq(utf8_len(u, n), 0);
}

START_TEST(test_ascii)
{
	decodes(LIT("a"), 1, 'a');
	decodes(LIT("ab"), 1, 'a');
	/* A NUL is a character like any other: output is not a string. */
	decodes(LIT("\0"), 1, 0);
	decodes(LIT("\x7f"), 1, 0x7f);
	decodes(LIT("\x01\x80"), 1, 1);
	/* No bytes, no character. */
	refused("a", 0);
}
END_TEST

START_TEST(test_two)
{
	decodes(LIT("\xc2\x80"), 2, 0x80);
	decodes(LIT("\xc3\xa9"), 2, 0xe9);
	decodes(LIT("\xdf\xbf"), 2, 0x7ff);
	decodes(LIT("\xc3\xa9\xff"), 2, 0xe9);
	/* Overlong: 0xc0 and 0xc1 would write ASCII again. */
	refused(LIT("\xc0\x80"));
	refused(LIT("\xc0\xaf"));
	refused(LIT("\xc1\xbf"));
	/* Cut short: by n, or by a byte that continues nothing. */
	refused(LIT("\xc3"));
	refused("\xc3\xa9", 1);
	refused(LIT("\xc3"
		    "a"));
	refused(LIT("\xc3\0"));
	refused(LIT("\xc3\xc3\xa9"));
}
END_TEST

START_TEST(test_three)
{
	decodes(LIT("\xe0\xa0\x80"), 3, 0x800);
	decodes(LIT("\xe2\x82\xac"), 3, 0x20ac);
	decodes(LIT("\xed\x9f\xbf"), 3, 0xd7ff);
	decodes(LIT("\xee\x80\x80"), 3, 0xe000);
	decodes(LIT("\xef\xbf\xbe"), 3, 0xfffe);
	decodes(LIT("\xef\xbf\xbf"), 3, 0xffff);
	/* Overlong. */
	refused(LIT("\xe0\x80\x80"));
	refused(LIT("\xe0\x9f\xbf"));
	/* UTF-16 surrogates, the first and the last. */
	refused(LIT("\xed\xa0\x80"));
	refused(LIT("\xed\xbf\xbf"));
	/* Cut short, at each byte. */
	refused(LIT("\xe2"));
	refused(LIT("\xe2\x82"));
	refused("\xe2\x82\xac", 2);
	refused(LIT("\xe2"
		    "a\xac"));
	refused(LIT("\xe2\x82"
		    "a"));
	refused(LIT("\xe2\x82\0"));
}
END_TEST

START_TEST(test_four)
{
	decodes(LIT("\xf0\x90\x80\x80"), 4, 0x10000);
	decodes(LIT("\xf0\x9f\x98\x80"), 4, 0x1f600);
	decodes(LIT("\xf4\x8f\xbf\xbf"), 4, 0x10ffff);
	decodes(LIT("\xf4\x8f\xbf\xbf\x80"), 4, 0x10ffff);
	/* Overlong. */
	refused(LIT("\xf0\x80\x80\x80"));
	refused(LIT("\xf0\x8f\xbf\xbf"));
	/* Past U+10FFFF: after 0xf4, and every lead byte beyond it. */
	refused(LIT("\xf4\x90\x80\x80"));
	refused(LIT("\xf5\x80\x80\x80"));
	refused(LIT("\xf7\xbf\xbf\xbf"));
	/* Cut short, at each byte. */
	refused(LIT("\xf0\x9f\x98"));
	refused("\xf0\x9f\x98\x80", 3);
	refused(LIT("\xf0"
		    "a\x98\x80"));
	refused(LIT("\xf0\x9f"
		    "a\x80"));
	refused(LIT("\xf0\x9f\x98"
		    "a"));
	refused(LIT("\xf0\x9f\x98\xc3\xa9"));
}
END_TEST

/* Bytes that start no character at all. */
START_TEST(test_no_lead)
{
	unsigned int b;
	char	     s[4];

	/* Every continuation byte, alone or before more of them. */
	for (b = 0x80; b <= 0xbf; b++) {
		s[0] = (char)b;
		s[1] = s[2] = s[3] = (char)0x80;
		refused(s, 1);
		refused(s, 4);
	}
	/* The old five- and six-byte forms' lead bytes, and 0xfe, 0xff. */
	for (b = 0xf8; b <= 0xff; b++) {
		s[0] = (char)b;
		s[1] = s[2] = s[3] = (char)0x80;
		refused(s, 4);
	}
}
END_TEST

/* Every code point round trips through an encoder written here. */
START_TEST(test_every_code_point)
{
	unsigned char s[4];
	unsigned long c, got;
	size_t	      len;

	for (c = 0; c <= 0x10ffff; c++) {
		if (c < 0x80) {
			s[0] = c;
			len = 1;
		} else if (c < 0x800) {
			s[0] = 0xc0 | c >> 6;
			s[1] = 0x80 | (c & 0x3f);
			len = 2;
		} else if (c < 0x10000) {
			s[0] = 0xe0 | c >> 12;
			s[1] = 0x80 | (c >> 6 & 0x3f);
			s[2] = 0x80 | (c & 0x3f);
			len = 3;
		} else {
			s[0] = 0xf0 | c >> 18;
			s[1] = 0x80 | (c >> 12 & 0x3f);
			s[2] = 0x80 | (c >> 6 & 0x3f);
			s[3] = 0x80 | (c & 0x3f);
			len = 4;
		}
		if (c >= 0xd800 && c <= 0xdfff) {
			ck_assert_uint_eq(utf8_len(s, len), 0);
			continue;
		}
		got = 0xdeadbeef;
		if (utf8_decode(s, len, &got) != len || got != c)
			ck_abort_msg("U+%04lX decoded as U+%04lX", c, got);
	}
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("utf8");
	tc = tcase_create("decode");
	tcase_add_test(tc, test_ascii);
	tcase_add_test(tc, test_two);
	tcase_add_test(tc, test_three);
	tcase_add_test(tc, test_four);
	tcase_add_test(tc, test_no_lead);
	tcase_add_test(tc, test_every_code_point);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(utf8_suite()));
}
