/*
 * muster.h: the one internal header of muster, a section per source file.
 */

#ifndef MUSTER_H
#define MUSTER_H

#include <sys/queue.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <ev.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define MUSTER_VERSION "0.1.0"

#define MUSTER_DEFAULT_PORT	     5000
#define MUSTER_DEFAULT_TIMEOUT	     5.0
#define MUSTER_DEFAULT_RESTART_LIMIT 5
#define MUSTER_DEFAULT_SCROLLBACK    1000

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif

#ifndef nitems
#define nitems(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define PRINTFLIKE(a, b) __attribute__((__format__(__printf__, a, b)))

/* xmalloc.c */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
int   xasprintf(char **, const char *, ...) PRINTFLIKE(2, 3);
int   xvasprintf(char **, const char *, va_list) PRINTFLIKE(2, 0);

/* log.c */
/*
 * A diagnostic about one of muster's inputs: path and line are optional
 * (NULL and 0 when they do not apply).  Parsers collect every diagnostic
 * they find so that `muster check` can print them all.  A warning is
 * printed with the errors but is not one: diags_count counts errors only.
 */
struct diag {
	char  *path;
	size_t line;
	char  *msg;
	int    warning;
	TAILQ_ENTRY(diag) entry;
};
TAILQ_HEAD(diags, diag);

void   diags_init(struct diags *);
void   diags_free(struct diags *);
size_t diags_count(const struct diags *);
void   diag_add(struct diags *, const char *, size_t, const char *, ...)
    PRINTFLIKE(4, 5);
void diag_warn(struct diags *, const char *, size_t, const char *, ...)
    PRINTFLIKE(4, 5);
void	    diags_print(const struct diags *, FILE *);
void	    log_warnx(const char *, ...) PRINTFLIKE(1, 2);
__dead void fatal(const char *, ...) PRINTFLIKE(1, 2);
__dead void fatalx(int, const char *, ...) PRINTFLIKE(2, 3);

/* file.c */
/*
 * Reads a whole file into a NUL-terminated buffer; an implicit one (not
 * named by the user) must be a regular file.  Returns 0, or -1 after
 * adding "PATH: reason" to the diagnostics.
 */
int   file_read(const char *, int, char **, size_t *, struct diags *);
int   file_utf16(const char *, const char *, size_t, struct diags *);
int   file_exists(const char *);
char *file_dirname(const char *);
char *file_join(const char *, const char *);

/* procfile.c */
struct procfile_entry {
	char  *name;
	char  *command;
	size_t line;
	size_t index; /* from 0, in file order */
	TAILQ_ENTRY(procfile_entry) entry;
};
TAILQ_HEAD(procfile_entries, procfile_entry);

struct procfile {
	char		       *path;
	struct procfile_entries entries;
	size_t			count;
	void		       *names; /* tsearch(3) of entries */
};

struct procfile	      *procfile_parse(const char *, const char *, size_t,
	  struct diags *);
struct procfile	      *procfile_load(const char *, int, struct diags *);
struct procfile_entry *procfile_find(const struct procfile *, const char *);
void		       procfile_free(struct procfile *);
int		       procfile_valid_name(const char *);
int		       procfile_name_char(int);

/* order.c */
/* The types of an `after` key, each waited on as ready or, ok, exited 0. */
struct order_dep {
	char *name;
	int   ok;
};

struct order_list {
	struct order_dep *deps;
	size_t		  n;
	size_t		  line; /* of the key in muster.ini */
};

const char *order_parse(struct order_list *, const char *);
void	    order_free(struct order_list *);
size_t order_cycle(size_t, const size_t *const *, const size_t *, size_t *);

/* environ.c */
struct env_var {
	char  *key;
	char  *value;
	char  *path; /* where it was set; NULL: not a file */
	size_t line;
	TAILQ_ENTRY(env_var) entry;
};
TAILQ_HEAD(env_vars, env_var);

struct env {
	struct env_vars vars; /* first defined first */
	size_t		count;
	void	       *keys; /* tsearch(3) of vars */
};

