/*
 * export.c: `muster export FORMAT DIR` writes the app as another process
 * manager's definitions (SPEC §9): every file is built and every value
 * quoted first, and only then is DIR touched, replacing the files an
 * earlier export wrote for the same app and nothing else.
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

/* One file (or, with data NULL, one directory) to write under DIR. */
struct export_file {
	char			*path;		/* relative to DIR */
	char			*data;
	size_t			 len;
	mode_t			 mode;
	const char		*src;		/* the input that names it */
	size_t			 line;
	char			*tmp;		/* written, not yet renamed */
	int			 made;		/* a directory made now */
	TAILQ_ENTRY(export_file) entry;
};
TAILQ_HEAD(export_files, export_file);

/* A file (or directory) of an earlier export that this one removes. */
struct export_gone {
	char			*path;		/* relative to DIR */
	int			 isdir;
	TAILQ_ENTRY(export_gone) entry;
};
TAILQ_HEAD(export_gones, export_gone);

/* The line of a runit run that names the env/ files muster wrote. */
#define RUNIT_ENV_LIST	"# muster wrote env/:"

enum qkind {
	Q_SYSTEMD_EXEC,
	Q_SYSTEMD_RAW,
	Q_SYSTEMD_ENVFILE,
	Q_YAML,
	Q_YAML_DOLLAR,
	Q_SV_WORD,
	Q_SV_ENV,
	Q_SV_RAW,
	Q_ENVDIR
};

struct exporter {
	struct app		*app;
	const struct export_options *opts;
	const char		*format;
	const char		*name;		/* the app's */
	char			*kname;		/* the same for Kubernetes */
	char			*root;		/* absolute */
	char			*marker;	/* first line of every file */
	struct diags		*ds;
	struct export_files	 files;
	struct export_gones	 gone;		/* what a re-export removes */
	const char		*src;		/* what names the next files */
	size_t			 line;
	const char		*dir;		/* DIR, as given */
	int			 dfd;		/* DIR, open */
	FILE			*f;		/* the file being built */
	char			*buf;
	size_t			 len;
};

struct export_format {
	const char	*name;
	void		(*build)(struct exporter *);
	int		(*stale)(struct exporter *);
};

static void	 ex_begin(struct exporter *, mode_t, const char *, ...)
		     PRINTFLIKE(3, 4);
static void	 ex_end(struct exporter *);
static void	 ex_file(struct exporter *, char *, size_t, mode_t,
		     const char *, ...) PRINTFLIKE(5, 6);
static void	 ex_add(struct exporter *, char *, char *, size_t, mode_t);
static char	*ex_quote(struct exporter *, enum qkind, const char *,
		     const char *, size_t, const char *, const char *);
static char	*ex_value(struct exporter *, enum qkind,
		     const struct env_var *);
static char	*ex_command(struct exporter *, enum qkind,
		     const struct procfile_entry *);
static int	 ex_exported(const struct env_var *);
static int	 ex_systemd_name(const char *);
static char	*ex_env(struct exporter *, enum qkind, char **);
static double	 ex_timeout(const struct exporter *,
		     const struct type_config *);
static const char *ex_signal(const struct type_config *);
static long long ex_seconds(double);
static void	 ex_span(double, int, char *, size_t);
static int	 ex_binds_port(const struct procfile_entry *);
static char	*ex_kname(const char *);
static char	*ex_lower(const char *);
static void	 build_systemd(struct exporter *);
static void	 build_supervisord(struct exporter *);
static void	 build_runit(struct exporter *);
static void	 build_kubernetes(struct exporter *);
static void	 build_compose(struct exporter *);
static int	 stale_systemd(struct exporter *);
static int	 stale_runit(struct exporter *);
static int	 valid_name(const char *);
static const char *image_invalid(const char *);
static const struct export_format *export_check(struct exporter *, char **,
		     int);
static void	 export_lengths(struct exporter *);
static int	 export_conflicts(struct exporter *);
static int	 export_write(struct exporter *);
static int	 at_parent(const struct exporter *, const char *,
		     const char **);
static DIR	*at_opendir(const struct exporter *, const char *);
static int	 owned(const struct exporter *, const char *);
static char	*owned_read(const struct exporter *, const char *);
static int	 env_listed(const char *, const char *);
static void	 ex_gone(struct exporter *, int, const char *, ...)
		     PRINTFLIKE(3, 4);
static const struct export_file *planned(const struct exporter *,
		     const char *);
static int	 write_tmp(int, struct export_file *);
static int	 mkdirs(const char *);
static int	 remove_file(const struct exporter *, const char *, int);

static const struct export_format formats[] = {
	{ "systemd", build_systemd, stale_systemd },
	{ "supervisord", build_supervisord, NULL },
	{ "runit", build_runit, stale_runit },
	{ "kubernetes", build_kubernetes, NULL },
	{ "compose", build_compose, NULL },
};

