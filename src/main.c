/*
 * main.c: muster's command line: options, usage(), and the choice of
 * command (muster(1) SYNOPSIS and Options).
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"

extern char **environ;

enum {
	OPT_COLOR = 256,
	OPT_NO_COLOR,
	OPT_NO_TIMESTAMP,
	OPT_NO_PREFIX,
	OPT_LOG_FORMAT,
	OPT_CONFIG,
	OPT_IMAGE,
	OPT_SOCKET,
	OPT_SCROLLBACK,
	OPT_JSON,
	OPT_TTY,
	OPT_DETACH_KEY,
};

static const char *commands[] = {
	[CMD_START] = "start",
	[CMD_RUN] = "run",
	[CMD_CHECK] = "check",
	[CMD_EXPORT] = "export",
	[CMD_VERSION] = "version",
	[CMD_HELP] = "help",
	[CMD_STATUS] = "status",
	[CMD_RESTART] = "restart",
	[CMD_STOP] = "stop",
	[CMD_KILL] = "kill",
	[CMD_SCALE] = "scale",
	[CMD_LOGS] = "logs",
	[CMD_WAIT] = "wait",
	[CMD_CONNECT] = "connect",
	[CMD_PS] = "ps",
};

/*
 * "+" stops at the first operand (for run); ":" makes getopt report a
 * missing value as ':' rather than as an unknown option.
 */
static const char short_options[] = "+:f:e:m:c:p:t:d:a:u:vh";

/* After their word, kill takes -s, and logs -n and -f (follow). */
static const char kill_options[] = ":f:e:m:c:p:t:d:a:u:vhs:";
static const char logs_options[] = ":fe:m:c:p:t:d:a:u:vhn:";

static const struct option long_options[] = {
	{ "procfile", required_argument, NULL, 'f' },
	{ "env", required_argument, NULL, 'e' },
	{ "formation", required_argument, NULL, 'm' },
	{ "concurrency", required_argument, NULL, 'c' },
	{ "port", required_argument, NULL, 'p' },
	{ "timeout", required_argument, NULL, 't' },
	{ "root", required_argument, NULL, 'd' },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-timestamp", no_argument, NULL, OPT_NO_TIMESTAMP },
	{ "no-prefix", no_argument, NULL, OPT_NO_PREFIX },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "app", required_argument, NULL, 'a' },
	{ "user", required_argument, NULL, 'u' },
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "scrollback", required_argument, NULL, OPT_SCROLLBACK },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "tty", no_argument, NULL, OPT_TTY },
	{ "detach-key", required_argument, NULL, OPT_DETACH_KEY },
	{ "version", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* What the command line asks for. */
struct main_args {
	int		      cmd;
	int		      word; /* the command was named */
	char		    **args; /* its operands */
	int		      nargs;
	int		      version; /* -v */
	int		      help;    /* -h */
	struct export_options xo;
	struct client_options co;
	int		      client_option; /* one of co was given */
};

static void main_sanitize(void);
static int  main_stdout(int);
static void usage(FILE *, const char *);
static int  main_setting(int, const char **);
static void main_option_error(int, char **, struct diags *);
static int  parse_options(int, char **, const char *, struct config *,
     struct main_args *, struct diags *);
static int  main_parse(int, char **, struct config *, struct main_args *,
     struct diags *);
static int  main_help(const struct main_args *);
static int  main_version(const struct main_args *);
static int  main_command(struct config *, struct main_args *, struct diags *);
static int  command_find(const char *);
static int  main_client(struct config *, struct main_args *, struct diags *);
static int  cmd_check(struct config *, char **, int, struct diags *);
static int  cmd_start(struct config *, char **, int, struct diags *);

/*
 * Undoes what a parent may leave behind that muster cannot work with.  A
 * closed descriptor 0, 1 or 2 would be taken by the next open (libev's
 * epoll, a pipe), and muster's output would go there: it is opened on
 * /dev/null.  Blocked signals would keep libev's handlers from ever
 * running, and an ignored SIGCHLD makes the kernel reap the children
 * before muster can learn how they ended: the mask is emptied and SIGCHLD
 * and SIGPIPE get their default actions (SIGPIPE ends a plain command
 * whose reader has gone, with 141; start ignores it and reports EPIPE
 * itself).
 */
static void
main_sanitize(void)
{
	sigset_t none;
	int	 fd;

	for (fd = 0; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) == -1)
			_exit(1);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

/*
 * What a command printed with stdio must have reached stdout: an error
 * there (a full disk, /dev/full) is the command's failure, not silence.
 * A reader that has gone ends muster as SIGPIPE would, with 141.
 */
static int
main_stdout(int status)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return (status);
	if (errno == EPIPE)
		return (141);
	log_warnx("stdout: %s", strerror(errno));
	return (status == 0 ? 1 : status);
}

