/*
 * export.c: `muster export FORMAT DIR` writes the app as another process
 * manager's definitions (muster(1) EXPORTING): every file is built and
 * every value quoted first, and only then is DIR touched, replacing the
 * files an earlier export wrote for the same app and nothing else.  The
 * formats build their files in export-*.c; this driver checks what was
 * asked, plans and writes.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"
#include "export.h"

/* One file (or, with data NULL, one directory) to write under DIR. */
struct export_file {
	char	   *path; /* relative to DIR */
	char	   *data;
	size_t	    len;
	mode_t	    mode;
	const char *src; /* the input that names it */
	size_t	    line;
	char	   *tmp;  /* written, not yet renamed */
	int	    made; /* a directory made now */
	TAILQ_ENTRY(export_file) entry;
};

/* A file (or directory) of an earlier export that this one removes. */
struct export_gone {
	char *path; /* relative to DIR */
	int   isdir;
	TAILQ_ENTRY(export_gone) entry;
};

/*
 * A format: what builds its files, what finds the files of an earlier
 * export that this one leaves out, and what tells a file of muster's that
 * bears no marker.
 */
struct export_format {
	const char *name;
	void (*build)(struct exporter *);
	int (*stale)(struct exporter *);
	int (*owned)(const struct exporter *, const char *);
};

static void  ex_add(struct exporter *, char *, char *, size_t, mode_t);
static char *ex_value(struct exporter *, enum qkind, const struct env_var *);
static int   ex_systemd_name(const char *);
static int   at_parent(const struct exporter *, const char *, const char **);
static int   remove_file(const struct exporter *, const char *, int);
static int   mkdirs(const char *);
static int   write_tmp(int, struct export_file *);
static void  export_undo(struct exporter *);
static int   valid_name(const char *);
static const char *image_invalid(const char *);
static void	   export_init(struct exporter *, const struct export_options *,
	   struct diags *);
static const struct export_format *export_check(struct exporter *, char **,
    int);
static void			   export_name(struct exporter *);
static void			   export_lengths(struct exporter *);
static int  export_apply(struct exporter *, const struct export_format *);
static int  export_conflicts(struct exporter *, const struct export_format *);
static int  export_write(struct exporter *);
static void export_free(struct exporter *);

static const struct export_format formats[] = {
	{ "systemd", export_systemd_build, export_systemd_stale, NULL },
	{ "supervisord", export_supervisord_build, NULL, NULL },
	{ "runit", export_runit_build, export_runit_stale, export_runit_owned },
	{ "kubernetes", export_kubernetes_build, NULL, NULL },
	{ "compose", export_compose_build, NULL, NULL },
};

/*
 * Starts the file DIR/fmt..., its first line the marker; what the format
 * writes to ex->f until ex_end is its contents.
 */
void
ex_begin(struct exporter *ex, mode_t mode, const char *fmt, ...)
{
	va_list ap;
	char   *path;

	va_start(ap, fmt);
	xvasprintf(&path, fmt, ap);
	va_end(ap);
	if ((ex->f = open_memstream(&ex->buf, &ex->len)) == NULL)
		fatal("open_memstream");
	/* The path rides along until ex_end. */
	ex_add(ex, path, NULL, 0, mode);
	/* An executable is a script: its first line is the interpreter. */
	if (mode & 0100)
		fprintf(ex->f, "#!/bin/sh\n");
	fprintf(ex->f, "%s\n", ex->marker);
}

void
ex_end(struct exporter *ex)
{
	struct export_file *xf;

	if (fclose(ex->f) != 0)
		fatal("open_memstream");
	ex->f = NULL;
	xf = TAILQ_LAST(&ex->files, export_files);
	xf->data = ex->buf;
	xf->len = ex->len;
	ex->buf = NULL;
}

/*
 * A file whose contents are ready (data is taken over), or with data
 * NULL a directory.
 */
void
ex_file(struct exporter *ex, char *data, size_t len, mode_t mode,
    const char *fmt, ...)
{
	va_list ap;
	char   *path;

	va_start(ap, fmt);
	xvasprintf(&path, fmt, ap);
	va_end(ap);
	ex_add(ex, path, data, len, mode);
}