struct env *environ_create(void);
void	    environ_free(struct env *);
const char *environ_value(const struct env *, const char *);
void	    environ_set(struct env *, const char *, const char *);
void environ_set_at(struct env *, const char *, const char *, const char *,
    size_t);
const struct env_var *environ_find(const struct env *, const char *);
char	  **environ_build(const struct env *, char *const *, const char *,
	 const char *);
void	    environ_build_free(char **);
const char *environ_get(char *const *, const char *);

/* dotenv.c */
int dotenv_parse(struct env *, const char *, const char *, size_t,
    char *const *, struct diags *);
int dotenv_load(struct env *, const char *, int, char *const *, struct diags *);

/* formation.c */
struct formation_item {
	char	     *name;
	unsigned long count;
	TAILQ_ENTRY(formation_item) entry;
};
TAILQ_HEAD(formation_items, formation_item);

struct formation {
	struct formation_items items;
	int		       has_all;
	unsigned long	       all;
};

struct formation *formation_parse(const char *, const char *, size_t,
    struct diags *);
struct formation *formation_default(void);
unsigned long	  formation_count(const struct formation *, const char *);
int  formation_check(const struct formation *, const struct procfile *, char **,
     int, const char *, size_t, struct diags *);
void formation_free(struct formation *);

/* config.c */
enum command {
	CMD_START,
	CMD_RUN,
	CMD_CHECK,
	CMD_EXPORT,
	CMD_VERSION,
	CMD_HELP,
	CMD_STATUS,
	CMD_RESTART,
	CMD_STOP,
	CMD_KILL,
	CMD_SCALE,
	CMD_LOGS,
	CMD_WAIT,
	CMD_CONNECT,
	CMD_PS, /* status */
};

enum color_mode {
	COLOR_AUTO,
	COLOR_ALWAYS,
	COLOR_NEVER,
};

enum log_format {
	LOG_TEXT,
	LOG_JSON,
};

enum on_exit {
	ON_EXIT_SHUTDOWN,
	ON_EXIT_IGNORE,
	ON_EXIT_RESTART,
};

/* Where a setting came from; higher layers win. */
enum layer {
	LAYER_NONE,
	LAYER_INI,
	LAYER_ENV,
	LAYER_CLI,
};

enum setting {
	SET_PROCFILE,
	SET_ENV,
	SET_FORMATION,
	SET_PORT,
	SET_TIMEOUT,
	SET_ROOT,
	SET_COLOR,
	SET_TIMESTAMPS,
	SET_PREFIX,
	SET_LOG_FORMAT,
	SET_CONFIG,
	SET_SOCKET,
	SET_SCROLLBACK,
	SET_TTY,
	SET_MAX,
};

/* The origin of a value, for error messages: a file and line, or a name. */
struct origin {
	enum layer layer;
	char	  *path; /* file, "MUSTER_PORT" or "-p" */
	size_t	   line; /* 0 when not from a file */
};

/* How an instance of a type is known to be ready (muster.ini(5) ready). */
enum ready_kind {
	READY_NONE,   /* as soon as it has started */
	READY_PORT,   /* a TCP connection to 127.0.0.1:PORT is accepted */
	READY_HTTP,   /* GET arg answers 2xx or 3xx */
	READY_EXEC,   /* the command arg exits 0 */
	READY_LINE,   /* a line of its output contains arg */
	READY_NOTIFY, /* it sends READY=1 to $NOTIFY_SOCKET */
};

struct ready_spec {
	enum ready_kind kind;
	char	       *arg;
};

#define READY_DEFAULT_TIMEOUT 60.0
#define READY_ARG_MAX	      1024

/* Per process type settings: a [NAME] section of muster.ini. */
struct type_config {
	char		 *name;
	int		  stop_signal;	/* 0: SIGTERM */
	double		  stop_timeout; /* < 0: the global timeout */
	enum on_exit	  on_exit;
	unsigned long	  restart_limit;
	int		  tty; /* -1: [muster]'s */
	struct order_list after;
	struct ready_spec ready;
	double		  ready_timeout;
	size_t		  line;
	TAILQ_ENTRY(type_config) entry;
};
TAILQ_HEAD(type_configs, type_config);

