/*
 * fuzz_frame.c: libFuzzer target for the frames of connect.  The input is
 * read as a stream of frames, as a client sends them and as muster does:
 * each answer must be the one the protocol's rules give (a frame, more
 * needed, or refused), each frame taken must lie in the input within its
 * type's bound and be written again as the same bytes.  The input is also
 * written as frames of each type, which must read back.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t bound(int, int);
static int    expected(const unsigned char *, size_t, int);
static int decode_exact(const unsigned char *, size_t, int, struct ctl_frame *);
static void same_frame(const unsigned char *, const struct ctl_frame *);
static void stream(const unsigned char *, size_t, int);
static void encode(const unsigned char *, size_t);

/*
 * The longest payload a type may have from that side, from muster(1)
 * CONTROL PROTOCOL rather than from ctlproto.c; 0: that side never sends
 * it (every type a side sends may be longer than 0).
 */
static size_t
bound(int type, int from_client)
{
	switch (type) {
	case 'k':
		return (from_client ? 4096 : 0);
	case 'w':
		return (from_client ? 4 : 0);
	case 'o':
		return (from_client ? 0 : 65535);
	case 'x':
	case 'd':
		return (from_client ? 0 : 1024);
	default:
		return (0);
	}
}

/* What ctl_frame_decode must answer for the len bytes at p. */
static int
expected(const unsigned char *p, size_t len, int from_client)
{
	size_t n, max;

	if (len == 0)
		return (0);
	if ((max = bound(p[0], from_client)) == 0)
		return (-1);
	if (len < 3)
		return (0);
	n = (size_t)p[1] << 8 | p[2];
	if (n > max || (p[0] == 'w' && n != 4))
		return (-1);
	if (len < 3 + n)
		return (0);
	return ((int)(3 + n));
}

/*
 * Decodes a copy of the len bytes at p in a block of exactly that size,
 * so that ASan sees a read past len even where the input goes on.
 */
static int
decode_exact(const unsigned char *p, size_t len, int from_client,
    struct ctl_frame *f)
{
	char *copy;
	int   rc;

	copy = xmalloc(len > 0 ? len : 1);
	if (len > 0)
		memcpy(copy, p, len);
	rc = ctl_frame_decode(copy, len, from_client, f);
	free(copy);
	return (rc);
}

/* A frame read at p, written again: the same bytes. */
static void
same_frame(const unsigned char *p, const struct ctl_frame *f)
{
	struct bytes b;

	bytes_init(&b);
	if (f->type == CTL_FRAME_SIZE)
		ctl_frame_size(&b, f->rows, f->cols);
	else
		ctl_frame_encode(&b, f->type, f->data, f->len);
	if (b.len != 3 + f->len || memcmp(b.data, p, b.len) != 0)
		abort();
	bytes_free(&b);
}

/* The input as frames from one side, until one is refused or cut. */
static void
stream(const unsigned char *data, size_t size, int from_client)
{
	struct ctl_frame     f;
	const unsigned char *p;
	size_t		     off = 0, left;
	int		     rc;

	for (;;) {
		p = data + off;
		left = size - off;
		rc = ctl_frame_decode((const char *)p, left, from_client, &f);
		if (rc != expected(p, left, from_client))
			abort();
		if (rc <= 0)
			break;
		if ((size_t)rc > left || (size_t)rc != 3 + f.len ||
		    f.type != p[0] || f.len > bound(f.type, from_client) ||
		    f.data != (const char *)p + 3)
			abort();
		if (f.type == CTL_FRAME_SIZE &&
		    (f.rows != ((unsigned int)p[3] << 8 | p[4]) ||
			f.cols != ((unsigned int)p[5] << 8 | p[6])))
			abort();
		same_frame(p, &f);
		/* Cut by one byte, it is awaited, and read within the cut. */
		if (decode_exact(p, (size_t)rc - 1, from_client, &f) != 0)
			abort();
		if (decode_exact(p, (size_t)rc, from_client, &f) != rc)
			abort();
		off += (size_t)rc;
	}
	/* Whatever stopped the stream, read alone in its own block. */
	if (decode_exact(data + off, size - off, from_client, &f) != rc)
		abort();
}

/*
 * The input as payloads: its first byte picks a type, the rest (cut to
 * the type's bound) is written as one frame, which must read back; its
 * first eight bytes are also a size, clamped to 65535 each way.
 */
static void
encode(const unsigned char *data, size_t size)
{
	static const int types[] = { 'k', 'o', 'x', 'd' };
	struct ctl_frame f;
	struct bytes	 b;
	unsigned int	 rows, cols;
	size_t		 len, max;
	int		 type, from_client;

	if (size == 0)
		return;
	type = types[data[0] % 4];
	from_client = type == 'k';
	max = bound(type, from_client);
	len = size - 1 > max ? max : size - 1;
	bytes_init(&b);
	ctl_frame_encode(&b, type, data + 1, len);
	if (b.len != 3 + len ||
	    ctl_frame_decode(b.data, b.len, from_client, &f) != (int)b.len ||
	    f.type != type || f.len != len ||
	    (len > 0 && memcmp(f.data, data + 1, len) != 0))
		abort();
	/* The other side may not send it. */
	if (ctl_frame_decode(b.data, b.len, !from_client, &f) != -1)
		abort();
	bytes_free(&b);

	if (size < 8)
		return;
	rows = (unsigned int)data[0] << 24 | (unsigned int)data[1] << 16 |
	    (unsigned int)data[2] << 8 | data[3];
	cols = (unsigned int)data[4] << 24 | (unsigned int)data[5] << 16 |
	    (unsigned int)data[6] << 8 | data[7];
	bytes_init(&b);
	ctl_frame_size(&b, rows, cols);
	if (ctl_frame_decode(b.data, b.len, 1, &f) != 7 ||
	    f.rows != (rows > 65535 ? 65535 : rows) ||
	    f.cols != (cols > 65535 ? 65535 : cols))
		abort();
	bytes_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	stream(data, size, 1);
	stream(data, size, 0);
	encode(data, size);
	return (0);
}