static void
ex_add(struct exporter *ex, char *path, char *data, size_t len, mode_t mode)
{
	struct export_file *xf;

	xf = xcalloc(1, sizeof *xf);
	xf->path = path;
	xf->data = data;
	xf->len = len;
	xf->mode = mode;
	xf->src = ex->src;
	xf->line = ex->line;
	TAILQ_INSERT_TAIL(&ex->files, xf, entry);
}

/*
 * s quoted for the target; when the target cannot hold it, an error at
 * path:line naming what (never the value: it may be a secret) and "".
 */
char *
ex_quote(struct exporter *ex, enum qkind kind, const char *s, const char *path,
    size_t line, const char *what, const char *name)
{
	const char *why = NULL;
	char	   *q = NULL;
	size_t	    len;

	switch (kind) {
	case Q_SYSTEMD_EXEC:
		q = quote_systemd(s, 1, &why);
		break;
	case Q_SYSTEMD_RAW:
		q = quote_systemd_raw(s, &why);
		break;
	case Q_SYSTEMD_ENVFILE:
		q = quote_systemd_envfile(s, &why);
		break;
	case Q_YAML:
	case Q_YAML_DOLLAR:
		q = quote_yaml(s, kind == Q_YAML_DOLLAR, &why);
		break;
	case Q_SV_WORD:
		q = quote_supervisor_word(s, &why);
		break;
	case Q_SV_ENV:
		q = quote_supervisor_env(s, &why);
		break;
	case Q_SV_RAW:
		q = quote_supervisor_raw(s, &why);
		break;
	case Q_ENVDIR:
		q = quote_envdir(s, &len, &why);
		break;
	}
	if (q == NULL) {
		diag_add(ex->ds, path, line, "cannot export %s%s to %s: it %s",
		    what, name, ex->format, why);
		q = xstrdup("");
	}
	return (q);
}

static char *
ex_value(struct exporter *ex, enum qkind kind, const struct env_var *v)
{
	return (ex_quote(ex, kind, v->value, v->path, v->line, "the value of ",
	    v->key));
}

char *
ex_command(struct exporter *ex, enum qkind kind, const struct procfile_entry *e)
{
	return (ex_quote(ex, kind, e->command, ex->app->procfile->path, e->line,
	    "the command of ", e->name));
}

/*
 * Whether v is written with the app's environment: muster sets PORT and
 * PS itself (muster(1) PORTS AND ENVIRONMENT).
 */
int
ex_exported(const struct env_var *v)
{
	return (strcmp(v->key, "PORT") != 0 && strcmp(v->key, "PS") != 0);
}

/*
 * Whether systemd keeps a variable of this name: it drops any other
 * assignment with no more than a warning in its log.
 */
static int
ex_systemd_name(const char *s)
{
	if (*s >= '0' && *s <= '9')
		return (0);
	for (; *s != '\0'; s++) {
		if ((*s < 'a' || *s > 'z') && (*s < 'A' || *s > 'Z') &&
		    (*s < '0' || *s > '9') && *s != '_')
			return (0);
	}
	return (1);
}

double
ex_timeout(const struct exporter *ex, const struct type_config *t)
{
	return (config_stop_timeout(ex->app->config, t));
}

const char *
ex_signal(const struct type_config *t)
{
	return (sig_name(config_stop_signal(t)));
}

/*
 * The environment every instance shares, quoted once: the env files'
 * values as the format lists them.  The values supervisord's environment=
 * or runit's env/ cannot hold go to *args instead, as arguments of env(1)
 * (runit's env/ files themselves are written per instance).
 */
