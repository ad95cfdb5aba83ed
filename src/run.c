/*
 * run.c: `muster run`, a one-off command or Procfile entry in the
 * foreground with the app's environment (SPEC §7, last bullet).
 */

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <ev.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* Signals muster passes on to the command; INT and QUIT reach it from the
 * terminal directly, since it stays in muster's process group. */
static const int run_forwarded[] = {
	SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH
};
#define RUN_NFORWARDED (sizeof run_forwarded / sizeof run_forwarded[0])

static char run_sh[] = "sh";
static char run_dash_c[] = "-c";

struct run_state {
	pid_t	 pid;
	int	 status;
};

static void	run_child_cb(struct ev_loop *, ev_child *, int);
static void	run_signal_cb(struct ev_loop *, ev_signal *, int);
static struct procfile_entry *run_entry(struct config *, char **, int,
		    struct procfile **, struct diags *);

static void
run_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct run_state	*rs = w->data;

	(void)revents;
	rs->status = w->rstatus;
	ev_break(loop, EVBREAK_ALL);
}

static void
run_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct run_state	*rs = w->data;

	(void)loop;
	(void)revents;
	if (rs->pid > 0)
		kill(rs->pid, w->signum);
}

/*
 * A single argument that names a Procfile entry runs that entry; a
 * Procfile is read only then.  Returns NULL for a plain command.
 */
static struct procfile_entry *
run_entry(struct config *cfg, char **args, int nargs, struct procfile **pfp,
    struct diags *ds)
{
	struct procfile_entry	*e;

	*pfp = NULL;
	if (nargs != 1 || !procfile_valid_name(args[0]))
		return (NULL);
	if (cfg->origin[SET_PROCFILE].layer == LAYER_NONE &&
	    !file_exists(cfg->procfile))
		return (NULL);
	if ((*pfp = procfile_load(cfg->procfile,
	    cfg->origin[SET_PROCFILE].layer == LAYER_NONE, ds)) == NULL)
		return (NULL);
	config_check_types(cfg, *pfp, ds);
	if ((e = procfile_find(*pfp, args[0])) == NULL)
		return (NULL);
	return (e);
}

/* ds holds the errors found in the settings already: all are reported. */
int
run_main(struct config *cfg, char **args, int nargs, char *const *environ,
    struct diags *ds)
{
	struct ev_loop		*loop;
	struct procfile		*pf;
	struct procfile_entry	*e;
	struct proc_spec	 ps;
	struct run_state	 rs;
	struct app		 app;
	struct env		*env;
	struct stat		 sb;
	ev_signal		 sigw[RUN_NFORWARDED];
	ev_child		 childw;
	char			**envp, *path = NULL, **sh_argv = NULL;
	char			*sh[4], port[16], *ps_name = NULL;
	size_t			 i;
	int			 err, status;

	env = environ_create();
	e = run_entry(cfg, args, nargs, &pf, ds);
	app_load_env(cfg, env, environ, ds);
	memset(&app, 0, sizeof app);
	app.config = cfg;
	app.env = env;
	if (diags_count(ds) != 0) {
		diags_print(ds, stderr);
		status = 2;
		goto out;
	}

	memset(&ps, 0, sizeof ps);
	ps.out_fd = ps.err_fd = -1;
	if (e != NULL) {
		/* As start does, rather than fail in the child's chdir. */
		if (stat(cfg->root, &sb) == -1)
			diag_add(ds, cfg->root, 0, "cannot use as root "
			    "directory: %s", strerror(errno));
		else if (!S_ISDIR(sb.st_mode))
			diag_add(ds, cfg->root, 0, "cannot use as root "
			    "directory: %s", strerror(ENOTDIR));
		if (app_base_port(&app, environ, ds) == -1 ||
		    diags_count(ds) != 0) {
			diags_print(ds, stderr);
			status = 2;
			goto out;
		}
		xasprintf(&ps_name, "%s.1", e->name);
		if (app_port(&app, e, 1) > 65535) {
			app_port_error(&app, ps_name, app_port(&app, e, 1),
			    ds);
			diags_print(ds, stderr);
			status = 2;
			goto out;
		}
		/* No error: the warnings, which change no exit status. */
		diags_print(ds, stderr);
		snprintf(port, sizeof port, "%u", app_port(&app, e, 1));
		envp = environ_build(env, environ, port, ps_name);
		sh[0] = run_sh;
		sh[1] = run_dash_c;
		sh[2] = e->command;
		sh[3] = NULL;
		ps.path = "/bin/sh";
		ps.argv = sh;
		ps.dir = cfg->root;
	} else {
		diags_print(ds, stderr);
		envp = environ_build(env, environ, NULL, NULL);
		if ((path = proc_find(args[0], envp)) == NULL) {
			err = errno;
			log_warnx("%s: %s", args[0], err == ENOENT ?
			    "command not found" : strerror(err));
			environ_build_free(envp);
			status = err == ENOENT ? 127 : 126;
			goto out;
		}
		sh_argv = xcalloc(nargs + 2, sizeof *sh_argv);
		sh_argv[0] = run_sh;
		sh_argv[1] = path;
		for (i = 1; i < (size_t)nargs; i++)
			sh_argv[i + 1] = args[i];
		ps.path = path;
		ps.argv = args;
		ps.sh_argv = sh_argv;
	}
	ps.envp = envp;

	loop = EV_DEFAULT;
	rs.pid = 0;
	rs.status = 0;
	for (i = 0; i < RUN_NFORWARDED; i++) {
		ev_signal_init(&sigw[i], run_signal_cb, run_forwarded[i]);
		sigw[i].data = &rs;
		ev_signal_start(loop, &sigw[i]);
	}
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	if ((rs.pid = proc_spawn(&ps, &err)) == -1) {
		log_warnx("%s: %s", e != NULL ? "/bin/sh" : args[0],
		    strerror(err));
		status = err == ENOENT ? 127 : err == EAGAIN ||
		    err == ENOMEM ? 1 : 126;
	} else {
		ev_child_init(&childw, run_child_cb, rs.pid, 0);
		childw.data = &rs;
		ev_child_start(loop, &childw);
		ev_run(loop, 0);
		status = proc_status(rs.status);
	}
	environ_build_free(envp);
out:
	free(sh_argv);
	free(path);
	free(ps_name);
	procfile_free(pf);
	environ_free(env);
	return (status);
}
