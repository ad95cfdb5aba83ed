/*
 * export-runit.c: `muster export runit`: a service directory per
 * instance, and what an earlier export left in those it no longer writes.
 */

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "export.h"

/* The line of a runit run that names the env/ files muster wrote. */
#define RUNIT_ENV_LIST "# muster wrote env/:"

static char *export_runit_list(struct exporter *);
static void export_runit_service(struct exporter *, const struct app_instance *,
    const char *, const char *, const char *, const char *);
static void export_runit_env(struct exporter *, const struct app_instance *);
static void export_runit_gone(struct exporter *, const char *);
static int  export_runit_listed(const char *, const char *);

/*
 * A service directory APP-NAME.N per instance: run, log/run and the
 * environment in env/ for chpst -e.  runsv stops a service with SIGTERM;
 * a type with another stop signal gets a control/t that sends it.
 */
void
export_runit_build(struct exporter *ex)
{
	struct app *app = ex->app;
	char	   *root, *user = NULL, *args, *list;
	size_t	    i;

	root = quote_sh(ex->root);
	if (ex->opts->user != NULL)
		user = quote_sh(ex->opts->user);
	free(ex_env(ex, Q_ENVDIR, &args));
	list = export_runit_list(ex);
	for (i = 0; i < app->n_instances; i++)
		export_runit_service(ex, &app->instances[i], list, root, user,
		    args);
	ex->src = NULL;
	free(root);
	free(user);
	free(args);
	free(list);
}

/* The env/ files it writes, so that a re-export removes no other. */
static char *
export_runit_list(struct exporter *ex)
{
	struct env_var *v;
	FILE	       *lf;
	char	       *list, *data;
	size_t		llen, len;

	if ((lf = open_memstream(&list, &llen)) == NULL)
		fatal("open_memstream");
	fprintf(lf, "%s PORT PS", RUNIT_ENV_LIST);
	TAILQ_FOREACH(v, &ex->app->env->vars, entry) {
		if (ex_exported(v) &&
		    (data = quote_envdir(v->value, &len, NULL)) != NULL) {
			fprintf(lf, " %s", v->key);
			free(data);
		}
	}
	if (fclose(lf) != 0)
		fatal("open_memstream");
	return (list);
}

/*
 * The service directory of one instance.  list is run's line that names
 * the env/ files; root and user are quoted for sh; args are env(1)'s for
 * the values env/ cannot hold.
 */
static void
export_runit_service(struct exporter *ex, const struct app_instance *in,
    const char *list, const char *root, const char *user, const char *args)
{
	char *cmd;

	ex->src = ex->app->procfile->path;
	ex->line = in->entry->line;
	ex_file(ex, NULL, 0, 0755, "%s-%s", ex->name, in->name);
	/* Values in run are as private as the ones in env/. */
	ex_begin(ex, *args != '\0' ? 0700 : 0755, "%s-%s/run", ex->name,
	    in->name);
	cmd = quote_sh(in->entry->command);
	fprintf(ex->f,
	    "%s\nexec 2>&1\nenv=\"$PWD/env\"\n"
	    "cd %s || exit 111\nexec chpst%s%s -e \"$env\" %s%s%s"
	    "/bin/sh -c %s\n",
	    list, root, user != NULL ? " -u " : "", user != NULL ? user : "",
	    *args != '\0' ? "/usr/bin/env" : "", args, *args != '\0' ? " " : "",
	    cmd);
	free(cmd);
	ex_end(ex);
	if (in->type != NULL && in->type->stop_signal != 0 &&
	    in->type->stop_signal != SIGTERM) {
		ex_file(ex, NULL, 0, 0755, "%s-%s/control", ex->name, in->name);
		ex_begin(ex, 0755, "%s-%s/control/t", ex->name, in->name);
		fprintf(ex->f,
		    "# runsv runs this instead of sending "
		    "SIGTERM (sv down, sv term).\nexec kill -s %s "
		    "\"$(cat supervise/pid)\"\n",
		    ex_signal(in->type));
		ex_end(ex);
	}
	ex_file(ex, NULL, 0, 0755, "%s-%s/log", ex->name, in->name);
	ex_file(ex, NULL, 0, 0755, "%s-%s/log/main", ex->name, in->name);
	ex_begin(ex, 0755, "%s-%s/log/run", ex->name, in->name);
	fprintf(ex->f, "exec svlogd -tt ./main\n");
	ex_end(ex);
	export_runit_env(ex, in);
}

