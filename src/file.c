/*
 * file.c: reading input files whole, and the path arithmetic of SPEC §1
 * (files beside the Procfile, paths relative to muster.ini).
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

int
file_read(const char *path, char **bufp, size_t *lenp, struct diags *ds)
{
	struct stat	 sb;
	char		*buf = NULL;
	size_t		 len = 0, size = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
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

int
file_exists(const char *path)
{
	return (access(path, F_OK) == 0);
}

char *
file_dirname(const char *path)
{
	const char	*slash;

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
	char	*p;

	if (path[0] == '/' || dir == NULL || strcmp(dir, ".") == 0)
		return (xstrdup(path));
	xasprintf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
	    path);
	return (p);
}
