/*
 * export-kubernetes.c: `muster export kubernetes`: one file of manifests,
 * a Secret for the env files' values and a Deployment per process type.
 */

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "export.h"

/*
 * Kubernetes: the env files' values in a Secret APP-env, and one
 * Deployment APP-NAME per type, replicas from the formation (0 for a type
 * it leaves out, ready to scale).  Every replica of a type gets the PORT
 * of its instance 1; PS is the pod's name.
 */
void
export_kubernetes_build(struct exporter *ex)
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
