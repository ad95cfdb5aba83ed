/*
 * export-systemd.c: `muster export systemd`: a target for the app and a
 * service unit per instance, and the units of an earlier export that go.
 */

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "export.h"

static void export_systemd_unit(struct exporter *, const struct app_instance *,
    const char *, const char *);
static void export_systemd_target(struct exporter *);
static void export_systemd_after(struct exporter *,
    const struct app_instance *);

/*
 * APP.target wants one APP-NAME.N.service per instance; stopping the
 * target stops them (PartOf).  KillMode=control-group signals every
 * process of the unit, as muster signals a process group.  The env files'
 * values go to APP.env, readable by its owner only: a unit is readable by
 * all, and `systemctl show` prints its Environment= to every user.
 */
void
export_systemd_build(struct exporter *ex)
{
	struct app *app = ex->app;
	char	   *root, *env;
	size_t	    i;

	root = ex_quote(ex, Q_SYSTEMD_RAW, ex->root, ex->root, 0,
	    "the root directory", "");
	env = ex_env(ex, Q_SYSTEMD_ENVFILE, NULL);
	if (*env != '\0') {
		ex_begin(ex, 0600, "%s.env", ex->name);
		fputs(env, ex->f);
		ex_end(ex);
	}
	for (i = 0; i < app->n_instances; i++)
		export_systemd_unit(ex, &app->instances[i], root, env);
	export_systemd_target(ex);
	free(root);
	free(env);
}

/* The service of one instance; root and env are quoted already. */
static void
export_systemd_unit(struct exporter *ex, const struct app_instance *in,
    const char *root, const char *env)
{
	const char *user = ex->opts->user;
	char	    span[32], *cmd;

	ex->src = ex->app->procfile->path;
	ex->line = in->entry->line;
	ex_begin(ex, 0644, "%s-%s.service", ex->name, in->name);
	fprintf(ex->f, "[Unit]\nDescription=%s %s\nPartOf=%s.target\n",
	    ex->name, in->name, ex->name);
	if (ex_restarts(ex, in->type, in->entry->name))
		fprintf(ex->f,
		    "StartLimitIntervalSec=60\n"
		    "StartLimitBurst=%lu\n",
		    in->type->restart_limit + 1);
	export_systemd_after(ex, in);
	/*
	 * A one-off is done once it has exited (After= of what comes after
	 * it waits for that), and stays done: a dependent's restart does not
	 * run it again.  ready = notify is systemd's own protocol, from any
	 * process of the unit as from any of the group, in ready_timeout.
	 */
	if (ex_oneoff(ex, in->entry->name))
		fprintf(ex->f,
		    "\n[Service]\nType=oneshot\nRemainAfterExit=yes\n");
	else if (in->type != NULL && in->type->ready.kind == READY_NOTIFY) {
		ex_span(in->type->ready_timeout, 1, span, sizeof span);
		fprintf(ex->f,
		    "\n[Service]\nType=notify\nNotifyAccess=all\n"
		    "TimeoutStartSec=%s\n",
		    span);
	} else
		fprintf(ex->f, "\n[Service]\nType=simple\n");
	if (user != NULL)
		fprintf(ex->f, "User=%s\n", user);
	fprintf(ex->f,
	    "WorkingDirectory=%s\n"
	    "Environment=\"PORT=%u\" \"PS=%s\"\n",
	    root, in->port, in->name);
	/* %Y: the directory the unit is read from; copy both. */
	if (*env != '\0')
		fprintf(ex->f, "EnvironmentFile=%%Y/%s.env\n", ex->name);
	/* Errors in a command are the same for every instance. */
	cmd = in->number == 1 ? ex_command(ex, Q_SYSTEMD_EXEC, in->entry)
			      : quote_systemd(in->entry->command, 1, NULL);
	ex_span(ex_timeout(ex, in->type), 1, span, sizeof span);
	fprintf(ex->f,
	    "ExecStart=/bin/sh -c %s\n"
	    "KillMode=control-group\nKillSignal=SIG%s\n"
	    "TimeoutStopSec=%s\nSyslogIdentifier=%s-%s\n",
	    cmd != NULL ? cmd : "", ex_signal(in->type), span, ex->name,
	    in->name);
	free(cmd);
	if (ex_restarts(ex, in->type, in->entry->name))
		fprintf(ex->f, "Restart=always\nRestartSec=100ms\n");
	else
		fprintf(ex->f, "Restart=no\n");
	fprintf(ex->f, "\n[Install]\nWantedBy=%s.target\n", ex->name);
	ex_end(ex);
}

/*
 * muster.ini's after: After= and Wants= of each instance of the types
 * named (Requires= for :ok: its failure is the dependent's).  systemd's
 * After= waits for a unit's start, not its readiness, but for
 * Type=notify and Type=oneshot units, which are started once ready or
 * done.
 */
static void
export_systemd_after(struct exporter *ex, const struct app_instance *in)
{
	const struct app *app = ex->app;
	size_t		  i, k;
	int		  ok;

	if (in->type == NULL)
		return;
	for (i = 0; i < in->type->after.n; i++) {
		ok = in->type->after.deps[i].ok;
		for (k = 0; k < app->n_instances; k++) {
			if (strcmp(app->instances[k].entry->name,
				in->type->after.deps[i].name) != 0)
				continue;
			fprintf(ex->f,
			    "After=%s-%s.service\n%s=%s-%s.service\n", ex->name,
			    app->instances[k].name, ok ? "Requires" : "Wants",
			    ex->name, app->instances[k].name);
		}
	}
}

/* The app's target, which wants every instance's service. */
static void
export_systemd_target(struct exporter *ex)
{
	size_t i;

	ex->src = NULL;
	ex_begin(ex, 0644, "%s.target", ex->name);
	fprintf(ex->f,
	    "# Start, stop and enable the app with this target."
	    "\n[Unit]\nDescription=%s\nWants=",
	    ex->name);
	for (i = 0; i < ex->app->n_instances; i++)
		fprintf(ex->f, "%s%s-%s.service", i == 0 ? "" : " ", ex->name,
		    ex->app->instances[i].name);
	fprintf(ex->f, "\n\n[Install]\nWantedBy=multi-user.target\n");
	ex_end(ex);
}

/* The units of this app's earlier export that this one does not write. */
int
export_systemd_stale(struct exporter *ex)
{
	DIR	      *d;
	struct dirent *de;
	char	      *target, *envfile;
	size_t	       n = strlen(ex->name), len;

	if ((d = ex_opendir(ex, ".")) == NULL)
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
		if (ex_planned(ex, de->d_name))
			continue;
		if (ex_owned(ex, de->d_name))
			ex_gone(ex, 0, "%s", de->d_name);
	}
	closedir(d);
	free(target);
	free(envfile);
	return (0);
}