static void
ex_begin(struct exporter *ex, mode_t mode, const char *fmt, ...)
{
	va_list	 ap;
	char	*path;

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

static void
ex_end(struct exporter *ex)
{
	struct export_file	*xf;

	if (fclose(ex->f) != 0)
		fatal("open_memstream");
	ex->f = NULL;
	xf = TAILQ_LAST(&ex->files, export_files);
	xf->data = ex->buf;
	xf->len = ex->len;
	ex->buf = NULL;
}

/* A file whose contents are ready (data is taken over), or with data
 * NULL a directory. */
static void
ex_file(struct exporter *ex, char *data, size_t len, mode_t mode,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*path;

	va_start(ap, fmt);
	xvasprintf(&path, fmt, ap);
	va_end(ap);
	ex_add(ex, path, data, len, mode);
}

static void
ex_add(struct exporter *ex, char *path, char *data, size_t len, mode_t mode)
{
	struct export_file	*xf;

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
static char *
ex_quote(struct exporter *ex, enum qkind kind, const char *s,
    const char *path, size_t line, const char *what, const char *name)
{
	const char	*why = NULL;
	char		*q = NULL;
	size_t		 len;

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

static char *
ex_command(struct exporter *ex, enum qkind kind,
    const struct procfile_entry *e)
{
	return (ex_quote(ex, kind, e->command, ex->app->procfile->path,
	    e->line, "the command of ", e->name));
}

/* muster sets PORT and PS itself (SPEC §5). */
static int
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

static double
ex_timeout(const struct exporter *ex, const struct type_config *t)
{
	if (t != NULL && t->stop_timeout >= 0)
		return (t->stop_timeout);
	return (ex->app->config->timeout);
}

static const char *
ex_signal(const struct type_config *t)
{
	return (sig_name(t != NULL && t->stop_signal != 0 ?
	    t->stop_signal : SIGTERM));
}

/*
 * The environment every instance shares, quoted once: the env files'
 * values as the format lists them.  The values supervisord's environment=
 * or runit's env/ cannot hold go to *args instead, as arguments of env(1)
 * (runit's env/ files themselves are written per instance).
 */
static char *
ex_env(struct exporter *ex, enum qkind kind, char **args)
{
	struct env_var	*v;
	FILE		*f, *af = NULL;
	char		*buf = NULL, *q, *kv;
	size_t		 len, alen, qlen;

	if ((f = open_memstream(&buf, &len)) == NULL ||
	    (args != NULL && (af = open_memstream(args, &alen)) == NULL))
		fatal("open_memstream");
	TAILQ_FOREACH(v, &ex->app->env->vars, entry) {
		if (!ex_exported(v))
			continue;
		if (kind == Q_SYSTEMD_ENVFILE) {
			if (!ex_systemd_name(v->key))
				diag_add(ex->ds, v->path, v->line, "cannot "
				    "export %s to systemd: systemd takes only "
				    "letters, digits and '_' in a variable's "
				    "name, not a digit first", v->key);
			q = ex_value(ex, kind, v);
			fprintf(f, "%s=%s\n", v->key, q);
			free(q);
			continue;
		}
		if (kind == Q_SV_ENV || kind == Q_ENVDIR) {
			q = kind == Q_SV_ENV ? quote_supervisor_env(v->value,
			    NULL) : quote_envdir(v->value, &qlen, NULL);
			if (q != NULL) {
				if (kind == Q_SV_ENV)
					fprintf(f, ",%s=%s", v->key, q);
				free(q);
				continue;
			}
			xasprintf(&kv, "%s=%s", v->key, v->value);
			q = kind == Q_SV_ENV ? ex_quote(ex, Q_SV_WORD, kv,
			    v->path, v->line, "the value of ", v->key) :
			    quote_sh(kv);
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
static long long
ex_seconds(double secs)
{
	long long	 n = (long long)secs;

	return (n < secs ? n + 1 : n);
}

/*
 * A time span as systemd and compose write it: "5s", "1500ms" or, for
 * systemd, "400us".  systemd reads a TimeoutStopSec= of 0 as infinity
 * (systemd.service(5)), so for it a span is never less than 1us, the
 * smallest it honours; compose's 0 kills at once, as muster's -t 0 does.
 */
static void
ex_span(double secs, int systemd, char *buf, size_t size)
{
	long long	 us = (long long)(secs * 1000000 + 0.5);

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
static int
ex_binds_port(const struct procfile_entry *e)
{
	return (strcmp(e->name, "web") == 0 ||
	    strstr(e->command, "$PORT") != NULL ||
	    strstr(e->command, "${PORT") != NULL);
}

/*
 * A name as Kubernetes takes it (an RFC 1123 label): lower case, '-' for
 * '_' and '.'; NULL when that is still not a label.
 */
static char *
ex_kname(const char *s)
{
	size_t	 i, len = strlen(s);
	char	*k;

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

/* s in ASCII lower case, a new string. */
static char *
ex_lower(const char *s)
{
	char	*l, *p;

	l = xstrdup(s);
	for (p = l; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = *p - 'A' + 'a';
	}
	return (l);
}

/*
 * systemd: APP.target wants one APP-NAME.N.service per instance; stopping
 * the target stops them (PartOf).  KillMode=control-group signals every
 * process of the unit, as muster signals a process group.  The env files'
 * values go to APP.env, readable by its owner only: a unit is readable by
 * all, and `systemctl show` prints its Environment= to every user.
 */
static void
build_systemd(struct exporter *ex)
{
	struct app		*app = ex->app;
	struct app_instance	*in;
	const char		*user = ex->opts->user;
	char			 span[32], *cmd, *root, *env;
	size_t			 i;

	root = ex_quote(ex, Q_SYSTEMD_RAW, ex->root, ex->root, 0,
	    "the root directory", "");
	env = ex_env(ex, Q_SYSTEMD_ENVFILE, NULL);
	if (*env != '\0') {
		ex_begin(ex, 0600, "%s.env", ex->name);
		fputs(env, ex->f);
		ex_end(ex);
	}
	for (i = 0; i < app->n_instances; i++) {
		in = &app->instances[i];
		ex->src = app->procfile->path;
		ex->line = in->entry->line;
		ex_begin(ex, 0644, "%s-%s.service", ex->name, in->name);
		fprintf(ex->f, "[Unit]\nDescription=%s %s\nPartOf=%s.target\n",
		    ex->name, in->name, ex->name);
		if (in->type != NULL && in->type->on_exit == ON_EXIT_RESTART)
			fprintf(ex->f, "StartLimitIntervalSec=60\n"
			    "StartLimitBurst=%lu\n",
			    in->type->restart_limit + 1);
		fprintf(ex->f, "\n[Service]\nType=simple\n");
		if (user != NULL)
			fprintf(ex->f, "User=%s\n", user);
		fprintf(ex->f, "WorkingDirectory=%s\n"
		    "Environment=\"PORT=%u\" \"PS=%s\"\n", root, in->port,
		    in->name);
		/* %Y: the directory the unit is read from; copy both. */
		if (*env != '\0')
			fprintf(ex->f, "EnvironmentFile=%%Y/%s.env\n",
			    ex->name);
		/* Errors in a command are the same for every instance. */
		cmd = in->number == 1 ? ex_command(ex, Q_SYSTEMD_EXEC,
		    in->entry) : quote_systemd(in->entry->command, 1, NULL);
		ex_span(ex_timeout(ex, in->type), 1, span, sizeof span);
		fprintf(ex->f, "ExecStart=/bin/sh -c %s\n"
		    "KillMode=control-group\nKillSignal=SIG%s\n"
		    "TimeoutStopSec=%s\nSyslogIdentifier=%s-%s\n",
		    cmd != NULL ? cmd : "", ex_signal(in->type), span,
		    ex->name, in->name);
		free(cmd);
		if (in->type != NULL && in->type->on_exit == ON_EXIT_RESTART)
			fprintf(ex->f, "Restart=always\nRestartSec=100ms\n");
		else
			fprintf(ex->f, "Restart=no\n");
		fprintf(ex->f, "\n[Install]\nWantedBy=%s.target\n", ex->name);
		ex_end(ex);
	}

	ex->src = NULL;
	ex_begin(ex, 0644, "%s.target", ex->name);
	fprintf(ex->f, "# Start, stop and enable the app with this target."
	    "\n[Unit]\nDescription=%s\nWants=", ex->name);
	for (i = 0; i < app->n_instances; i++)
		fprintf(ex->f, "%s%s-%s.service", i == 0 ? "" : " ", ex->name,
		    app->instances[i].name);
	fprintf(ex->f, "\n\n[Install]\nWantedBy=multi-user.target\n");
	ex_end(ex);
	free(root);
	free(env);
}

/*
 * supervisord: one [program:APP-NAME.N] per instance in [group:APP];
 * stopasgroup and killasgroup signal the process group, as muster does.
 */
static void
build_supervisord(struct exporter *ex)
{
	struct app		*app = ex->app;
	struct app_instance	*in;
	char			*cmd, *root, *env, *args;
	size_t			 i;

	root = ex_quote(ex, Q_SV_RAW, ex->root, ex->root, 0,
	    "the root directory", "");
	env = ex_env(ex, Q_SV_ENV, &args);
	ex_begin(ex, 0600, "%s.conf", ex->name);
	fprintf(ex->f, "[group:%s]\nprograms=", ex->name);
	for (i = 0; i < app->n_instances; i++)
		fprintf(ex->f, "%s%s-%s", i == 0 ? "" : ",", ex->name,
		    app->instances[i].name);
	fprintf(ex->f, "\n");
	for (i = 0; i < app->n_instances; i++) {
		in = &app->instances[i];
		cmd = in->number == 1 ? ex_command(ex, Q_SV_WORD, in->entry) :
		    quote_supervisor_word(in->entry->command, NULL);
		fprintf(ex->f, "\n[program:%s-%s]\ncommand=%s%s%s/bin/sh -c "
		    "%s\ndirectory=%s\n", ex->name, in->name,
		    *args != '\0' ? "/usr/bin/env" : "", args,
		    *args != '\0' ? " " : "", cmd != NULL ? cmd : "", root);
		free(cmd);
		if (ex->opts->user != NULL)
			fprintf(ex->f, "user=%s\n", ex->opts->user);
		fprintf(ex->f, "environment=PORT=\"%u\",PS=\"%s\"%s\n"
		    "autostart=true\n", in->port, in->name, env);
		if (in->type != NULL && in->type->on_exit == ON_EXIT_RESTART)
			fprintf(ex->f, "autorestart=true\nstartretries=%lu\n",
			    in->type->restart_limit);
		else
			fprintf(ex->f, "autorestart=false\nstartsecs=0\n");
		fprintf(ex->f, "stopsignal=%s\nstopwaitsecs=%lld\n"
		    "stopasgroup=true\nkillasgroup=true\n"
		    "redirect_stderr=true\n", ex_signal(in->type),
		    ex_seconds(ex_timeout(ex, in->type)));
	}
	ex_end(ex);
	free(root);
	free(env);
	free(args);
}

/*
 * runit: a service directory APP-NAME.N per instance: run, log/run and
 * the environment in env/ for chpst -e.  runsv stops a service with
 * SIGTERM; a type with another stop signal gets a control/t that sends it.
 */
static void
build_runit(struct exporter *ex)
{
	struct app		*app = ex->app;
	struct app_instance	*in;
	struct env_var		*v;
	FILE			*lf;
	char			*cmd, *root, *user = NULL, *data, *args;
	char			*list;
	size_t			 i, len, llen;

	root = quote_sh(ex->root);
	if (ex->opts->user != NULL)
		user = quote_sh(ex->opts->user);
	free(ex_env(ex, Q_ENVDIR, &args));
	/* The env/ files it writes, so that a re-export removes no other. */
	if ((lf = open_memstream(&list, &llen)) == NULL)
		fatal("open_memstream");
	fprintf(lf, "%s PORT PS", RUNIT_ENV_LIST);
	TAILQ_FOREACH(v, &app->env->vars, entry) {
		if (ex_exported(v) && (data = quote_envdir(v->value, &len,
		    NULL)) != NULL) {
			fprintf(lf, " %s", v->key);
			free(data);
		}
	}
	if (fclose(lf) != 0)
		fatal("open_memstream");

	for (i = 0; i < app->n_instances; i++) {
		in = &app->instances[i];
		ex->src = app->procfile->path;
		ex->line = in->entry->line;
		ex_file(ex, NULL, 0, 0755, "%s-%s", ex->name, in->name);
		/* Values in run are as private as the ones in env/. */
		ex_begin(ex, *args != '\0' ? 0700 : 0755, "%s-%s/run",
		    ex->name, in->name);
		cmd = quote_sh(in->entry->command);
		fprintf(ex->f, "%s\nexec 2>&1\nenv=\"$PWD/env\"\n"
		    "cd %s || exit 111\nexec chpst%s%s -e \"$env\" %s%s%s"
		    "/bin/sh -c %s\n", list, root, user != NULL ? " -u " : "",
		    user != NULL ? user : "", *args != '\0' ? "/usr/bin/env" :
		    "", args, *args != '\0' ? " " : "", cmd);
		free(cmd);
		ex_end(ex);
		if (in->type != NULL && in->type->stop_signal != 0 &&
		    in->type->stop_signal != SIGTERM) {
			ex_file(ex, NULL, 0, 0755, "%s-%s/control", ex->name,
			    in->name);
			ex_begin(ex, 0755, "%s-%s/control/t", ex->name,
			    in->name);
			fprintf(ex->f, "# runsv runs this instead of sending "
			    "SIGTERM (sv down, sv term).\nexec kill -s %s "
			    "\"$(cat supervise/pid)\"\n",
			    ex_signal(in->type));
			ex_end(ex);
		}
		ex_file(ex, NULL, 0, 0755, "%s-%s/log", ex->name, in->name);
		ex_file(ex, NULL, 0, 0755, "%s-%s/log/main", ex->name,
		    in->name);
		ex_begin(ex, 0755, "%s-%s/log/run", ex->name, in->name);
		fprintf(ex->f, "exec svlogd -tt ./main\n");
		ex_end(ex);

		ex_file(ex, NULL, 0, 0755, "%s-%s/env", ex->name, in->name);
		xasprintf(&data, "%u\n", in->port);
		ex_file(ex, data, strlen(data), 0600, "%s-%s/env/PORT",
		    ex->name, in->name);
		xasprintf(&data, "%s\n", in->name);
		ex_file(ex, data, strlen(data), 0600, "%s-%s/env/PS",
		    ex->name, in->name);
		TAILQ_FOREACH(v, &app->env->vars, entry) {
			ex->src = v->path;
			ex->line = v->line;
			if (ex_exported(v) && (data = quote_envdir(v->value,
			    &len, NULL)) != NULL)
				ex_file(ex, data, len, 0600, "%s-%s/env/%s",
				    ex->name, in->name, v->key);
		}
	}
	ex->src = NULL;
	free(root);
	free(user);
	free(args);
	free(list);
}

/*
 * Kubernetes: the env files' values in a Secret APP-env, and one
 * Deployment APP-NAME per type, replicas from the formation (0 for a type
 * it leaves out, ready to scale).  Every replica of a type gets the PORT
 * of its instance 1; PS is the pod's name.
 */
static void
build_kubernetes(struct exporter *ex)
{
	struct app		*app = ex->app;
	struct procfile_entry	*e, *o;
	struct type_config	*t;
	struct env_var		*v;
	char			*k, *ok, *q, *cmd, *image;
	unsigned long		 count;
	unsigned int		 port;
	int			 has_env = 0;

	TAILQ_FOREACH(v, &app->env->vars, entry)
		has_env |= ex_exported(v);
	image = ex_quote(ex, Q_YAML, ex->opts->image, "--image", 0,
	    "the image name", "");
	ex_begin(ex, 0600, "%s.yaml", ex->name);
	if (has_env) {
		/* stringData: the API server encodes it into data. */
		fprintf(ex->f, "apiVersion: v1\nkind: Secret\nmetadata:\n"
		    "  name: %s-env\n  labels:\n"
		    "    app.kubernetes.io/name: %s\n"
		    "    app.kubernetes.io/managed-by: muster\n"
		    "type: Opaque\nstringData:\n", ex->kname, ex->kname);
		q = ex_env(ex, Q_YAML, NULL);
		fputs(q, ex->f);
		free(q);
	}
	TAILQ_FOREACH(e, &app->procfile->entries, entry) {
		if ((k = ex_kname(e->name)) == NULL) {
			diag_add(ex->ds, app->procfile->path, e->line,
			    "cannot export %s to kubernetes: the name is not "
			    "an RFC 1123 label", e->name);
			continue;
		}
		TAILQ_FOREACH(o, &app->procfile->entries, entry) {
			if (o == e)
				break;
			if ((ok = ex_kname(o->name)) != NULL &&
			    strcmp(ok, k) == 0)
				diag_add(ex->ds, app->procfile->path, e->line,
				    "cannot export %s to kubernetes: it "
				    "would have the name of %s (%s)", e->name,
				    o->name, k);
			free(ok);
		}
		count = formation_count(app->formation, e->name);
		port = app_port(app, e, 1);
		if (port > 65535 && ex_binds_port(e)) {
			xasprintf(&q, "%s.1", e->name);
			app_port_error(app, q, port, ex->ds);
			free(q);
		}
		t = config_type(app->config, e->name);
		/* Kubernetes expands $(NAME) in a command; $$ is a $. */
		cmd = ex_command(ex, Q_YAML_DOLLAR, e);
		fprintf(ex->f, "---\napiVersion: apps/v1\nkind: Deployment\n"
		    "metadata:\n  name: %s-%s\n  labels:\n"
		    "    app.kubernetes.io/name: %s\n"
		    "    app.kubernetes.io/component: %s\n"
		    "    app.kubernetes.io/managed-by: muster\n"
		    "spec:\n  replicas: %lu\n  selector:\n    matchLabels:\n"
		    "      app.kubernetes.io/name: %s\n"
		    "      app.kubernetes.io/component: %s\n"
		    "  template:\n    metadata:\n      labels:\n"
		    "        app.kubernetes.io/name: %s\n"
		    "        app.kubernetes.io/component: %s\n"
		    "    spec:\n      terminationGracePeriodSeconds: %lld\n",
		    ex->kname, k, ex->kname, k, count, ex->kname, k, ex->kname,
		    k, ex_seconds(ex_timeout(ex, t)));
		if (t != NULL && t->stop_signal != 0 &&
		    t->stop_signal != SIGTERM)
			fprintf(ex->f, "      # muster.ini stops %s with "
			    "SIG%s; Kubernetes sends the image's STOPSIGNAL.\n",
			    e->name, ex_signal(t));
		fprintf(ex->f, "      containers:\n        - name: %s\n"
		    "          image: %s\n"
		    "          command: [\"/bin/sh\", \"-c\", %s]\n"
		    "          env:\n            - name: PORT\n"
		    "              value: \"%u\"\n            - name: PS\n"
		    "              valueFrom:\n                fieldRef:\n"
		    "                  fieldPath: metadata.name\n", k, image,
		    cmd, port);
		free(cmd);
		if (has_env)
			fprintf(ex->f, "          envFrom:\n"
			    "            - secretRef:\n"
			    "                name: %s-env\n", ex->kname);
		if (ex_binds_port(e))
			fprintf(ex->f, "          ports:\n"
			    "            - containerPort: %u\n", port);
		free(k);
	}
	ex_end(ex);
	free(image);
}

/*
 * compose: one service per type with deploy.replicas from the formation
 * (0 for a type it leaves out).  Every replica gets the PORT of instance
 * 1 and PS is the type's name.  $ is doubled: compose interpolates.
 * A service's name is its type's in lower case: compose names the image
 * it builds after the service, and Docker takes no upper case there.
 */
static void
build_compose(struct exporter *ex)
{
	struct app		*app = ex->app;
	struct procfile_entry	*e, *o;
	struct type_config	*t;
	char			*q, *cmd, *env, *image, *name, *oname;
	char			 span[32];
	unsigned int		 port;

	env = ex_env(ex, Q_YAML_DOLLAR, NULL);
	if (ex->opts->image != NULL)
		image = ex_quote(ex, Q_YAML_DOLLAR, ex->opts->image, "--image",
		    0, "the image name", "");
	else
		image = ex_quote(ex, Q_YAML_DOLLAR, ex->root, ex->root, 0,
		    "the root directory", "");
	ex_begin(ex, 0600, "compose.yaml");
	fprintf(ex->f, "services:\n");
	TAILQ_FOREACH(e, &app->procfile->entries, entry) {
		name = ex_lower(e->name);
		TAILQ_FOREACH(o, &app->procfile->entries, entry) {
			if (o == e)
				break;
			oname = ex_lower(o->name);
			if (strcmp(oname, name) == 0)
				diag_add(ex->ds, app->procfile->path, e->line,
				    "cannot export %s to compose: it would "
				    "have the service name of %s (%s)",
				    e->name, o->name, name);
			free(oname);
		}
		t = config_type(app->config, e->name);
		port = app_port(app, e, 1);
		if (port > 65535 && ex_binds_port(e)) {
			xasprintf(&q, "%s.1", e->name);
			app_port_error(app, q, port, ex->ds);
			free(q);
		}
		fprintf(ex->f, "  \"%s\":\n    %s: %s\n", name,
		    ex->opts->image != NULL ? "image" : "build", image);
		free(name);
		cmd = ex_command(ex, Q_YAML_DOLLAR, e);
		fprintf(ex->f, "    command: [\"/bin/sh\", \"-c\", %s]\n", cmd);
		free(cmd);
		if (ex->opts->user != NULL)
			fprintf(ex->f, "    user: \"%s\"\n", ex->opts->user);
		fprintf(ex->f, "    environment:\n      \"PORT\": \"%u\"\n"
		    "      \"PS\": \"%s\"\n%s", port, e->name, env);
		ex_span(ex_timeout(ex, t), 0, span, sizeof span);
		fprintf(ex->f, "    deploy:\n      replicas: %lu\n"
		    "    stop_signal: SIG%s\n    stop_grace_period: %s\n"
		    "    restart: \"%s\"\n",
		    formation_count(app->formation, e->name), ex_signal(t),
		    span, t != NULL && t->on_exit == ON_EXIT_RESTART ?
		    "always" : "no");
	}
	ex_end(ex);
	free(env);
	free(image);
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
	const char	*s, *slash;
	char		*name;
	int		 fd, nfd, saved;

	if ((fd = fcntl(ex->dfd, F_DUPFD_CLOEXEC, 0)) == -1)
		return (-1);
	for (s = rel; (slash = strchr(s, '/')) != NULL; s = slash + 1) {
		name = xstrndup(s, slash - s);
		nfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
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
static DIR *
at_opendir(const struct exporter *ex, const char *rel)
{
	const char	*base;
	char		*p;
	DIR		*d;
	int		 fd;

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
static char *
owned_read(const struct exporter *ex, const char *rel)
{
	static const char	 sh[] = "#!/bin/sh\n";
	struct stat		 sb;
	const char		*base, *p;
	char			*buf;
	size_t			 len = 0, size = 1024 * 1024, mlen;
	ssize_t			 n;
	int			 fd, pfd;

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
static int
owned(const struct exporter *ex, const char *rel)
{
	char	*buf;

	if ((buf = owned_read(ex, rel)) == NULL)
		return (0);
	free(buf);
	return (1);
}

/*
 * Whether the runit run (its contents) lists key among the env/ files
 * muster wrote: what else is in env/ is an administrator's.
 */
static int
env_listed(const char *run, const char *key)
{
	const char	*p, *end;
	size_t		 n = strlen(key);

	if ((p = strstr(run, "\n" RUNIT_ENV_LIST)) == NULL)
		return (0);
	p += sizeof RUNIT_ENV_LIST;
	end = p + strcspn(p, "\n");
	while (p < end) {
		p++;
		if (strncmp(p, key, n) == 0 && (p[n] == ' ' || p + n == end))
			return (1);
		p += strcspn(p, " \n");
	}
	return (0);
}

/* DIR/path, of an earlier export, goes once this one is written. */
static void
ex_gone(struct exporter *ex, int isdir, const char *fmt, ...)
{
	struct export_gone	*g;
	va_list			 ap;

	g = xcalloc(1, sizeof *g);
	va_start(ap, fmt);
	xvasprintf(&g->path, fmt, ap);
	va_end(ap);
	g->isdir = isdir;
	TAILQ_INSERT_TAIL(&ex->gone, g, entry);
}

static const struct export_file *
planned(const struct exporter *ex, const char *path)
{
	const struct export_file	*xf;

	TAILQ_FOREACH(xf, &ex->files, entry) {
		if (strcmp(xf->path, path) == 0)
			return (xf);
	}
	return (NULL);
}

/*
 * Unlinks (or, with isdir, removes the empty directory) DIR/rel; what a
 * link or a missing directory hides is not there to remove.
 */
static int
remove_file(const struct exporter *ex, const char *rel, int isdir)
{
	const char	*base;
	char		*full;
	int		 pfd, rc, saved;

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

/* The units of this app's earlier export that this one does not write. */
static int
stale_systemd(struct exporter *ex)
{
	DIR		*d;
	struct dirent	*de;
	char		*target, *envfile;
	size_t		 n = strlen(ex->name), len;

	if ((d = at_opendir(ex, ".")) == NULL)
		return (0);
	xasprintf(&target, "%s.target", ex->name);
	xasprintf(&envfile, "%s.env", ex->name);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (strcmp(de->d_name, target) != 0 &&
		    strcmp(de->d_name, envfile) != 0 &&
		    (strncmp(de->d_name, ex->name, n) != 0 ||
		    de->d_name[n] != '-' || len < 8 ||
		    strcmp(de->d_name + len - 8, ".service") != 0))
			continue;
		if (planned(ex, de->d_name) != NULL)
			continue;
		if (owned(ex, de->d_name))
			ex_gone(ex, 0, "%s", de->d_name);
	}
	closedir(d);
	free(target);
	free(envfile);
	return (0);
}

/*
 * runit: the service directories of this app's earlier export that this
 * one does not write lose the files muster wrote (logs, runsv's
 * supervise/ and what an administrator added stay), and every env/ loses
 * the values muster wrote there and writes no more.  A service directory
 * that is a link is not this export's.
 */
static int
stale_runit(struct exporter *ex)
{
	static const char *files[] = { "run", "control/t", "log/run" };
	static const char *dirs[] = { "env", "control", "log/main", "log",
	    "" };
	DIR		*d, *ed;
	struct dirent	*de, *ee;
	char		*rel, *run;
	size_t		 i, n = strlen(ex->name);
	int		 keep;

	if ((d = at_opendir(ex, ".")) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ex->name, n) != 0 ||
		    de->d_name[n] != '-')
			continue;
		xasprintf(&rel, "%s/run", de->d_name);
		run = owned_read(ex, rel);
		free(rel);
		if (run == NULL)
			continue;
		keep = planned(ex, de->d_name) != NULL;
		xasprintf(&rel, "%s/env", de->d_name);
		ed = at_opendir(ex, rel);
		free(rel);
		while (ed != NULL && (ee = readdir(ed)) != NULL) {
			if (ee->d_name[0] == '.' ||
			    !env_listed(run, ee->d_name))
				continue;
			xasprintf(&rel, "%s/env/%s", de->d_name, ee->d_name);
			if (!keep || planned(ex, rel) == NULL)
				ex_gone(ex, 0, "%s", rel);
			free(rel);
		}
		if (ed != NULL)
			closedir(ed);
		free(run);
		for (i = 0; i < sizeof files / sizeof files[0]; i++) {
			xasprintf(&rel, "%s/%s", de->d_name, files[i]);
			if ((!keep || planned(ex, rel) == NULL) &&
			    owned(ex, rel))
				ex_gone(ex, 0, "%s", rel);
			free(rel);
		}
		/* Only when empty: rmdir leaves what is not muster's. */
		for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
			xasprintf(&rel, "%s/%s", de->d_name, dirs[i]);
			if (!keep || planned(ex, rel) == NULL)
				ex_gone(ex, 1, "%s", rel);
			free(rel);
		}
	}
	closedir(d);
	return (0);
}

/* mkdir -p, for DIR itself: where it leads is the user's choice. */
static int
mkdirs(const char *path)
{
	char	*p, *s, c;
	int	 rc = 0;

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
	static unsigned int	 seq;
	char			 tmp[64];
	size_t			 off = 0;
	ssize_t			 n;
	int			 fd, ok, saved;

	do {
		snprintf(tmp, sizeof tmp, ".muster-%ld-%u", (long)getpid(),
		    seq++);
		fd = openat(pfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
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
	struct export_file	*xf;
	const char		*base;
	char			*path;
	int			 pfd, rc = 0, saved;

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
		return (-1);
	}
	TAILQ_FOREACH(xf, &ex->files, entry) {
		if (xf->tmp == NULL)
			continue;
		path = file_join(ex->dir, xf->path);
		if ((pfd = at_parent(ex, xf->path, &base)) == -1 ||
		    renameat(pfd, xf->tmp, pfd, base) == -1) {
			log_warnx("cannot write %s: %s", path,
			    strerror(errno));
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

/* An app or user name: letters, digits, '_', '-' and '.'. */
static int
valid_name(const char *s)
{
	size_t	 i;

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
	const char	*p;

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
	const struct export_options	*o = ex->opts;
	const struct export_format	*fmt = NULL;
	const char			*why;
	size_t				 i;

	if (nargs != 2) {
		diag_add(ex->ds, NULL, 0, "export needs a format and a "
		    "directory: muster export FORMAT DIR");
		return (NULL);
	}
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(args[0], formats[i].name) == 0)
			fmt = &formats[i];
	}
	if (fmt == NULL) {
		diag_add(ex->ds, NULL, 0, "unknown export format '%s' "
		    "(systemd, supervisord, runit, kubernetes or compose)",
		    args[0]);
		return (NULL);
	}
	ex->format = fmt->name;
	if (o->user != NULL && !valid_name(o->user))
		diag_add(ex->ds, NULL, 0, "invalid user name '%s' for -u",
		    o->user);
	if (o->user != NULL && strcmp(fmt->name, "kubernetes") == 0)
		diag_add(ex->ds, NULL, 0, "-u does not apply to kubernetes: "
		    "set the user in the image");
	if (o->image != NULL && strcmp(fmt->name, "kubernetes") != 0 &&
	    strcmp(fmt->name, "compose") != 0)
		diag_add(ex->ds, NULL, 0, "--image applies only to kubernetes "
		    "and compose");
	if (o->image == NULL && strcmp(fmt->name, "kubernetes") == 0)
		diag_add(ex->ds, NULL, 0, "export kubernetes needs --image "
		    "IMAGE: the image the app runs in");
	if (o->image != NULL && (why = image_invalid(o->image)) != NULL)
		diag_add(ex->ds, NULL, 0, "invalid image name for --image: "
		    "it %s", why);
	if (o->app != NULL && !valid_name(o->app))
		diag_add(ex->ds, NULL, 0, "invalid app name '%s' for -a "
		    "(letters, digits, '_', '-' and '.')", o->app);
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
	const struct export_file	*xf;
	const char			*base, *s, *slash;
	const char			**srcs = NULL;
	size_t				 n, i, nseen = 0, *lines = NULL;

	if ((n = strlen(ex->dir)) >= PATH_MAX)
		diag_add(ex->ds, NULL, 0, "cannot export into the directory: "
		    "its path is %zu bytes long, over the limit of %d", n,
		    PATH_MAX - 1);
	for (s = ex->dir; *s != '\0'; s = slash + 1) {
		if ((slash = strchr(s, '/')) == NULL)
			slash = s + strlen(s);
		if ((size_t)(slash - s) > NAME_MAX) {
			diag_add(ex->ds, NULL, 0, "cannot export into the "
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
		diag_add(ex->ds, xf->src, xf->line, "cannot export to %s: the "
		    "file name %s would be %zu bytes long, over the limit of "
		    "%d", ex->format, base, n, NAME_MAX);
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
export_conflicts(struct exporter *ex)
{
	const struct export_file	*xf;
	struct stat			 sb;
	const char			*base;
	char				*path, *run, *env, *rel;
	int				 pfd, rc = 0, r;

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
			    "follow; nothing written", path);
			rc = -1;
		} else if (xf->data == NULL) {
			if (!S_ISDIR(sb.st_mode)) {
				log_warnx("%s: in the way of a directory of "
				    "the export; nothing written", path);
				rc = -1;
			}
		} else if (!owned(ex, xf->path)) {
			/*
			 * runit's env/ files are muster's when the run
			 * beside them lists them.
			 */
			run = NULL;
			if ((env = strstr(xf->path, "/env/")) != NULL) {
				xasprintf(&rel, "%.*s/run",
				    (int)(env - xf->path), xf->path);
				run = owned_read(ex, rel);
				free(rel);
			}
			if (run == NULL || !env_listed(run, env + 5) ||
			    !S_ISREG(sb.st_mode)) {
				log_warnx("%s: not written by muster export "
				    "for app %s; not replaced, nothing "
				    "written", path, ex->name);
				rc = -1;
			}
			free(run);
		}
		free(path);
	}
	return (rc);
}

/* Writes the export; 0, or 2 for bad input, 1 when writing failed. */
int
export_main(struct config *cfg, char **args, int nargs,
    const struct export_options *opts, char *const *environ)
{
	const struct export_format	*fmt;
	struct exporter			 ex;
	struct export_file		*xf;
	struct export_gone		*g;
	struct diags			 ds;
	char				*base;
	int				 status = 0;

	memset(&ex, 0, sizeof ex);
	TAILQ_INIT(&ex.files);
	TAILQ_INIT(&ex.gone);
	ex.dfd = -1;
	diags_init(&ds);
	ex.ds = &ds;
	ex.opts = opts;
	if ((fmt = export_check(&ex, args, nargs)) == NULL) {
		diags_print(&ds, stderr);
		diags_free(&ds);
		return (2);
	}
	if ((ex.app = app_load(cfg, NULL, 0, environ, &ds)) == NULL) {
		diags_print(&ds, stderr);
		diags_free(&ds);
		return (2);
	}
	if ((ex.root = realpath(ex.app->root, NULL)) == NULL)
		fatal("%s", ex.app->root);
	if (opts->app != NULL)
		ex.name = opts->app;
	else {
		base = strrchr(ex.root, '/') + 1;
		if (!valid_name(base))
			diag_add(&ds, ex.root, 0, "cannot name the app after "
			    "its directory: name it with -a APP");
		ex.name = base;
	}
	if (strcmp(fmt->name, "kubernetes") == 0 &&
	    (ex.kname = ex_kname(ex.name)) == NULL)
		diag_add(&ds, NULL, 0, "the app name %s is not an RFC 1123 "
		    "label for kubernetes: name it with -a APP", ex.name);
	xasprintf(&ex.marker, "# Written by muster export for app %s; "
	    "re-export rather than edit.", ex.name);
	ex.dir = args[1];
	if (diags_count(&ds) == 0)
		fmt->build(&ex);
	if (diags_count(&ds) == 0)
		export_lengths(&ex);
	/* The warnings (a value cut by an unset variable), or the errors. */
	diags_print(&ds, stderr);
	if (diags_count(&ds) != 0) {
		status = 2;
		goto out;
	}

	/* DIR itself may be a link: the user named it. */
	if ((ex.dfd = open(ex.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 && (errno != ENOENT || mkdirs(ex.dir) == -1 ||
	    (ex.dfd = open(ex.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)) {
		log_warnx("cannot create %s: %s", ex.dir, strerror(errno));
		status = 1;
		goto out;
	}
	/* What goes is found before the new files replace the old. */
	if (export_conflicts(&ex) == -1 ||
	    (fmt->stale != NULL && fmt->stale(&ex) == -1) ||
	    export_write(&ex) == -1) {
		status = 1;
		goto out;
	}
	TAILQ_FOREACH(g, &ex.gone, entry) {
		if (remove_file(&ex, g->path, g->isdir) == -1)
			status = 1;
	}
out:
	if (ex.dfd != -1)
		close(ex.dfd);
	while ((xf = TAILQ_FIRST(&ex.files)) != NULL) {
		TAILQ_REMOVE(&ex.files, xf, entry);
		free(xf->path);
		free(xf->data);
		free(xf->tmp);
		free(xf);
	}
	while ((g = TAILQ_FIRST(&ex.gone)) != NULL) {
		TAILQ_REMOVE(&ex.gone, g, entry);
		free(g->path);
		free(g);
	}
	if (ex.f != NULL)
		fclose(ex.f);
	free(ex.buf);
	free(ex.marker);
	free(ex.kname);
	free(ex.root);
	app_free(ex.app);
	diags_free(&ds);
	return (status);
}
