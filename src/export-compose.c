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
	    t != NULL && t->on_exit == ON_EXIT_RESTART ? "always" : "no");
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