char *
ex_env(struct exporter *ex, enum qkind kind, char **args)
{
	struct env_var *v;
	FILE	       *f, *af = NULL;
	char	       *buf = NULL, *q, *kv;
	size_t		len, alen, qlen;

	if ((f = open_memstream(&buf, &len)) == NULL ||
	    (args != NULL && (af = open_memstream(args, &alen)) == NULL))
		fatal("open_memstream");
	TAILQ_FOREACH(v, &ex->app->env->vars, entry) {
		if (!ex_exported(v))
			continue;
		if (kind == Q_SYSTEMD_ENVFILE) {
			if (!ex_systemd_name(v->key))
				diag_add(ex->ds, v->path, v->line,
				    "cannot "
				    "export %s to systemd: systemd takes only "
				    "letters, digits and '_' in a variable's "
				    "name, not a digit first",
				    v->key);
			q = ex_value(ex, kind, v);
			fprintf(f, "%s=%s\n", v->key, q);
			free(q);
			continue;
		}
		if (kind == Q_SV_ENV || kind == Q_ENVDIR) {
			q = kind == Q_SV_ENV
			    ? quote_supervisor_env(v->value, NULL)
			    : quote_envdir(v->value, &qlen, NULL);
			if (q != NULL) {
				if (kind == Q_SV_ENV)
					fprintf(f, ",%s=%s", v->key, q);
				free(q);
				continue;
			}
			xasprintf(&kv, "%s=%s", v->key, v->value);
			q = kind == Q_SV_ENV
			    ? ex_quote(ex, Q_SV_WORD, kv, v->path, v->line,
				  "the value of ", v->key)
			    : quote_sh(kv);
			free(kv);
			fprintf(af, " %s", q);
			free(q);
			continue;
		}
		q = ex_value(ex, kind, v);
		fprintf(f, "%*s\"%s\": %s\n", kind == Q_YAML_DOLLAR ? 6 : 2, "",
		    v->key, q);
		free(q);
	}
	if (fclose(f) != 0 || (af != NULL && fclose(af) != 0))
		fatal("open_memstream");
	return (buf);
}

/*
 * Whole seconds, rounded up, for the formats that take no fraction.
 * Without libm: linking it costs every muster start 300 KiB of RSS.
 */
long long
ex_seconds(double secs)
{
	long long n = (long long)secs;

	return (n < secs ? n + 1 : n);
}

/*
 * A time span as systemd and compose write it: "5s", "1500ms" or, for
 * systemd, "400us".  systemd reads a TimeoutStopSec= of 0 as infinity
 * (systemd.service(5)), so for it a span is never less than 1us, the
 * smallest it honours; compose's 0 kills at once, as muster's -t 0 does.
 */
void
ex_span(double secs, int systemd, char *buf, size_t size)
{
	long long us = (long long)(secs * 1000000 + 0.5);

	if (!systemd)
		us = (us + 500) / 1000 * 1000;
	else if (us == 0)
		us = 1;
	if (us % 1000000 == 0)
		snprintf(buf, size, "%llds", us / 1000000);
	else if (us % 1000 == 0)
		snprintf(buf, size, "%lldms", us / 1000);
	else
		snprintf(buf, size, "%lldus", us);
}

/* A type binds a port when it is the web type or its command uses PORT. */
int
ex_binds_port(const struct procfile_entry *e)
{
	return (strcmp(e->name, "web") == 0 ||
	    strstr(e->command, "$PORT") != NULL ||
	    strstr(e->command, "${PORT") != NULL);
}

/*
 * The PORT of instance 1 of e, which every replica of its Deployment or
 * service gets.  app_load checked the ports of the formation's instances;
 * a type the formation leaves out is written too (with no replicas), so
 * its port is checked here, when it binds one.
 */
unsigned int
ex_port(struct exporter *ex, const struct procfile_entry *e)
{
	unsigned int port;
	char	    *name;

	port = app_port(ex->app, e, 1);
	if (port > 65535 && ex_binds_port(e)) {
		xasprintf(&name, "%s.1", e->name);
		app_port_error(ex->app, name, port, ex->ds);
		free(name);
	}
	return (port);
}

/*
 * A name as Kubernetes takes it (an RFC 1123 label): lower case, '-' for
 * '_' and '.'; NULL when that is still not a label.
 */
char *
ex_kname(const char *s)
{
	size_t i, len = strlen(s);
	char  *k;

	if (len == 0 || len > 63)
		return (NULL);
	k = xstrdup(s);
	for (i = 0; i < len; i++) {
		if (k[i] >= 'A' && k[i] <= 'Z')
			k[i] = k[i] - 'A' + 'a';
		else if (k[i] == '_' || k[i] == '.')
			k[i] = '-';
	}
	if (k[0] == '-' || k[len - 1] == '-') {
		free(k);
		return (NULL);
	}
	return (k);
}