/* Each command's usage line(s) and what it does, for help COMMAND. */
static const struct {
	const char *name;
	const char *synopsis;
	const char *text;
} usage_topics[] = {
	{ "start", "muster [start] [options] [process ...]",
	    "Runs the app's processes until one ends or muster is stopped.\n" },
	{ "run",
	    "muster run [options] command [argument ...]\n"
	    "       muster run [options] process",
	    "Runs a one-off command, or a Procfile entry by name, with the "
	    "app's\nenvironment, in the foreground.\n" },
	{ "check", "muster check [options]",
	    "Validates the Procfile, the env files and muster.ini.\n" },
	{ "export", "muster export [options] format directory",
	    "Writes the app's processes as service definitions for another "
	    "process\nmanager. Formats: systemd, supervisord, runit, "
	    "kubernetes, compose.\n\n"
	    "  -a, --app APP              the app's name (the root's "
	    "directory name)\n"
	    "  -u, --user USER            the user the processes run as\n"
	    "      --image IMAGE          the image (kubernetes, compose)\n" },
	{ "status", "muster status [options] [--json] [process ...]",
	    "Shows the state of each instance of the running app (alias "
	    "ps); exits 0\nwhen every one listed is running.\n\n"
	    "      --json                 one JSON object\n" },
	{ "ps", "muster ps [options] [--json] [process ...]",
	    "The same as status.\n" },
	{ "restart", "muster restart [options] process ...",
	    "Stops the instances named if they run, then starts them "
	    "again.\n" },
	{ "stop", "muster stop [options] [process ...]",
	    "Stops the instances named; with none, the whole app.\n" },
	{ "kill", "muster kill [options] [-s signal] process ...",
	    "Sends a signal (SIGTERM) to the process group of each instance "
	    "named.\n\n"
	    "  -s SIGNAL                  a name, with or without SIG, or a "
	    "number\n" },
	{ "scale", "muster scale [options] type=n[,type=n ...]",
	    "Changes how many instances of each type run.\n" },
	{ "logs", "muster logs [options] [-f] [-n lines] [process ...]",
	    "Prints the last lines of the instances named (all), then "
	    "follows with -f.\n\n"
	    "  -f                         follow (--procfile names the "
	    "Procfile)\n"
	    "  -n LINES                   how many lines (100)\n" },
	{ "wait", "muster wait [options] [-t secs] [process ...]",
	    "Waits until every instance named (all) is ready, at most "
	    "-t seconds.\n" },
	{ "connect", "muster connect [options] [--detach-key ^X] name.j",
	    "Attaches this terminal to an instance that runs on a terminal "
	    "(tty); Ctrl-\\\ndetaches, pressed twice it sends one.\n\n"
	    "      --detach-key ^X        the key that detaches (^\\)\n" },
};

static void
usage(FILE *f, const char *topic)
{
	static const char options[] =
	    "options:\n"
	    "  -f, --procfile FILE        the Procfile (./Procfile)\n"
	    "  -e, --env FILE[,FILE...]   env files, later wins (.env)\n"
	    "  -m, --formation SPEC       counts, e.g. all=1,web=2 (alias -c)\n"
	    "  -p, --port N               base port (5000)\n"
	    "  -t, --timeout SECS         stop timeout (5)\n"
	    "  -d, --root DIR             working directory of the processes\n"
	    "      --color WHEN           auto, always or never\n"
	    "      --no-color             the same as --color never\n"
	    "      --no-timestamp         drop the time column\n"
	    "      --no-prefix            print process lines bare\n"
	    "      --log-format FORMAT    text or json\n"
	    "      --config FILE          muster.ini to read\n"
	    "      --socket PATH|off      the control socket\n"
	    "      --scrollback N         lines kept per instance (1000)\n"
	    "      --tty                  run every type on a terminal\n"
	    "  -v, --version              print the version\n"
	    "  -h, --help                 print this help\n";
	size_t i;

	for (i = 0; topic != NULL && i < nitems(usage_topics); i++) {
		if (strcmp(topic, usage_topics[i].name) != 0)
			continue;
		fprintf(f, "usage: %s\n\n%s\n%s", usage_topics[i].synopsis,
		    usage_topics[i].text, options);
		return;
	}
	fprintf(f, "usage: ");
	for (i = 0; i < nitems(usage_topics); i++) {
		if (strcmp(usage_topics[i].name, "ps") != 0)
			fprintf(f, "%s%s\n", i > 0 ? "       " : "",
			    usage_topics[i].synopsis);
	}
	fprintf(f,
	    "       muster version\n"
	    "       muster help [command]\n"
	    "\n"
	    "commands:\n"
	    "  start      run the app's processes (the default)\n"
	    "  run        run a one-off command with the app's environment\n"
	    "  check      validate the Procfile, env files and muster.ini\n"
	    "  export     write service definitions for another process "
	    "manager\n"
	    "  status     show each instance of the running app (alias ps)\n"
	    "  restart    restart instances of the running app\n"
	    "  stop       stop instances, or the whole app\n"
	    "  kill       send a signal to instances\n"
	    "  scale      change how many instances of a type run\n"
	    "  logs       print an instance's recent lines, or follow them\n"
	    "  wait       wait until instances are ready\n"
	    "  connect    attach this terminal to an instance on a terminal\n"
	    "  version    print muster's version\n"
	    "  help       print this help, or a command's\n"
	    "\n%s",
	    options);
}

