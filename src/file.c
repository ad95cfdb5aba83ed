/*
 * file.c: reading input files whole, and the path arithmetic of muster(1)
 * Settings (files beside the Procfile, paths relative to muster.ini).
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"

/* Input files are configuration: anything larger is surely a mistake. */
#define FILE_MAX_SIZE (64UL * 1024 * 1024)

/* How far file_utf16 looks for the end of the first line. */
#define FILE_UTF16_SCAN 4096

static int file_utf16_order(const unsigned char *, size_t, int);

/*
 * implicit says muster picked the file up by itself (the default Procfile,
 * .env, muster.ini): it must then be a regular file, and nothing may block
 * on it.  A FIFO named Procfile or .env would block open(2) for ever, with
 * no word; stat(2) says what it is first, and the open does not block
 * should a FIFO be swapped in between.  A file the user named may be a
 * pipe (-e <(gpg -d secrets.env.gpg)): it is read to its end, as far as a
 * regular file may be.
 */
int
file_read(const char *path, int implicit, char **bufp, size_t *lenp,
    struct diags *ds)
{
	struct stat sb;
	char	   *buf = NULL;
	size_t	    len = 0, size = 0;
	ssize_t	    n;
	int	    fd, fl;

	if (implicit && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) &&
	    !S_ISDIR(sb.st_mode)) {
		diag_add(ds, path, 0, "not a regular file");
		return (-1);
	}
	if ((fd = open(path,
		 O_RDONLY | O_CLOEXEC | (implicit ? O_NONBLOCK : 0))) == -1) {
		diag_add(ds, path, 0, "cannot open: %s", strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) == -1) {
		diag_add(ds, path, 0, "cannot stat: %s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(sb.st_mode)) {
		diag_add(ds, path, 0, "cannot read: %s", strerror(EISDIR));
		goto fail;
	}
	if (implicit) {
		if (!S_ISREG(sb.st_mode)) {
			diag_add(ds, path, 0, "not a regular file");
			goto fail;
		}
		if ((fl = fcntl(fd, F_GETFL)) == -1 ||
		    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
			diag_add(ds, path, 0, "cannot read: %s",
			    strerror(errno));
			goto fail;
		}
	}
	for (;;) {
		if (size - len < 4096) {
			if (size >= FILE_MAX_SIZE) {
				diag_add(ds, path, 0,
				    "file too large (over %lu bytes)",
				    FILE_MAX_SIZE);
				goto fail;
			}
			size = size == 0 ? 8192 : size * 2;
			buf = xreallocarray(buf, size + 1, 1);
		}
		n = read(fd, buf + len, size - len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			diag_add(ds, path, 0, "cannot read: %s",
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	if (buf == NULL)
		buf = xmalloc(1);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return (0);

fail:
	free(buf);
	close(fd);
	return (-1);
}

/*
 * Whether the first line is UTF-16 of the given byte order (be: big
 * endian): ASCII characters, each with a NUL byte as its other half, up to
 * a newline or as far as the scan goes.
 */
static int
file_utf16_order(const unsigned char *b, size_t len, int be)
{
	size_t i, n = 0;
	int    c, z;

	for (i = 0; i + 1 < len && i < FILE_UTF16_SCAN; i += 2) {
		c = b[i + be];
		z = b[i + !be];
		if (z != 0 || c == 0 || c > 0x7f)
			return (0);
		if (c == '\n')
			return (n >= 1);
		n++;
	}
	return (n >= 2);
}

/*
 * Whether buf is UTF-16 text (Windows editors and PowerShell write it): a
 * UTF-16 byte order mark, or a first line of NUL bytes in every other
 * position.  Read as UTF-8 it would give an error on every line, so this
 * adds one error that says what it is, with the iconv(1) name of its
 * encoding (without a BOM iconv takes "UTF-16" as big endian), and
 * returns 1.
 */
int
file_utf16(const char *path, const char *buf, size_t len, struct diags *ds)
{
	const unsigned char *b = (const unsigned char *)buf;
	const char	    *enc;

	if (len >= 2 &&
	    ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
		enc = "UTF-16";
	else if (file_utf16_order(b, len, 0))
		enc = "UTF-16LE";
	else if (file_utf16_order(b, len, 1))
		enc = "UTF-16BE";
	else
		return (0);
	diag_add(ds, path, 0,
	    "UTF-16 text; muster reads UTF-8 (convert "
	    "with iconv -f %s -t UTF-8)",
	    enc);
	return (1);
}

int
file_exists(const char *path)
{
	return (access(path, F_OK) == 0);
}

char *
file_dirname(const char *path)
{
	const char *slash;

	if ((slash = strrchr(path, '/')) == NULL)
		return (xstrdup("."));
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, slash - path));
}

char *
file_join(const char *dir, const char *path)
{
	char *p;

	if (path[0] == '/' || dir == NULL || strcmp(dir, ".") == 0)
		return (xstrdup(path));
	xasprintf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
	    path);
	return (p);
}