/*
 * The directory that holds DIR/rel, opened from DIR one name at a time
 * and never through a symbolic link (O_NOFOLLOW: ELOOP, or ENOTDIR for
 * a link or file where a directory should be); *base is rel's last
 * name.  -1 with errno when it cannot be opened.
 */
static int
at_parent(const struct exporter *ex, const char *rel, const char **base)
{
	const char *s, *slash;
	char	   *name;
	int	    fd, nfd, saved;

	if ((fd = fcntl(ex->dfd, F_DUPFD_CLOEXEC, 0)) == -1)
		return (-1);
	for (s = rel; (slash = strchr(s, '/')) != NULL; s = slash + 1) {
		name = xstrndup(s, slash - s);
		nfd = openat(fd, name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		saved = errno;
		free(name);
		close(fd);
		if (nfd == -1) {
			errno = saved;
			return (-1);
		}
		fd = nfd;
	}
	*base = s;
	return (fd);
}

/* The directory DIR/rel itself, on the same terms; NULL if not one. */
DIR *
ex_opendir(const struct exporter *ex, const char *rel)
{
	const char *base;
	char	   *p;
	DIR	   *d;
	int	    fd;

	xasprintf(&p, "%s/", rel);
	fd = at_parent(ex, p, &base);
	free(p);
	if (fd == -1)
		return (NULL);
	if ((d = fdopendir(fd)) == NULL)
		close(fd);
	return (d);
}

/*
 * The contents (up to 1 MiB) of DIR/rel if an earlier export wrote it for
 * this app: its first line is the marker, or its second after the
 * interpreter of a script.  A file that merely quotes the marker further
 * down is not muster's.  NULL otherwise.
 */
char *
ex_owned_read(const struct exporter *ex, const char *rel)
{
	static const char sh[] = "#!/bin/sh\n";
	struct stat	  sb;
	const char	 *base, *p;
	char		 *buf;
	size_t		  len = 0, size = 1024 * 1024, mlen;
	ssize_t		  n;
	int		  fd, pfd;

	if ((pfd = at_parent(ex, rel, &base)) == -1)
		return (NULL);
	/* O_NONBLOCK: a FIFO in its place must not hang the export. */
	fd = openat(pfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	close(pfd);
	if (fd == -1)
		return (NULL);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return (NULL);
	}
	buf = xmalloc(size + 1);
	while (len < size && (n = read(fd, buf + len, size - len)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	p = strncmp(buf, sh, sizeof sh - 1) == 0 ? buf + sizeof sh - 1 : buf;
	mlen = strlen(ex->marker);
	if (strncmp(p, ex->marker, mlen) != 0 || p[mlen] != '\n') {
		free(buf);
		return (NULL);
	}
	return (buf);
}

/* Whether an earlier export wrote DIR/rel for this app. */
int
ex_owned(const struct exporter *ex, const char *rel)
{
	char *buf;

	if ((buf = ex_owned_read(ex, rel)) == NULL)
		return (0);
	free(buf);
	return (1);
}

/* DIR/path, of an earlier export, goes once this one is written. */
void
ex_gone(struct exporter *ex, int isdir, const char *fmt, ...)
{
	struct export_gone *g;
	va_list		    ap;

	g = xcalloc(1, sizeof *g);
	va_start(ap, fmt);
	xvasprintf(&g->path, fmt, ap);
	va_end(ap);
	g->isdir = isdir;
	TAILQ_INSERT_TAIL(&ex->gone, g, entry);
}

/* Whether this export writes DIR/path. */
int
ex_planned(const struct exporter *ex, const char *path)
{
	const struct export_file *xf;

	TAILQ_FOREACH(xf, &ex->files, entry) {
		if (strcmp(xf->path, path) == 0)
			return (1);
	}
	return (0);
}

/*
 * Unlinks (or, with isdir, removes the empty directory) DIR/rel; what a
 * link or a missing directory hides is not there to remove.
 */
static int
remove_file(const struct exporter *ex, const char *rel, int isdir)
{
	const char *base;
	char	   *full;
	int	    pfd, rc, saved;

	if ((pfd = at_parent(ex, rel, &base)) == -1)
		return (0);
	rc = unlinkat(pfd, base, isdir ? AT_REMOVEDIR : 0);
	saved = errno;
	close(pfd);
	full = file_join(ex->dir, rel);
	if (rc == -1 && saved != ENOENT && saved != ENOTEMPTY &&
	    saved != EEXIST) {
		log_warnx("cannot remove %s: %s", full, strerror(saved));
		free(full);
		return (-1);
	}
	if (rc == 0 && !isdir)
		printf("removed %s\n", full);
	free(full);
	return (0);
}

/* mkdir -p, for DIR itself: where it leads is the user's choice. */
static int
mkdirs(const char *path)
{
	char *p, *s, c;
	int   rc = 0;

	p = xstrdup(path);
	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			rc = -1;
			break;
		}
		if (c == '\0')
			break;
		*s = c;
	}
	free(p);
	return (rc);
}

/*
 * Writes xf whole into a new temporary file of the directory pfd, to be
 * renamed over its name once every file is written.  The temporary name
 * is short, whatever the file's: only names already checked may fail.
 */
static int
write_tmp(int pfd, struct export_file *xf)
{
	static unsigned int seq;
	char		    tmp[64];
	size_t		    off = 0;
	ssize_t		    n;
	int		    fd, ok, saved;

	do {
		snprintf(tmp, sizeof tmp, ".muster-%ld-%u", (long)getpid(),
		    seq++);
		fd = openat(pfd, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	} while (fd == -1 && errno == EEXIST);
	if (fd == -1)
		return (-1);
	xf->tmp = xstrdup(tmp);
	while (off < xf->len) {
		if ((n = write(fd, xf->data + off, xf->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += n;
	}
	ok = off == xf->len && fchmod(fd, xf->mode) == 0;
	saved = errno;
	if (close(fd) == -1 && ok) {
		ok = 0;
		saved = errno;
	}
	errno = saved;
	return (ok ? 0 : -1);
}

/*
 * Writes every directory and file: first each file into a temporary one
 * beside it, then, only when all of them are written, renames them into
 * place.  A failure before the renames takes back everything made.
 */
static int
export_write(struct exporter *ex)
{
	struct export_file *xf;
	const char	   *base;
	char		   *path;
	int		    pfd, rc = 0, saved;

	TAILQ_FOREACH(xf, &ex->files, entry) {
		if ((pfd = at_parent(ex, xf->path, &base)) == -1)
			rc = -1;
		else {
			if (xf->data != NULL)
				rc = write_tmp(pfd, xf);
			else if (mkdirat(pfd, base, xf->mode) == 0)
				xf->made = 1;
			else if (errno != EEXIST)
				rc = -1;
			saved = errno;
			close(pfd);
			errno = saved;
		}
		if (rc == -1) {
			path = file_join(ex->dir, xf->path);
			log_warnx("cannot %s %s: %s; nothing written",
			    xf->data != NULL ? "write" : "create", path,
			    strerror(errno));
			free(path);
			break;
		}
	}
	if (rc == -1) {
		export_undo(ex);
		return (-1);
	}
	TAILQ_FOREACH(xf, &ex->files, entry) {
		if (xf->tmp == NULL)
			continue;
		path = file_join(ex->dir, xf->path);
		if ((pfd = at_parent(ex, xf->path, &base)) == -1 ||
		    renameat(pfd, xf->tmp, pfd, base) == -1) {
			log_warnx("cannot write %s: %s", path, strerror(errno));
			if (pfd != -1)
				unlinkat(pfd, xf->tmp, 0);
			rc = -1;
		} else
			printf("wrote %s\n", path);
		if (pfd != -1)
			close(pfd);
		free(path);
	}
	return (rc);
}

/* Takes back what export_write made before it failed. */
static void
export_undo(struct exporter *ex)
{
	struct export_file *xf;
	const char	   *base;
	int		    pfd;

	TAILQ_FOREACH_REVERSE(xf, &ex->files, export_files, entry) {
		if ((xf->tmp == NULL && !xf->made) ||
		    (pfd = at_parent(ex, xf->path, &base)) == -1)
			continue;
		if (xf->tmp != NULL)
			unlinkat(pfd, xf->tmp, 0);
		else
			unlinkat(pfd, base, AT_REMOVEDIR);
		close(pfd);
	}
}

/* An app or user name: letters, digits, '_', '-' and '.'. */
static int
valid_name(const char *s)
{
	size_t i;

	if (s[0] == '\0' || s[0] == '-' || s[0] == '.' || strlen(s) > 64)
		return (0);
	for (i = 0; s[i] != '\0'; i++) {
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < 'A' || s[i] > 'Z') &&
		    (s[i] < '0' || s[i] > '9') && s[i] != '_' && s[i] != '-' &&
		    s[i] != '.')
			return (0);
	}
	return (1);
}

/* What is wrong with an image name for every format's file, or NULL. */
static const char *
image_invalid(const char *s)
{
	const char *p;

	if (*s == '\0')
		return ("is empty");
	if (!quote_utf8_valid(s))
		return ("is not valid UTF-8");
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ')
			return ("holds a blank");
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return ("holds a control character");
	}
	return (NULL);
}

/* Checks what export was asked for; NULL and errors in ds, or the format. */
static const struct export_format *
export_check(struct exporter *ex, char **args, int nargs)
{
	const struct export_options *o = ex->opts;
	const struct export_format  *fmt = NULL;
	const char		    *why;
	size_t			     i;

	if (nargs != 2) {
		diag_add(ex->ds, NULL, 0,
		    "export needs a format and a "
		    "directory: muster export FORMAT DIR");
		return (NULL);
	}
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(args[0], formats[i].name) == 0)
			fmt = &formats[i];
	}
	if (fmt == NULL) {
		diag_add(ex->ds, NULL, 0,
		    "unknown export format '%s' "
		    "(systemd, supervisord, runit, kubernetes or compose)",
		    args[0]);
		return (NULL);
	}
	ex->format = fmt->name;
	if (o->user != NULL && !valid_name(o->user))
		diag_add(ex->ds, NULL, 0, "invalid user name '%s' for -u",
		    o->user);
	if (o->user != NULL && strcmp(fmt->name, "kubernetes") == 0)
		diag_add(ex->ds, NULL, 0,
		    "-u does not apply to kubernetes: "
		    "set the user in the image");
	if (o->image != NULL && strcmp(fmt->name, "kubernetes") != 0 &&
	    strcmp(fmt->name, "compose") != 0)
		diag_add(ex->ds, NULL, 0,
		    "--image applies only to kubernetes and compose");
	if (o->image == NULL && strcmp(fmt->name, "kubernetes") == 0)
		diag_add(ex->ds, NULL, 0,
		    "export kubernetes needs --image "
		    "IMAGE: the image the app runs in");
	if (o->image != NULL && (why = image_invalid(o->image)) != NULL)
		diag_add(ex->ds, NULL, 0,
		    "invalid image name for --image: it %s", why);
	if (o->app != NULL && !valid_name(o->app))
		diag_add(ex->ds, NULL, 0,
		    "invalid app name '%s' for -a "
		    "(letters, digits, '_', '-' and '.')",
		    o->app);
	return (diags_count(ex->ds) == 0 ? fmt : NULL);
}

