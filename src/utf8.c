/*
 * utf8.c: the one UTF-8 decoder of muster: the valid, shortest-form
 * character at the start of some bytes, or that there is none.
 */

#include "muster.h"

/*
 * The length (1 to 4) of the UTF-8 character that the n bytes at s start
 * with, and its code point in *cp unless cp is NULL; 0 when they start no
 * valid character: a continuation byte, a byte no character starts with,
 * a sequence cut short, an overlong form (one that a shorter sequence
 * could write), a UTF-16 surrogate or a code point above U+10FFFF.  The
 * quoting of `muster export` refuses what is not UTF-8, so the checks are
 * those of RFC 3629, which the targets' own readers apply.
 */
size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t	      len, i;

	if (n == 0)
		return (0);
	if (s[0] < 0x80) {
		if (cp != NULL)
			*cp = s[0];
		return (1);
	}
	/* 0xc0 and 0xc1 could only start an overlong form of ASCII. */
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return (0);
	if (n < len)
		return (0);
	c = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return (0);
	if (cp != NULL)
		*cp = c;
	return (len);
}

/* The length of the character at s, as utf8_decode finds it; 0 if none. */
size_t
utf8_len(const unsigned char *s, size_t n)
{
	return (utf8_decode(s, n, NULL));
}
