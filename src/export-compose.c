/*
 * export-compose.c: `muster export compose`: a compose.yaml with a
 * service per process type.
 */

#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "export.h"

static char *export_compose_name(struct exporter *,
    const struct procfile_entry *);
static void  export_compose_service(struct exporter *,
     const struct procfile_entry *, const char *, const char *);
static char *export_compose_lower(const char *);
static void export_compose_order(struct exporter *, const struct type_config *);

/*
 * One service per type with deploy.replicas from the formation (0 for a
 * type it leaves out).  Every replica gets the PORT of instance 1 and PS
 * is the type's name.  $ is doubled: compose interpolates.
 */
void
export_compose_build(struct exporter *ex)
{
	struct procfile_entry *e;
	char		      *env, *image;

	env = ex_env(ex, Q_YAML_DOLLAR, NULL);
	if (ex->opts->image != NULL)
		image = ex_quote(ex, Q_YAML_DOLLAR, ex->opts->image, "--image",
		    0, "the image name", "");
	else
		image = ex_quote(ex, Q_YAML_DOLLAR, ex->root, ex->root, 0,
		    "the root directory", "");
	ex_begin(ex, 0600, "compose.yaml");
	fprintf(ex->f, "services:\n");
	TAILQ_FOREACH(e, &ex->app->procfile->entries, entry)
		export_compose_service(ex, e, image, env);
	ex_end(ex);
	free(env);
	free(image);
}

/*
 * A service's name is its type's in lower case: compose names the image
 * it builds after the service, and Docker takes no upper case there.  Two
 * types of the same name in lower case would be one service: an error.
 */
static char *
export_compose_name(struct exporter *ex, const struct procfile_entry *e)
{
	struct procfile_entry *o;
	char		      *name, *oname;

	name = export_compose_lower(e->name);
	TAILQ_FOREACH(o, &ex->app->procfile->entries, entry) {
		if (o == e)
			break;
		oname = export_compose_lower(o->name);
		if (strcmp(oname, name) == 0)
			diag_add(ex->ds, ex->app->procfile->path, e->line,
			    "cannot export %s to compose: it would have the "
			    "service name of %s (%s)",
			    e->name, o->name, name);
		free(oname);
	}
	return (name);
}

/* The service of the type e; image and env are quoted already. */
static void
export_compose_service(struct exporter *ex, const struct procfile_entry *e,
    const char *image, const char *env)
{
	struct type_config *t;
	char		   *cmd, *name, span[32];
	unsigned int	    port;

	name = export_compose_name(ex, e);
	t = config_type(ex->app->config, e->name);
	port = ex_port(ex, e);
	fprintf(ex->f, "  \"%s\":\n    %s: %s\n", name,
	    ex->opts->image != NULL ? "image" : "build", image);
	free(name);
	cmd = ex_command(ex, Q_YAML_DOLLAR, e);
	fprintf(ex->f, "    command: [\"/bin/sh\", \"-c\", %s]\n", cmd);
	free(cmd);
	if (ex->opts->user != NULL)
		fprintf(ex->f, "    user: \"%s\"\n", ex->opts->user);
	fprintf(ex->f,
	    "    environment:\n      \"PORT\": \"%u\"\n"
	    "      \"PS\": \"%s\"\n%s",
	    port, e->name, env);
	ex_span(ex_timeout(ex, t), 0, span, sizeof span);
	fprintf(ex->f,
	    "    deploy:\n      replicas: %lu\n"
	    "    stop_signal: SIG%s\n    stop_grace_period: %s\n"
	    "    restart: \"%s\"\n",
	    formation_count(ex->app->formation, e->name), ex_signal(t), span,
	    ex_restarts(ex, t, e->name) ? "always" : "no");
	export_compose_order(ex, t);
}

/*
 * muster.ini's ready and after: ready = exec is a healthcheck, which
 * compose can wait for (service_healthy); :ok waits for a one-off's
 * success (service_completed_successfully); any other type is waited
 * for as started: compose has no probe of a port, an HTTP answer, a
 * line or sd_notify (muster.ini(5) says so).
 */
static void
export_compose_order(struct exporter *ex, const struct type_config *t)
{
	const struct type_config *d;
	const char		 *cond;
	char			 *q, *name, span[32];
	size_t			  i;

	if (t == NULL)
		return;
	if (t->ready.kind == READY_EXEC) {
		q = ex_quote(ex, Q_YAML_DOLLAR, t->ready.arg,
		    ex->app->config->ini_path, t->line,
		    "the command of ready = exec", "");
		ex_span(t->ready_timeout, 0, span, sizeof span);
		/* Failures count only after ready_timeout, as in muster. */
		fprintf(ex->f,
		    "    healthcheck:\n      test: [\"CMD-SHELL\", %s]\n"
		    "      interval: 1s\n      start_period: %s\n",
		    q, span);
		free(q);
	}
	if (t->after.n == 0)
		return;
	fprintf(ex->f, "    depends_on:\n");
	for (i = 0; i < t->after.n; i++) {
		d = config_type(ex->app->config, t->after.deps[i].name);
		if (t->after.deps[i].ok)
			cond = "service_completed_successfully";
		else if (d != NULL && d->ready.kind == READY_EXEC)
			cond = "service_healthy";
		else
			cond = "service_started";
		name = export_compose_lower(t->after.deps[i].name);
		fprintf(ex->f, "      \"%s\":\n        condition: %s\n", name,
		    cond);
		free(name);
	}
}

/* s in ASCII lower case, a new string. */
static char *
export_compose_lower(const char *s)
{
	char *l, *p;

	l = xstrdup(s);
	for (p = l; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = *p - 'A' + 'a';
	}
	return (l);
}