struct config {
	struct origin origin[SET_MAX];

	char	       *procfile;
	char	      **env_files;
	size_t		n_env_files;
	char	       *formation;
	unsigned int	port; /* 0: not set */
	double		timeout;
	char	       *root; /* NULL: the Procfile's dir */
	enum color_mode color;
	int		timestamps;
	int		prefix;
	enum log_format log_format;
	char	       *config; /* --config / MUSTER_CONFIG */
	char	       *socket; /* NULL: the default, unless socket_off */
	int		socket_off;
	unsigned long	scrollback; /* lines per instance */
	int		tty;	    /* every type without its own tty key */

	char		   *ini_path; /* the muster.ini read, if any */
	int		    ini_explicit;
	struct type_configs types;
};

void config_init(struct config *);
void config_free(struct config *);
int  config_set(struct config *, enum setting, const char *,
     const struct origin *, struct diags *);
int  config_from_environ(struct config *, char *const *, struct diags *);
void config_finish(struct config *);
struct type_config *config_type(const struct config *, const char *);
int    config_check_types(const struct config *, const struct procfile *,
       struct diags *);
int    config_parse_bool(const char *, int *);
int    config_parse_duration(const char *, double *);
int    config_parse_port(const char *, unsigned int *);
int    config_stop_signal(const struct type_config *);
double config_stop_timeout(const struct config *, const struct type_config *);
int    config_tty(const struct config *, const struct type_config *);

/* config-ini.c */
int config_ini_parse(struct config *, const char *, const char *, size_t, int,
    struct diags *);
int config_ini_load(struct config *, struct diags *);

/* sig.c */
int	    sig_parse(const char *);
const char *sig_name(int);

/* app.c */
/*
 * Everything `muster start`, `check` and `export` need, loaded and checked
 * from a finished config: the Procfile, the env files, the formation.
 */
struct app_instance {
	struct procfile_entry *entry;
	struct type_config    *type;   /* NULL: defaults */
	unsigned long	       number; /* from 1 */
	unsigned int	       port;
	char		      *name; /* "web.1" */
};

/* The base port and where it was set, for the errors that name it. */
struct app_base {
	unsigned int port;
	const char  *path; /* NULL: the default */
	size_t	     line;
	int	     secret; /* from an env file */
};

struct app {
	struct config	    *config;
	struct procfile	    *procfile;
	struct env	    *env;
	struct formation    *formation;
	char		    *root;
	struct app_base	     base;
	struct app_instance *instances;
	size_t		     n_instances;
};

struct app *app_load(struct config *, char **, int, char *const *,
    struct diags *);
int app_load_env(struct config *, struct env *, char *const *, struct diags *);
int app_base_load(struct app_base *, const struct config *, const struct env *,
    char *const *, struct diags *);
unsigned long app_base_port(const struct app_base *,
    const struct procfile_entry *, unsigned long);
void app_base_error(const struct app_base *, const char *, unsigned long,
    struct diags *);
unsigned long app_port(const struct app *, const struct procfile_entry *,
    unsigned long);
void	      app_port_error(const struct app *, const char *, unsigned long,
	     struct diags *);
int	      app_root_check(const char *, struct diags *);
void	      app_free(struct app *);

/* bytes.c */
/*
 * Bytes appended at data + len.  reserve, when set, is its owner's way to
 * make room (a sink writes what it can first) and may refuse it with NULL,
 * when what is appended is discarded; arg is the owner's.
 */
struct bytes {
	char  *data;
	size_t len;
	size_t size;
	char *(*reserve)(struct bytes *, size_t);
	void *arg;
};

void  bytes_init(struct bytes *);
void  bytes_free(struct bytes *);
char *bytes_reserve(struct bytes *, size_t);
char *bytes_expand(struct bytes *, size_t);
void  bytes_add(struct bytes *, const void *, size_t);
void  bytes_addc(struct bytes *, char);
void  bytes_adds(struct bytes *, const char *);