/*
 * Every name the export would write fits the file system, and so does DIR:
 * checked before anything is written, so that no export stops half way
 * for a name too long.  Each input line is reported once.
 */
static void
export_lengths(struct exporter *ex)
{
	const struct export_file *xf;
	const char		 *base, *s, *slash;
	const char		**srcs = NULL;
	size_t			  n, i, nseen = 0, *lines = NULL;

	if ((n = strlen(ex->dir)) >= PATH_MAX)
		diag_add(ex->ds, NULL, 0,
		    "cannot export into the directory: "
		    "its path is %zu bytes long, over the limit of %d",
		    n, PATH_MAX - 1);
	for (s = ex->dir; *s != '\0'; s = slash + 1) {
		if ((slash = strchr(s, '/')) == NULL)
			slash = s + strlen(s);
		if ((size_t)(slash - s) > NAME_MAX) {
			diag_add(ex->ds, NULL, 0,
			    "cannot export into the "
			    "directory: a name in its path is %zu bytes "
			    "long, over the limit of %d",
			    (size_t)(slash - s), NAME_MAX);
			break;
		}
		if (*slash == '\0')
			break;
	}
	TAILQ_FOREACH(xf, &ex->files, entry) {
		/* Every directory above a file is an entry of its own. */
		if ((base = strrchr(xf->path, '/')) != NULL)
			base++;
		else
			base = xf->path;
		if ((n = strlen(base)) <= NAME_MAX)
			continue;
		for (i = 0; i < nseen; i++) {
			if (srcs[i] == xf->src && lines[i] == xf->line)
				break;
		}
		if (i < nseen)
			continue;
		srcs = xreallocarray(srcs, nseen + 1, sizeof *srcs);
		lines = xreallocarray(lines, nseen + 1, sizeof *lines);
		srcs[nseen] = xf->src;
		lines[nseen++] = xf->line;
		diag_add(ex->ds, xf->src, xf->line,
		    "cannot export to %s: the "
		    "file name %s would be %zu bytes long, over the limit of "
		    "%d",
		    ex->format, base, n, NAME_MAX);
	}
	free(srcs);
	free(lines);
}

