/*
 * bytes.c: a growable byte buffer that formatting appends to, whose owner
 * may decide how it makes room (a sink writes before it grows).
 */

#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* The first allocation: one pipe's worth, so a burst seldom regrows. */
#define BYTES_INITIAL 65536

void
bytes_init(struct bytes *b)
{
	memset(b, 0, sizeof *b);
}

/* Frees what b holds (not b itself, which is usually a member). */
void
bytes_free(struct bytes *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->size = 0;
}

/*
 * Doubles the allocation until n more bytes fit after len: the default
 * way to make room, and the last resort of an owner's reserve function.
 */
char *
bytes_expand(struct bytes *b, size_t n)
{
	size_t size = b->size;

	while (size - b->len < n)
		size = size == 0 ? BYTES_INITIAL : size * 2;
	if (size != b->size) {
		b->data = xreallocarray(b->data, size, 1);
		b->size = size;
	}
	return (b->data + b->len);
}

/*
 * Room for n more bytes at data + len, which the caller fills and then
 * counts in len.  The owner's reserve function, if any, decides how room
 * is made and may refuse it (NULL: what is appended is discarded); the
 * pointer is good until the next call.
 */
char *
bytes_reserve(struct bytes *b, size_t n)
{
	if (b->size - b->len >= n)
		return (b->data + b->len);
	if (b->reserve != NULL)
		return (b->reserve(b, n));
	return (bytes_expand(b, n));
}

void
bytes_add(struct bytes *b, const void *s, size_t n)
{
	char *p;

	if (n == 0)
		return;
	if ((p = bytes_reserve(b, n)) == NULL)
		return;
	memcpy(p, s, n);
	b->len += n;
}

void
bytes_addc(struct bytes *b, char c)
{
	bytes_add(b, &c, 1);
}

void
bytes_adds(struct bytes *b, const char *s)
{
	bytes_add(b, s, strlen(s));
}