/* records: output.c makes them, scrollback.c and ctlproto.c keep and send them
 */
/*
 * One line as the relay passed it on (muster(1) logs): a line of a
 * process's stdout or stderr without its newline, or one of muster's own
 * event lines.  The pointers are borrowed: a keeper copies what it keeps.
 */
enum record_stream {
	REC_OUT,
	REC_ERR,
	REC_EVENT,
};

struct record {
	uint64_t	   seq;	 /* relay order, from 1 */
	double		   time; /* seconds since the epoch */
	pid_t		   pid;
	enum record_stream stream;
	int		   color; /* the type's index; -1: none */
	const char	  *name;  /* "web.1" or "system" */
	const char	  *event; /* REC_EVENT: "start", "exit"...; else NULL */
	int		   code;  /* REC_EVENT: exit code, -1: none */
	int		   signo; /* REC_EVENT: signal, 0: none */
	const char	  *text;  /* no newline in it */
	size_t		   len;
};

/* scrollback.c */
/*
 * The last lines of one instance, a ring of at most max records that
 * grows only as lines come; instances merge by their records' seq.
 */
struct scrollback;

struct scrollback *scrollback_create(size_t);
void		   scrollback_free(struct scrollback *);
void		   scrollback_add(struct scrollback *, const struct record *);
void   scrollback_add_lines(struct scrollback *, const struct record *, size_t);
size_t scrollback_count(const struct scrollback *);
void   scrollback_merge(struct scrollback *const *, size_t, size_t,
      void (*)(void *, const struct record *), void *);
size_t scrollback_after(struct scrollback *const *, size_t, uint64_t, size_t,
    void (*)(void *, const struct record *), void *);

/* ctlproto.c */
/*
 * The control protocol (muster(1) CONTROL PROTOCOL), both ends of it:
 * the request line a client sends, and the lines of the answer.
 */
#define CTL_REQUEST_MAX 4096 /* bytes, newline included */
#define CTL_NAMES_MAX	1024 /* words after the verb */
#define CTL_LINES_MAX	1000000UL

enum ctl_verb {
	CTL_STATUS,
	CTL_RESTART,
	CTL_STOP,
	CTL_KILL,
	CTL_SCALE,
	CTL_LOGS,
	CTL_FOLLOW,
	CTL_WAIT,
	CTL_CONNECT,
};

struct ctl_request {
	enum ctl_verb  verb;
	int	       signo;  /* kill */
	unsigned long  lines;  /* logs, follow */
	char	     **names;  /* instances or types; scale: types */
	unsigned long *counts; /* scale: the count of each type */
	size_t	       n;
	char	      *buf; /* the words, owned */
};

/* One line of `status`: numbers < 0 and NULL strings are "-". */
struct ctl_status {
	const char *name;
	const char *type;
	long	    pid;
	const char *state;
	int64_t	    started_ms; /* since the epoch */
	long	    restarts;
	int	    exit_code;
	int	    exit_signal; /* 0: none */
	long	    port;
	int64_t	    cpu_ms;
	int64_t	    rss_kib;
};

int  ctl_request_parse(struct ctl_request *, const char *, size_t, char *,
     size_t);
void ctl_request_free(struct ctl_request *);
void ctl_record_encode(struct bytes *, const struct record *);
int  ctl_record_decode(char *, size_t, struct record *);
void ctl_status_encode(struct bytes *, const struct ctl_status *);
int  ctl_status_decode(char *, size_t, struct ctl_status *);
void ctl_duration(char *, size_t, double);

/* The frames of connect: a type byte, a 16-bit length, the payload. */
#define CTL_FRAME_HEADER   3
#define CTL_FRAME_MAX	   65535 /* payload bytes */
#define CTL_KEYS_MAX	   4096	 /* of a keys frame */
#define CTL_FRAME_TEXT_MAX 1024	 /* of an exit or detach frame */

