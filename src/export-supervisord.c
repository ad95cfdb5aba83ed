/*
 * export-supervisord.c: `muster export supervisord`: one file with a
 * group for the app and a program per instance.
 */

#include <stdlib.h>

#include "muster.h"
#include "export.h"

/*
 * One [program:APP-NAME.N] per instance in [group:APP]; stopasgroup and
 * killasgroup signal the process group, as muster does.
 */
void
export_supervisord_build(struct exporter *ex)
{
	struct app	    *app = ex->app;
	struct app_instance *in;
	char		    *cmd, *root, *env, *args;
	size_t		     i;

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
		cmd = in->number == 1
		    ? ex_command(ex, Q_SV_WORD, in->entry)
		    : quote_supervisor_word(in->entry->command, NULL);
		fprintf(ex->f,
		    "\n[program:%s-%s]\ncommand=%s%s%s/bin/sh -c "
		    "%s\ndirectory=%s\n",
		    ex->name, in->name, *args != '\0' ? "/usr/bin/env" : "",
		    args, *args != '\0' ? " " : "", cmd != NULL ? cmd : "",
		    root);
		free(cmd);
		if (ex->opts->user != NULL)
			fprintf(ex->f, "user=%s\n", ex->opts->user);
		fprintf(ex->f,
		    "environment=PORT=\"%u\",PS=\"%s\"%s\n"
		    "autostart=true\n",
		    in->port, in->name, env);
		if (ex_restarts(ex, in->type, in->entry->name))
			fprintf(ex->f, "autorestart=true\nstartretries=%lu\n",
			    in->type->restart_limit);
		else
			fprintf(ex->f, "autorestart=false\nstartsecs=0\n");
		fprintf(ex->f,
		    "stopsignal=%s\nstopwaitsecs=%lld\n"
		    "stopasgroup=true\nkillasgroup=true\n"
		    "redirect_stderr=true\n",
		    ex_signal(in->type), ex_seconds(ex_timeout(ex, in->type)));
	}
	ex_end(ex);
	free(root);
	free(env);
	free(args);
}
