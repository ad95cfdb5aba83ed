/*
 * sdnotify.c: the messages of systemd's sd_notify protocol, as muster
 * takes them from a process (ready = notify) and gives them to its own
 * supervisor: newline-separated KEY=VALUE assignments in one datagram.
 * Pure, for the tests and the fuzzer.
 */

#include <string.h>

#include "muster.h"

/*
 * Reads one message of len bytes: READY=1, STOPPING=1 and STATUS=TEXT
 * are taken (the last of each), every other assignment is ignored, as
 * systemd ignores what it does not know.  STATUS is cut at
 * NOTIFY_STATUS_MAX bytes (not inside a UTF-8 character) and each
 * control character in it becomes a blank.  Returns 0, or -1 for a
 * message that holds a NUL byte, which systemd refuses too.
 */
int
notify_parse(const char *buf, size_t len, struct notify_msg *m)
{
	const char *p = buf, *end = buf + len, *nl, *v;
	size_t	    n, i;

	memset(m, 0, sizeof *m);
	if (memchr(buf, '\0', len) != NULL)
		return (-1);
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		if (n == 7 && memcmp(p, "READY=1", 7) == 0)
			m->ready = 1;
		else if (n == 10 && memcmp(p, "STOPPING=1", 10) == 0)
			m->stopping = 1;
		else if (n >= 7 && memcmp(p, "STATUS=", 7) == 0) {
			v = p + 7;
			n -= 7;
			if (n > NOTIFY_STATUS_MAX) {
				n = NOTIFY_STATUS_MAX;
				/* Back to the start of a character. */
				while (n > 0 &&
				    ((unsigned char)v[n] & 0xc0) == 0x80)
					n--;
			}
			for (i = 0; i < n; i++) {
				m->status[i] =
				    (unsigned char)v[i] < 0x20 || v[i] == 0x7f
				    ? ' '
				    : v[i];
			}
			m->status[n] = '\0';
			m->has_status = 1;
		}
		if (nl == end)
			break;
	}
	return (0);
}