enum ctl_frame_type {
	CTL_FRAME_KEYS = 'k',	/* client: bytes typed */
	CTL_FRAME_SIZE = 'w',	/* client: rows, columns */
	CTL_FRAME_OUTPUT = 'o', /* muster: what the process wrote */
	CTL_FRAME_EXIT = 'x',	/* muster: how the process ended */
	CTL_FRAME_DETACH = 'd', /* muster: why the client was detached */
};

struct ctl_frame {
	int	     type;
	const char  *data;
	size_t	     len;
	unsigned int rows; /* CTL_FRAME_SIZE */
	unsigned int cols;
};

void ctl_frame_encode(struct bytes *, int, const void *, size_t);
void ctl_frame_size(struct bytes *, unsigned int, unsigned int);
int  ctl_frame_decode(const char *, size_t, int, struct ctl_frame *);
void ctl_size(char *, size_t, int64_t);

/* sdnotify.c */
#define NOTIFY_MSG_MAX	  4096 /* bytes of a message muster takes */
#define NOTIFY_STATUS_MAX 200  /* of STATUS= kept */

struct notify_msg {
	int  ready;
	int  stopping;
	int  has_status;
	char status[NOTIFY_STATUS_MAX + 1];
};

int notify_parse(const char *, size_t, struct notify_msg *);

/* format.c */
/*
 * How lines look (muster(1) OUTPUT): JSON, or text with a prefix of the
 * time (timestamps), the name padded to width and, with color, each
 * process type's colour.  Formatting is pure: the clock is a time in
 * seconds since the epoch that the caller passes in.
 */
struct format_options {
	int    json;
	int    timestamps;
	int    prefix;
	int    color;
	size_t width; /* of the name column */
};

struct format;

struct format *format_create(const struct format_options *);
void	       format_free(struct format *);
void	       format_set_width(struct format *, size_t);
void format_line(struct format *, struct bytes *, double, const char *, int,
    pid_t, int, const char *, size_t);
void format_lines(struct format *, struct bytes *, double, const char *, int,
    pid_t, int, const char *, size_t);
void format_event(struct format *, struct bytes *, double, const char *, int,
    pid_t, const char *, int, int, const char *);
void format_json_string(struct bytes *, const char *, size_t);

/* sink.c */
/*
 * What a sink does above its high water mark.  A lossless one keeps every
 * line and tells its owner to stop producing (stdout: the relay pauses
 * its readers) until it is below the low water mark.  A lossy one (a
 * follower) never holds its producer back: it drops whole lines, counted
 * for sink_skipped, until it is below the low water mark.
 */
enum sink_policy {
	SINK_LOSSLESS,
	SINK_LOSSY,
};

struct sink;

struct sink  *sink_create(struct ev_loop *, int, enum sink_policy, size_t,
     size_t);
void	      sink_free(struct sink *);
void	      sink_set_callbacks(struct sink *, void (*)(void *, int),
	     void (*)(void *, int), void *);
void	      sink_set_drained(struct sink *, void (*)(void *));
struct bytes *sink_start(struct sink *, size_t);
void	      sink_commit(struct sink *);
void	      sink_write_now(struct sink *);
size_t	      sink_pending(const struct sink *);
int	      sink_full(const struct sink *);
int	      sink_error(const struct sink *);
size_t	      sink_skipped(struct sink *);
void	      sink_flush(struct sink *, double);

/* output.c */
/*
 * The relay's stream to stdout: lines formatted by format.c into one
 * lossless sink, whose pressure pauses the readers of the processes.
 */
struct output;

struct output *output_create(struct ev_loop *, const struct app *, int,
    char *const *);
void	       output_free(struct output *);
void	       output_set_callbacks(struct output *, void (*)(void *, int),
	      void (*)(void *, int), void *);