/*
 * Nothing in DIR is replaced that an earlier export for this app did not
 * write, and no symbolic link under DIR is followed: a file or link in the
 * way is an error, and nothing is written.
 */
static int
export_conflicts(struct exporter *ex, const struct export_format *fmt)
{
	const struct export_file *xf;
	struct stat		  sb;
	const char		 *base;
	char			 *path;
	int			  pfd, rc = 0, r;

	TAILQ_FOREACH(xf, &ex->files, entry) {
		if ((pfd = at_parent(ex, xf->path, &base)) == -1) {
			/*
			 * Not there yet; or a directory above, an entry of
			 * its own, is in the way and was reported.
			 */
			if (errno == ENOENT)
				continue;
			if (errno != ELOOP && errno != ENOTDIR) {
				path = file_join(ex->dir, xf->path);
				log_warnx("cannot open %s: %s", path,
				    strerror(errno));
				free(path);
			}
			rc = -1;
			continue;
		}
		r = fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW);
		close(pfd);
		if (r == -1)
			continue;
		path = file_join(ex->dir, xf->path);
		if (S_ISLNK(sb.st_mode)) {
			log_warnx("%s: a symbolic link, which export does not "
				  "follow; nothing written",
			    path);
			rc = -1;
		} else if (xf->data == NULL) {
			if (!S_ISDIR(sb.st_mode)) {
				log_warnx("%s: in the way of a directory of "
					  "the export; nothing written",
				    path);
				rc = -1;
			}
		} else if (!ex_owned(ex, xf->path) &&
		    (fmt->owned == NULL || !fmt->owned(ex, xf->path) ||
			!S_ISREG(sb.st_mode))) {
			log_warnx("%s: not written by muster export for app "
				  "%s; not replaced, nothing written",
			    path, ex->name);
			rc = -1;
		}
		free(path);
	}
	return (rc);
}