static int
command_find(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i], word) == 0)
			return (i);
	}
	return (-1);
}

/*
 * The setting an option sets, with the value implied by the flags that
 * take none; -1 for an option that sets none.
 */
static int
main_setting(int ch, const char **value)
{
	switch (ch) {
	case 'f':
		return (SET_PROCFILE);
	case 'e':
		return (SET_ENV);
	case 'm':
	case 'c':
		return (SET_FORMATION);
	case 'p':
		return (SET_PORT);
	case 't':
		return (SET_TIMEOUT);
	case 'd':
		return (SET_ROOT);
	case OPT_COLOR:
		return (SET_COLOR);
	case OPT_NO_COLOR:
		*value = "never";
		return (SET_COLOR);
	case OPT_NO_TIMESTAMP:
		*value = "false";
		return (SET_TIMESTAMPS);
	case OPT_NO_PREFIX:
		*value = "false";
		return (SET_PREFIX);
	case OPT_LOG_FORMAT:
		return (SET_LOG_FORMAT);
	case OPT_CONFIG:
		return (SET_CONFIG);
	case OPT_SOCKET:
		return (SET_SOCKET);
	case OPT_SCROLLBACK:
		return (SET_SCROLLBACK);
	case OPT_TTY:
		*value = "true";
		return (SET_TTY);
	}
	return (-1);
}

/* Reports what getopt refused: ch is ':' for a missing value. */
static void
main_option_error(int ch, char **argv, struct diags *ds)
{
	const char *value = argv[optind - 1];

	if (ch == ':') {
		diag_add(ds, NULL, 0, "option %s needs a value", value);
		return;
	}
	/* A known long option given a value it does not take sets optopt. */
	if (optopt != 0 && strncmp(value, "--", 2) == 0)
		diag_add(ds, NULL, 0, "option %.*s takes no value",
		    (int)strcspn(value, "="), value);
	else if (optopt != 0 && optopt < 256)
		diag_add(ds, NULL, 0, "unknown option '-%c'", optopt);
	else
		diag_add(ds, NULL, 0, "unknown option '%s'", value);
}

/*
 * Parses options into the command-line layer of cfg until getopt stops;
 * shorts is the getopt option string ("+" stops at the first operand).
 * Sets ma's version, help and export options when those were given.
 */
static int
parse_options(int argc, char **argv, const char *shorts, struct config *cfg,
    struct main_args *ma, struct diags *ds)
{
	struct origin o;
	const char   *value;
	char	      name[64];
	int	      ch, idx, set, rc = 0;