int	       output_paused(const struct output *);
size_t	       output_width(const struct output *);
size_t	       output_prefix_width(const struct output *);
uint64_t       output_seq(const struct output *);
void	       output_set_width(struct output *, size_t);
void	       output_forget(struct output *);
void	       output_set_tap(struct output *,
	      void (*)(void *, void *, const struct record *, size_t), void *);
void output_line(struct output *, void *, const char *, int, pid_t, int,
    const char *, size_t);
void output_lines(struct output *, void *, const char *, int, pid_t, int,
    const char *, size_t);
void output_event(struct output *, void *, const char *, int, pid_t,
    const char *, int, int, const char *, ...) PRINTFLIKE(9, 10);
void output_flush(struct output *, double);

/* guard.c */
int  guard_start(void);
void guard_register(int, int, double);
void guard_forget(int, pid_t);
void guard_close(int);

/* supervisor.c */
int supervisor_main(struct app *, char *const *);

/* proc.c */
struct proc_spec {
	const char	    *path; /* for execve */
	char		   **argv;
	char		   **sh_argv; /* for a script without #!, or NULL */
	char		   **envp;
	const char	    *dir; /* NULL: stay */
	int		     new_session;
	int		     stdin_null;
	int		     on_tty;	/* tty_fd is stdin, stdout, stderr */
	int		     tty_fd;	/* and the controlling terminal */
	int		     out_fd;	/* -1: inherit */
	int		     err_fd;	/* -1: inherit */
	int		     close_fds; /* only 0-2 survive exec */
	const struct rlimit *nofile;	/* RLIMIT_NOFILE to restore, or NULL */
	int    guard_signo;		/* 0: no guard; else its stop signal */
	int    guard_fd;		/* the guard's pipe (guard.c) */
	double guard_timeout;		/* and its SIGKILL timeout */
};

/* The slots proc_sh_argv fills. */
#define PROC_SH_ARGV 4

pid_t	    proc_start(const struct proc_spec *, int *, int *);
int	    proc_exec_result(int, int *);
pid_t	    proc_spawn(const struct proc_spec *, int *);
int	    proc_pty(int *, int *, const struct winsize *);
char	   *proc_find(const char *, char *const *);
int	    proc_status(int);
int	    proc_exec_status(int);
int	    proc_stat(pid_t, char *, pid_t *, pid_t *);
const char *proc_sh_argv(char **, char *);
void	    proc_groups_usage(const pid_t *, size_t, int64_t *, int64_t *);

/* quote.c */
int   quote_utf8_valid(const char *);
char *quote_sh(const char *);
char *quote_systemd(const char *, int, const char **);
char *quote_systemd_raw(const char *, const char **);
char *quote_systemd_envfile(const char *, const char **);
char *quote_yaml(const char *, int, const char **);
char *quote_supervisor_word(const char *, const char **);
char *quote_supervisor_env(const char *, const char **);
char *quote_supervisor_raw(const char *, const char **);
char *quote_envdir(const char *, size_t *, const char **);

/* utf8.c */
size_t utf8_decode(const unsigned char *, size_t, unsigned long *);
size_t utf8_len(const unsigned char *, size_t);

/* export.c */
struct export_options {
	const char *app;   /* -a; NULL: the root's directory name */
	const char *user;  /* -u */
	const char *image; /* --image */
};

int export_main(struct config *, char **, int, const struct export_options *,
    char *const *);

/* control.c */
int control_path(const struct config *, char *const *, char **, int *, char *,
    size_t);

/* client.c */
struct client_options {
	int	    json;	  /* status --json */
	int	    follow;	  /* logs -f */
	const char *lines;	  /* logs -n */
	const char *signal;	  /* kill -s */
	double	    wait_timeout; /* wait -t; < 0: none */
	const char *detach_key;	  /* connect --detach-key */
};

int client_main(struct config *, int, const char *, char **, int,
    const struct client_options *, char *const *);
int client_dial(const struct config *, char *const *, char **, int *);

/* connect.c */
int connect_main(struct config *, const char *, const char *, char *const *);

/* run.c */
int run_main(struct config *, char **, int, char *const *, struct diags *);

#endif /* MUSTER_H */
