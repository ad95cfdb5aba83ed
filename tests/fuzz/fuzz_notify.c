/*
 * fuzz_notify.c: libFuzzer target for the sd_notify message parser.  The
 * input is one datagram: it is refused exactly when it holds a NUL byte;
 * otherwise READY and STOPPING must be what a scan of its lines finds,
 * and the status the last STATUS= line's text, control characters made
 * blanks, cut at NOTIFY_STATUS_MAX bytes on a character's start: never
 * inside a sequence that was complete in the input, and, where the text
 * up to the cut is well-formed, at the last character boundary that fits.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int    cont(unsigned char);
static size_t seq_len(const unsigned char *, size_t);
static int    is_line(const char *, size_t, const char *);
static void   check_status(const struct notify_msg *, const char *, size_t);

static int
cont(unsigned char c)
{
	return ((c & 0xc0) == 0x80);
}

/*
 * The bytes of the sequence at s (n bytes left): a lead byte and all
 * the continuation bytes it announces, else 0 (a byte below 0x80 is 1).
 */
static size_t
seq_len(const unsigned char *s, size_t n)
{
	size_t k, i;

	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc0 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf7)
		k = 4;
	else
		return (0);
	if (k > n)
		return (0);
	for (i = 1; i < k; i++) {
		if (!cont(s[i]))
			return (0);
	}
	return (k);
}

/* The line of len bytes at p is exactly word. */
static int
is_line(const char *p, size_t len, const char *word)
{
	return (len == strlen(word) && memcmp(p, word, len) == 0);
}

/* The status taken from the value v of vlen bytes, the last STATUS=. */
static void
check_status(const struct notify_msg *m, const char *v, size_t vlen)
{
	const unsigned char *u = (const unsigned char *)v;
	size_t		     n, i, k, fit = 0;
	int		     wellformed = 1;
	char		     want;

	n = strnlen(m->status, sizeof m->status);
	if (n > NOTIFY_STATUS_MAX || n > vlen)
		abort();
	/* The text as it was, with blanks for control characters. */
	for (i = 0; i < n; i++) {
		want = u[i] < 0x20 || u[i] == 0x7f ? ' ' : v[i];
		if (m->status[i] != want)
			abort();
		if ((unsigned char)m->status[i] < 0x20 || m->status[i] == 0x7f)
			abort();
	}
	if (vlen <= NOTIFY_STATUS_MAX) {
		/* Short enough: all of it. */
		if (n != vlen)
			abort();
		return;
	}
	/* Never inside a sequence complete in the input. */
	for (i = 0; i < n; i++) {
		k = seq_len(u + i, vlen - i);
		if (k > 1 && i + k > n && i < n)
			abort();
	}
	/*
	 * Where each byte up to the cut and the one at it belongs to a whole
	 * sequence (or is a stray lead byte on its own), the cut is at the
	 * last boundary that fits, no more than 3 bytes short.
	 */
	for (i = 0; i <= NOTIFY_STATUS_MAX;) {
		k = seq_len(u + i, vlen - i);
		if (k == 0) {
			if (cont(u[i])) {
				wellformed = 0;
				break;
			}
			k = 1;
		}
		if (i + k <= NOTIFY_STATUS_MAX)
			fit = i + k;
		i += k;
	}
	if (wellformed && (n != fit || n + 3 < NOTIFY_STATUS_MAX))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	 *s = (const char *)data, *p, *end = s + size, *nl;
	const char	 *status = NULL;
	struct notify_msg m;
	size_t		  len, slen = 0;
	int		  rc, ready = 0, stopping = 0;

	memset(&m, 0xa5, sizeof m);
	rc = notify_parse(s, size, &m);
	if (memchr(s, '\0', size) != NULL) {
		/* Refused whole: nothing taken. */
		if (rc != -1 || m.ready || m.stopping || m.has_status)
			abort();
		return (0);
	}
	if (rc != 0)
		abort();
	if (m.ready != 0 && m.ready != 1)
		abort();
	if (m.stopping != 0 && m.stopping != 1)
		abort();
	if (m.has_status != 0 && m.has_status != 1)
		abort();

	/* An independent scan of the lines. */
	for (p = s; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		len = nl - p;
		if (is_line(p, len, "READY=1"))
			ready = 1;
		else if (is_line(p, len, "STOPPING=1"))
			stopping = 1;
		else if (len >= 7 && memcmp(p, "STATUS=", 7) == 0) {
			status = p + 7;
			slen = len - 7;
		}
	}
	if (m.ready != ready || m.stopping != stopping ||
	    m.has_status != (status != NULL))
		abort();
	/* NUL-terminated within the buffer, whatever was said. */
	if (memchr(m.status, '\0', sizeof m.status) == NULL)
		abort();
	if (status != NULL)
		check_status(&m, status, slen);
	return (0);
}