/* The env/ of one instance: PORT, PS and the values a file can hold. */
static void
export_runit_env(struct exporter *ex, const struct app_instance *in)
{
	struct env_var *v;
	char	       *data;
	size_t		len;

	ex_file(ex, NULL, 0, 0755, "%s-%s/env", ex->name, in->name);
	xasprintf(&data, "%u\n", in->port);
	ex_file(ex, data, strlen(data), 0600, "%s-%s/env/PORT", ex->name,
	    in->name);
	xasprintf(&data, "%s\n", in->name);
	ex_file(ex, data, strlen(data), 0600, "%s-%s/env/PS", ex->name,
	    in->name);
	TAILQ_FOREACH(v, &ex->app->env->vars, entry) {
		ex->src = v->path;
		ex->line = v->line;
		if (ex_exported(v) &&
		    (data = quote_envdir(v->value, &len, NULL)) != NULL)
			ex_file(ex, data, len, 0600, "%s-%s/env/%s", ex->name,
			    in->name, v->key);
	}
}

/*
 * The service directories of this app's earlier export that this one does
 * not write lose the files muster wrote (logs, runsv's supervise/ and what
 * an administrator added stay), and every env/ loses the values muster
 * wrote there and writes no more.  A service directory that is a link is
 * not this export's.
 */
int
export_runit_stale(struct exporter *ex)
{
	DIR	      *d;
	struct dirent *de;
	size_t	       n = strlen(ex->name);

	if ((d = ex_opendir(ex, ".")) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ex->name, n) == 0 &&
		    de->d_name[n] == '-')
			export_runit_gone(ex, de->d_name);
	}
	closedir(d);
	return (0);
}

/* What goes of the service directory svc, if an earlier export wrote it. */
static void
export_runit_gone(struct exporter *ex, const char *svc)
{
	static const char *files[] = { "run", "control/t", "log/run" };
	static const char *dirs[] = { "env", "control", "log/main", "log", "" };
	DIR		  *ed;
	struct dirent	  *ee;
	char		  *rel, *run;
	size_t		   i;
	int		   keep;

	xasprintf(&rel, "%s/run", svc);
	run = ex_owned_read(ex, rel);
	free(rel);
	if (run == NULL)
		return;
	keep = ex_planned(ex, svc);
	xasprintf(&rel, "%s/env", svc);
	ed = ex_opendir(ex, rel);
	free(rel);
	while (ed != NULL && (ee = readdir(ed)) != NULL) {
		if (ee->d_name[0] == '.' ||
		    !export_runit_listed(run, ee->d_name))
			continue;
		xasprintf(&rel, "%s/env/%s", svc, ee->d_name);
		if (!keep || !ex_planned(ex, rel))
			ex_gone(ex, 0, "%s", rel);
		free(rel);
	}
	if (ed != NULL)
		closedir(ed);
	free(run);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		xasprintf(&rel, "%s/%s", svc, files[i]);
		if ((!keep || !ex_planned(ex, rel)) && ex_owned(ex, rel))
			ex_gone(ex, 0, "%s", rel);
		free(rel);
	}
	/* Only when empty: rmdir leaves what is not muster's. */
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		xasprintf(&rel, "%s/%s", svc, dirs[i]);
		if (!keep || !ex_planned(ex, rel))
			ex_gone(ex, 1, "%s", rel);
		free(rel);
	}
}

/*
 * Whether DIR/rel, which does not start with the marker, is muster's all
 * the same: an env/ file holds a bare value, so it is muster's when the
 * run beside its env/ lists it.
 */
int
export_runit_owned(const struct exporter *ex, const char *rel)
{
	const char *env;
	char	   *path, *run;
	int	    listed;

	if ((env = strstr(rel, "/env/")) == NULL)
		return (0);
	xasprintf(&path, "%.*s/run", (int)(env - rel), rel);
	run = ex_owned_read(ex, path);
	free(path);
	listed = run != NULL && export_runit_listed(run, env + 5);
	free(run);
	return (listed);
}

/*
 * Whether the runit run (its contents) lists key among the env/ files
 * muster wrote: what else is in env/ is an administrator's.
 */
static int
export_runit_listed(const char *run, const char *key)
{
	const char *p, *end;
	size_t	    n = strlen(key);

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