static void
export_init(struct exporter *ex, const struct export_options *opts,
    struct diags *ds)
{
	memset(ex, 0, sizeof *ex);
	TAILQ_INIT(&ex->files);
	TAILQ_INIT(&ex->gone);
	ex->dfd = -1;
	diags_init(ds);
	ex->ds = ds;
	ex->opts = opts;
}

/*
 * The app's name (-a, else its directory's), the same for Kubernetes, and
 * the marker that makes every file this export writes its own.
 */
static void
export_name(struct exporter *ex)
{
	char *base;

	if ((ex->root = realpath(ex->app->root, NULL)) == NULL)
		fatal("%s", ex->app->root);
	if (ex->opts->app != NULL)
		ex->name = ex->opts->app;
	else {
		base = strrchr(ex->root, '/') + 1;
		if (!valid_name(base))
			diag_add(ex->ds, ex->root, 0,
			    "cannot name the app "
			    "after its directory: name it with -a APP");
		ex->name = base;
	}
	if (strcmp(ex->format, "kubernetes") == 0 &&
	    (ex->kname = ex_kname(ex->name)) == NULL)
		diag_add(ex->ds, NULL, 0,
		    "the app name %s is not an RFC 1123 "
		    "label for kubernetes: name it with -a APP",
		    ex->name);
	xasprintf(&ex->marker,
	    "# Written by muster export for app %s; "
	    "re-export rather than edit.",
	    ex->name);
}

