/*
 * export-kubernetes.c: `muster export kubernetes`: one file of manifests,
 * a Secret for the env files' values and a Deployment per process type.
 */

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "export.h"

static char *export_kubernetes_name(struct exporter *,
    const struct procfile_entry *);
static void  export_kubernetes_probe(struct exporter *,
     const struct procfile_entry *, const struct type_config *, unsigned int);
static void  export_kubernetes_deployment(struct exporter *,
     const struct procfile_entry *, const char *, const char *, int);

/*
 * The env files' values in a Secret APP-env, and one Deployment APP-NAME
 * per type, replicas from the formation (0 for a type it leaves out, ready
 * to scale).  Every replica of a type gets the PORT of its instance 1; PS
 * is the pod's name.
 */
void
export_kubernetes_build(struct exporter *ex)
{
	struct app	      *app = ex->app;
	struct procfile_entry *e;
	struct env_var	      *v;
	char		      *k, *q, *image;
	int		       has_env = 0;

	TAILQ_FOREACH(v, &app->env->vars, entry)
		has_env |= ex_exported(v);
	image = ex_quote(ex, Q_YAML, ex->opts->image, "--image", 0,
	    "the image name", "");
	ex_begin(ex, 0600, "%s.yaml", ex->name);
	if (has_env) {
		/* stringData: the API server encodes it into data. */
		fprintf(ex->f,
		    "apiVersion: v1\nkind: Secret\nmetadata:\n"
		    "  name: %s-env\n  labels:\n"
		    "    app.kubernetes.io/name: %s\n"
		    "    app.kubernetes.io/managed-by: muster\n"
		    "type: Opaque\nstringData:\n",
		    ex->kname, ex->kname);
		q = ex_env(ex, Q_YAML, NULL);
		fputs(q, ex->f);
		free(q);
	}
	TAILQ_FOREACH(e, &app->procfile->entries, entry) {
		if ((k = export_kubernetes_name(ex, e)) == NULL)
			continue;
		export_kubernetes_deployment(ex, e, k, image, has_env);
		free(k);
	}
	ex_end(ex);
	free(image);
}

/*
 * The name of e's Deployment, after the app's: NULL, and an error, when
 * it is not an RFC 1123 label.  Two types whose names are the same label
 * would have the same Deployment: an error too.
 */
static char *
export_kubernetes_name(struct exporter *ex, const struct procfile_entry *e)
{
	struct procfile_entry *o;
	const char	      *path = ex->app->procfile->path;
	char		      *k, *ok;

	if ((k = ex_kname(e->name)) == NULL) {
		diag_add(ex->ds, path, e->line,
		    "cannot export %s to "
		    "kubernetes: the name is not an RFC 1123 label",
		    e->name);
		return (NULL);
	}
	TAILQ_FOREACH(o, &ex->app->procfile->entries, entry) {
		if (o == e)
			break;
		if ((ok = ex_kname(o->name)) != NULL && strcmp(ok, k) == 0)
			diag_add(ex->ds, path, e->line,
			    "cannot export %s to "
			    "kubernetes: it would have the name of %s (%s)",
			    e->name, o->name, k);
		free(ok);
	}
	return (k);
}

/*
 * The Deployment of the type e, named k; image is quoted already, and
 * has_env says whether there is a Secret to take the environment from.
 */
static void
export_kubernetes_deployment(struct exporter *ex,
    const struct procfile_entry *e, const char *k, const char *image,
    int has_env)
{
	struct type_config *t;
	char		   *cmd;
	unsigned long	    count;
	unsigned int	    port;

	count = formation_count(ex->app->formation, e->name);
	port = ex_port(ex, e);
	t = config_type(ex->app->config, e->name);
	/* Kubernetes expands $(NAME) in a command; $$ is a $. */
	cmd = ex_command(ex, Q_YAML_DOLLAR, e);
	fprintf(ex->f,
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
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
	    ex->kname, k, ex->kname, k, count, ex->kname, k, ex->kname, k,
	    ex_seconds(ex_timeout(ex, t)));
	if (t != NULL && t->stop_signal != 0 && t->stop_signal != SIGTERM)
		fprintf(ex->f,
		    "      # muster.ini stops %s with SIG%s; "
		    "Kubernetes sends the image's STOPSIGNAL.\n",
		    e->name, ex_signal(t));
	fprintf(ex->f,
	    "      containers:\n        - name: %s\n"
	    "          image: %s\n"
	    "          command: [\"/bin/sh\", \"-c\", %s]\n"
	    "          env:\n            - name: PORT\n"
	    "              value: \"%u\"\n            - name: PS\n"
	    "              valueFrom:\n                fieldRef:\n"
	    "                  fieldPath: metadata.name\n",
	    k, image, cmd, port);
	free(cmd);
	if (has_env)
		fprintf(ex->f,
		    "          envFrom:\n"
		    "            - secretRef:\n"
		    "                name: %s-env\n",
		    ex->kname);
	if (ex_binds_port(e))
		fprintf(ex->f,
		    "          ports:\n"
		    "            - containerPort: %u\n",
		    port);
	export_kubernetes_probe(ex, e, t, port);
}

/*
 * muster.ini's ready as a readinessProbe: port a tcpSocket, http an
 * httpGet, exec an exec; line and notify have none, and Kubernetes has
 * no start order for after (muster.ini(5) says so).
 */
static void
export_kubernetes_probe(struct exporter *ex, const struct procfile_entry *e,
    const struct type_config *t, unsigned int port)
{
	char *q;

	if (t == NULL)
		return;
	if (t->after.n > 0)
		fprintf(ex->f,
		    "          # muster.ini starts %s after other types; "
		    "Kubernetes starts them all at once.\n",
		    e->name);
	switch (t->ready.kind) {
	case READY_PORT:
		fprintf(ex->f,
		    "          readinessProbe:\n            tcpSocket:\n"
		    "              port: %u\n            periodSeconds: 1\n",
		    port);
		break;
	case READY_HTTP:
		q = ex_quote(ex, Q_YAML, t->ready.arg,
		    ex->app->config->ini_path, t->line,
		    "the path of ready = http", "");
		fprintf(ex->f,
		    "          readinessProbe:\n            httpGet:\n"
		    "              path: %s\n              port: %u\n"
		    "            periodSeconds: 1\n",
		    q, port);
		free(q);
		break;
	case READY_EXEC:
		/* The kubelet expands $(NAME) in a probe's command too. */
		q = ex_quote(ex, Q_YAML_DOLLAR, t->ready.arg,
		    ex->app->config->ini_path, t->line,
		    "the command of ready = exec", "");
		fprintf(ex->f,
		    "          readinessProbe:\n            exec:\n"
		    "              command: [\"/bin/sh\", \"-c\", %s]\n"
		    "            periodSeconds: 1\n",
		    q);
		free(q);
		break;
	case READY_LINE:
	case READY_NOTIFY:
		fprintf(ex->f,
		    "          # muster.ini's ready = %s has no readinessProbe "
		    "here.\n",
		    t->ready.kind == READY_LINE ? "line" : "notify");
		break;
	case READY_NONE:
		break;
	}
}