	o.layer = LAYER_CLI;
	o.line = 0;
	opterr = 0;
	/* getopt_long sets idx only for a long option: errors name the form
	 * the user typed. */
	while ((idx = -1,
		   ch = getopt_long(argc, argv, shorts, long_options, &idx)) !=
	    -1) {
		value = optarg;
		/* logs -f follows; --procfile still names the Procfile. */
		if (ch == 'f' && idx == -1 && shorts == logs_options) {
			ma->co.follow = 1;
			continue;
		}
		if ((set = main_setting(ch, &value)) == -1) {
			switch (ch) {
			case 's':
				ma->co.signal = optarg;
				continue;
			case 'n':
				ma->co.lines = optarg;
				continue;
			case OPT_JSON:
				ma->co.json = 1;
				ma->client_option = 1;
				continue;
			case OPT_DETACH_KEY:
				ma->co.detach_key = optarg;
				continue;
			case 'a':
				ma->xo.app = optarg;
				continue;
			case 'u':
				ma->xo.user = optarg;
				continue;
			case OPT_IMAGE:
				ma->xo.image = optarg;
				continue;
			case 'v':
				ma->version = 1;
				continue;
			case 'h':
				ma->help = 1;
				continue;
			}
			main_option_error(ch, argv, ds);
			return (-1);
		}
		if (idx == -1)
			snprintf(name, sizeof name, "-%c", ch);
		else
			snprintf(name, sizeof name, "--%s",
			    long_options[idx].name);
		o.path = name;
		if (config_set(cfg, set, value, &o, ds) == -1)
			rc = -1;
	}
	return (rc);
}

/*
 * Reads the command line: options before the command word, the word, then
 * options after it (run stops at its command; the others take options
 * anywhere among their operands).  Returns -1 after adding the errors.
 */
static int
main_parse(int argc, char **argv, struct config *cfg, struct main_args *ma,
    struct diags *ds)
{
	const char *shorts;

	memset(ma, 0, sizeof *ma);
	ma->cmd = CMD_START;
	if (parse_options(argc, argv, short_options, cfg, ma, ds) == -1)
		return (-1);
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0) {
		if ((ma->cmd = command_find(argv[optind])) == -1) {
			diag_add(ds, NULL, 0, "unknown command '%s'",
			    argv[optind]);
			return (-1);
		}
		ma->word = 1;
		optind++;
	}
	ma->args = argv + optind - 1;
	ma->nargs = argc - optind + 1;
	if (ma->cmd == CMD_RUN)
		shorts = short_options;
	else if (ma->cmd == CMD_KILL)
		shorts = kill_options;
	else if (ma->cmd == CMD_LOGS)
		shorts = logs_options;
	else
		shorts = short_options + 1;
	optind = 0;
	if (parse_options(ma->nargs, ma->args, shorts, cfg, ma, ds) == -1)
		return (-1);
	ma->args += optind;
	ma->nargs -= optind;
	if (ma->cmd != CMD_EXPORT &&
	    (ma->xo.app != NULL || ma->xo.user != NULL ||
		ma->xo.image != NULL)) {
		diag_add(ds, NULL, 0,
		    "options -a, -u and --image belong to export");
		return (-1);
	}
	if (ma->client_option && ma->cmd != CMD_STATUS && ma->cmd != CMD_PS) {
		diag_add(ds, NULL, 0, "option --json belongs to status");
		return (-1);
	}
	if (ma->co.detach_key != NULL && ma->cmd != CMD_CONNECT) {
		diag_add(ds, NULL, 0, "option --detach-key belongs to connect");
		return (-1);
	}
	if (ma->cmd == CMD_PS)
		ma->cmd = CMD_STATUS;
	return (0);
}

/* help, or --help with or without a command word. */
static int
main_help(const struct main_args *ma)
{
	if (ma->cmd == CMD_HELP && ma->nargs > 1)
		fatalx(2, "help takes at most one command");
	if (ma->cmd == CMD_HELP && ma->nargs == 1 &&
	    command_find(ma->args[0]) == -1)
		fatalx(2, "unknown command '%s'", ma->args[0]);
	/* Plain --help is the whole usage, as help is. */
	usage(stdout,
	    ma->cmd == CMD_HELP ? (ma->nargs == 1 ? ma->args[0] : NULL)
		: ma->word	? commands[ma->cmd]
				: NULL);
	return (0);
}

static int
main_version(const struct main_args *ma)
{
	if (ma->cmd == CMD_VERSION && ma->nargs != 0)
		fatalx(2, "version takes no arguments");
	printf("muster %s\n", MUSTER_VERSION);
	return (0);
}

/*
 * Reads the other layers of settings and runs the command.  Both layers
 * are read whatever the first holds, and check, start and run go on to
 * the Procfile and env files: they report every error at once.
 */