/*
 * Writes the files planned into DIR, made if missing, and removes what
 * the earlier export wrote that this one does not; 0, or 1 when that
 * failed.
 */
static int
export_apply(struct exporter *ex, const struct export_format *fmt)
{
	struct export_gone *g;
	int		    status = 0;

	/* DIR itself may be a link: the user named it. */
	if ((ex->dfd = open(ex->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
		-1 &&
	    (errno != ENOENT || mkdirs(ex->dir) == -1 ||
		(ex->dfd = open(ex->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
		    -1)) {
		log_warnx("cannot create %s: %s", ex->dir, strerror(errno));
		return (1);
	}
	/* What goes is found before the new files replace the old. */
	if (export_conflicts(ex, fmt) == -1 ||
	    (fmt->stale != NULL && fmt->stale(ex) == -1) ||
	    export_write(ex) == -1)
		return (1);
	TAILQ_FOREACH(g, &ex->gone, entry) {
		if (remove_file(ex, g->path, g->isdir) == -1)
			status = 1;
	}
	return (status);
}

static void
export_free(struct exporter *ex)
{
	struct export_file *xf;
	struct export_gone *g;

	if (ex->dfd != -1)
		close(ex->dfd);
	while ((xf = TAILQ_FIRST(&ex->files)) != NULL) {
		TAILQ_REMOVE(&ex->files, xf, entry);
		free(xf->path);
		free(xf->data);
		free(xf->tmp);
		free(xf);
	}
	while ((g = TAILQ_FIRST(&ex->gone)) != NULL) {
		TAILQ_REMOVE(&ex->gone, g, entry);
		free(g->path);
		free(g);
	}
	if (ex->f != NULL)
		fclose(ex->f);
	free(ex->buf);
	free(ex->marker);
	free(ex->kname);
	free(ex->root);
	app_free(ex->app);
	diags_free(ex->ds);
}

/* Writes the export; 0, or 2 for bad input, 1 when writing failed. */
int
export_main(struct config *cfg, char **args, int nargs,
    const struct export_options *opts, char *const *environ)
{
	const struct export_format *fmt;
	struct exporter		    ex;
	struct diags		    ds;
	int			    status;

	export_init(&ex, opts, &ds);
	if ((fmt = export_check(&ex, args, nargs)) == NULL ||
	    (ex.app = app_load(cfg, NULL, 0, environ, &ds)) == NULL) {
		diags_print(&ds, stderr);
		export_free(&ex);
		return (2);
	}
	export_name(&ex);
	ex.dir = args[1];
	if (diags_count(&ds) == 0)
		fmt->build(&ex);
	if (diags_count(&ds) == 0)
		export_lengths(&ex);
	/* The warnings (a value cut by an unset variable), or the errors. */
	diags_print(&ds, stderr);
	if (diags_count(&ds) != 0)
		status = 2;
	else
		status = export_apply(&ex, fmt);
	export_free(&ex);
	return (status);
}

/*
 * Whether a type is a one-off: some type's after names it with :ok
 * (muster.ini(5)).  muster never restarts one; no export does.
 */
int
ex_oneoff(const struct exporter *ex, const char *name)
{
	const struct type_config *t;
	size_t			  i;

	TAILQ_FOREACH(t, &ex->app->config->types, entry) {
		for (i = 0; i < t->after.n; i++) {
			if (t->after.deps[i].ok &&
			    strcmp(t->after.deps[i].name, name) == 0)
				return (1);
		}
	}
	return (0);
}

/* on_exit = restart, which a one-off never is. */
int
ex_restarts(const struct exporter *ex, const struct type_config *t,
    const char *name)
{
	return (
	    t != NULL && t->on_exit == ON_EXIT_RESTART && !ex_oneoff(ex, name));
}
