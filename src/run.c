/*
 * run.c: `muster run`, a one-off command or Procfile entry in the
 * foreground with the app's environment (muster(1) One-off commands).
 */

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
	SIGTERM,
	SIGHUP,
	SIGUSR1,
	SIGUSR2,
	SIGWINCH,
};
#define RUN_NFORWARDED (sizeof run_forwarded / sizeof run_forwarded[0])

static char run_sh[] = "sh";

/* One `muster run`: what it runs, and the memory it owns. */
struct run {
	struct config	      *cfg;
	char		     **args;
	int		       nargs;
	char *const	      *environ;
	struct diags	      *ds;
	struct procfile	      *pf;
	struct procfile_entry *e; /* NULL: a plain command */
	struct env	      *env;
	struct proc_spec       ps;
	char		     **envp;
	char		      *sh[PROC_SH_ARGV];
	char		      *path;	/* of the plain command */
	char		     **sh_argv; /* for it without #! */
	char		      *ps_name;
	char		       port[16];
	pid_t		       pid;
	int		       status; /* of wait(2) */
};

static void		      run_child_cb(struct ev_loop *, ev_child *, int);
static void		      run_signal_cb(struct ev_loop *, ev_signal *, int);
static struct procfile_entry *run_entry(struct config *, char **, int,
    struct procfile **, struct diags *);
static int		      run_prepare_entry(struct run *);
static int		      run_prepare_command(struct run *);
static int		      run_wait(struct run *);

static void
run_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct run *r = w->data;

	(void)revents;
	r->status = w->rstatus;
	ev_break(loop, EVBREAK_ALL);
}

static void
run_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct run *r = w->data;

	(void)loop;
	(void)revents;
	if (r->pid > 0)
		kill(r->pid, w->signum);
}

/*
 * A single argument that names a Procfile entry runs that entry; a
 * Procfile is read only then.  Returns NULL for a plain command.
 */
static struct procfile_entry *
run_entry(struct config *cfg, char **args, int nargs, struct procfile **pfp,
    struct diags *ds)
{
	struct procfile_entry *e;

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

/*
 * An entry runs as start would run its first instance: in the root, with
 * the PORT and PS of NAME.1.  Returns -1 after printing the errors.
 */
static int
run_prepare_entry(struct run *r)
{
	struct app_base base;
	unsigned long	port;

	app_root_check(r->cfg->root, r->ds);
	if (app_base_load(&base, r->cfg, r->env, r->environ, r->ds) == -1 ||
	    diags_count(r->ds) != 0) {
		diags_print(r->ds, stderr);
		return (-1);
	}
	xasprintf(&r->ps_name, "%s.1", r->e->name);
	port = app_base_port(&base, r->e, 1);
	if (port > 65535) {
		app_base_error(&base, r->ps_name, port, r->ds);
		diags_print(r->ds, stderr);
		return (-1);
	}
	/* No error: the warnings, which change no exit status. */
	diags_print(r->ds, stderr);
	snprintf(r->port, sizeof r->port, "%lu", port);
	r->envp = environ_build(r->env, r->environ, r->port, r->ps_name);
	r->ps.path = proc_sh_argv(r->sh, r->e->command);
	r->ps.argv = r->sh;
	r->ps.dir = r->cfg->root;
	return (0);
}

/*
 * A plain command is found in the PATH it will get, as execvp(3) would,
 * and a script without #! runs with sh as execvp's would.  Returns 0, or
 * the exit status when the command cannot be found.
 */
static int
run_prepare_command(struct run *r)
{
	int i, err;

	diags_print(r->ds, stderr);
	r->envp = environ_build(r->env, r->environ, NULL, NULL);
	if ((r->path = proc_find(r->args[0], r->envp)) == NULL) {
		err = errno;
		log_warnx("%s: %s", r->args[0],
		    err == ENOENT ? "command not found" : strerror(err));
		return (proc_exec_status(err));
	}
	r->sh_argv = xcalloc(r->nargs + 2, sizeof *r->sh_argv);
	r->sh_argv[0] = run_sh;
	r->sh_argv[1] = r->path;
	for (i = 1; i < r->nargs; i++)
		r->sh_argv[i + 1] = r->args[i];
	r->ps.path = r->path;
	r->ps.argv = r->args;
	r->ps.sh_argv = r->sh_argv;
	return (0);
}

/*
 * Runs the command in the foreground, passing signals on, and returns
 * muster's exit status (muster(1) EXIT STATUS).
 */
static int
run_wait(struct run *r)
{
	struct ev_loop *loop = EV_DEFAULT;
	ev_signal	sigw[RUN_NFORWARDED];
	ev_child	childw;
	size_t		i;
	int		err;

	for (i = 0; i < RUN_NFORWARDED; i++) {
		ev_signal_init(&sigw[i], run_signal_cb, run_forwarded[i]);
		sigw[i].data = r;
		ev_signal_start(loop, &sigw[i]);
	}
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	if ((r->pid = proc_spawn(&r->ps, &err)) == -1) {
		log_warnx("%s: %s", r->e != NULL ? "/bin/sh" : r->args[0],
		    strerror(err));
		/* fork(2) failed, or exec: the shells' 127 and 126. */
		if (err == EAGAIN || err == ENOMEM)
			return (1);
		return (proc_exec_status(err));
	}
	ev_child_init(&childw, run_child_cb, r->pid, 0);
	childw.data = r;
	ev_child_start(loop, &childw);
	ev_run(loop, 0);
	return (proc_status(r->status));
}

/* ds holds the errors found in the settings already: all are reported. */
int
run_main(struct config *cfg, char **args, int nargs, char *const *environ,
    struct diags *ds)
{
	struct run r;
	int	   status;

	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.args = args;
	r.nargs = nargs;
	r.environ = environ;
	r.ds = ds;
	r.ps.out_fd = r.ps.err_fd = -1;
	r.env = environ_create();
	r.e = run_entry(cfg, args, nargs, &r.pf, ds);
	app_load_env(cfg, r.env, environ, ds);
	if (diags_count(ds) != 0) {
		diags_print(ds, stderr);
		status = 2;
	} else if (r.e != NULL)
		status = run_prepare_entry(&r) == -1 ? 2 : 0;
	else
		status = run_prepare_command(&r);
	if (status == 0) {
		r.ps.envp = r.envp;
		status = run_wait(&r);
	}
	environ_build_free(r.envp);
	free(r.sh_argv);
	free(r.path);
	free(r.ps_name);
	procfile_free(r.pf);
	environ_free(r.env);
	return (status);
}