static int
main_command(struct config *cfg, struct main_args *ma, struct diags *ds)
{
	int failed;

	failed = config_from_environ(cfg, environ, ds) == -1;
	if (config_ini_load(cfg, ds) == -1)
		failed = 1;
	if (failed && ma->cmd == CMD_EXPORT) {
		diags_print(ds, stderr);
		return (2);
	}
	config_finish(cfg);

	switch (ma->cmd) {
	case CMD_CHECK:
		if (ma->nargs != 0)
			fatalx(2, "check takes no arguments");
		return (cmd_check(cfg, ma->args, ma->nargs, ds));
	case CMD_RUN:
		if (ma->nargs == 0)
			fatalx(2, "run needs a command");
		return (run_main(cfg, ma->args, ma->nargs, environ, ds));
	case CMD_EXPORT:
		return (
		    export_main(cfg, ma->args, ma->nargs, &ma->xo, environ));
	case CMD_STATUS:
	case CMD_RESTART:
	case CMD_STOP:
	case CMD_KILL:
	case CMD_SCALE:
	case CMD_LOGS:
	case CMD_WAIT:
	case CMD_CONNECT:
		return (main_client(cfg, ma, ds));
	default:
		return (cmd_start(cfg, ma->args, ma->nargs, ds));
	}
}

/*
 * A command for the running app: its options checked, its settings
 * errors reported (they may name the socket), then the request.
 */
static int
main_client(struct config *cfg, struct main_args *ma, struct diags *ds)
{
	struct client_options *co = &ma->co;
	struct origin	      *t = &cfg->origin[SET_TIMEOUT];
	char		      *end;

	if (diags_count(ds) != 0) {
		diags_print(ds, stderr);
		return (2);
	}
	/* Usage errors need no muster to be told. */
	if (ma->nargs == 0 && (ma->cmd == CMD_RESTART || ma->cmd == CMD_KILL))
		fatalx(2, "%s needs a process name",
		    ma->cmd == CMD_KILL ? "kill" : "restart");
	if (ma->nargs == 0 && ma->cmd == CMD_SCALE)
		fatalx(2, "scale needs TYPE=N");
	if (ma->cmd == CMD_CONNECT) {
		if (ma->nargs != 1)
			fatalx(2, "connect needs one process name");
		return (
		    connect_main(cfg, ma->args[0], co->detach_key, environ));
	}
	if (co->lines == NULL)
		co->lines = "100";
	if (co->signal == NULL)
		co->signal = "TERM";
	else if (sig_parse(co->signal) == 0 &&
	    (strtol(co->signal, &end, 10) <= 0 || *end != '\0'))
		fatalx(2, "invalid signal '%s'", co->signal);
	/* wait -t is its own; MUSTER_TIMEOUT or muster.ini's is not it. */
	co->wait_timeout = t->layer == LAYER_CLI ? cfg->timeout : -1;
	return (client_main(cfg, ma->cmd, commands[ma->cmd], ma->args,
	    ma->nargs, co, environ));
}

/* ds holds the errors found in the settings already. */
static int
cmd_check(struct config *cfg, char **args, int nargs, struct diags *ds)
{
	struct procfile_entry *e;
	struct app	      *app;

	app = app_load(cfg, args, nargs, environ, ds);
	/* Errors, or warnings alone, which change no exit status. */
	diags_print(ds, stderr);
	if (app == NULL || diags_count(ds) != 0) {
		app_free(app);
		return (2);
	}
	printf("valid procfile detected (");
	TAILQ_FOREACH(e, &app->procfile->entries, entry)
		printf("%s%s", e->name,
		    TAILQ_NEXT(e, entry) != NULL ? ", " : "");
	printf(")\n");
	app_free(app);
	return (0);
}

/* ds holds the errors found in the settings already, as for check. */
static int
cmd_start(struct config *cfg, char **args, int nargs, struct diags *ds)
{
	struct app *app;
	int	    status;

	app = app_load(cfg, args, nargs, environ, ds);
	/* Errors, or warnings alone, which change no exit status. */
	diags_print(ds, stderr);
	if (app == NULL || diags_count(ds) != 0) {
		app_free(app);
		return (2);
	}
	status = supervisor_main(app, environ);
	app_free(app);
	return (status);
}

int
main(int argc, char **argv)
{
	struct config	 cfg;
	struct main_args ma;
	struct diags	 ds;
	int		 status;

	main_sanitize();
	config_init(&cfg);
	diags_init(&ds);
	if (main_parse(argc, argv, &cfg, &ma, &ds) == -1) {
		diags_print(&ds, stderr);
		fprintf(stderr, "usage: see 'muster help'\n");
		status = 2;
	} else if (ma.help || ma.cmd == CMD_HELP)
		status = main_help(&ma);
	else if (ma.version || ma.cmd == CMD_VERSION)
		status = main_version(&ma);
	else
		status = main_command(&cfg, &ma, &ds);
	diags_free(&ds);
	config_free(&cfg);
	return (main_stdout(status));
}
