/*
 * sv.h: what the files of `muster start` share: the loop's state, an
 * instance with its state machine, and an instance's output streams.
 * Only supervisor.c, inst.c, stream.c and reaper.c include it.
 */

#ifndef SV_H
#define SV_H

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <ev.h>
#include <signal.h>

#include "muster.h"

/* Strays are tracked in a small table; more are handled with a scan. */
#define SV_MAX_STRAYS 4096

struct sv;
struct inst;
struct attach;
struct sv_type;

/* One output pipe of an instance and its partial line (stream.c). */
struct stream {
	struct inst *inst;
	ev_io	     w;
	int	     fd; /* -1: closed */
	int	     is_err;
	char	    *buf; /* the partial line */
	size_t	     len;
	size_t	     cap;
	int	     piece; /* the last output was a cut piece */
	size_t	     owed;  /* to read before the end is told */
	int	     held;  /* of an earlier run, on sv->held */
	int	     tty;   /* fd is a terminal's master */
	int	     left;  /* a terminal its processes left: open, unread */
	TAILQ_ENTRY(stream) entry;
};
TAILQ_HEAD(streams, stream);

/* A readiness probe of an instance that is starting (ready.c). */
struct probe {
	ev_timer  deadline; /* its ready_timeout, from its start */
	ev_timer  next;	    /* the next attempt */
	ev_io	  io;	    /* port, http: the connection */
	int	  fd;	    /* -1: none */
	int	  connected;
	pid_t	  pid;	   /* exec: the command; 0: none */
	ev_tstamp begun;   /* the attempt in flight */
	char	  buf[64]; /* http: the start of the answer */
	size_t	  len;
	int	  failed; /* not ready in time */
	pid_t	  killed; /* exec: the command killed, not yet reaped */
	int	  dfd;	  /* http: an answer read to its end, or -1 */
	ev_io	  dio;
	ev_timer  dtimer;
};

/*
 * What an instance is doing (muster(1) STATUS names them): one field that
 * changes only through inst.c's transition function.
 */
enum inst_state {
	INST_WAITING,  /* not started yet */
	INST_STARTING, /* started, not yet ready */
	INST_RUNNING,
	INST_STOPPING,	 /* its stop signal sent */
	INST_STOPPED,	 /* ended after a stop was asked for */
	INST_EXITED,	 /* ended on its own, policy applied */
	INST_RESTARTING, /* waiting for its next start */
	INST_FAILED,	 /* could not start, or restarted too often */
	INST_NSTATES,
};

/* What is wanted of it, as s6-supervise keeps it: an end it explains is
 * no crash. */
enum inst_want {
	INST_UP,
	INST_DOWN,
	INST_RESTART, /* down, then up again: a user's restart */
};

struct inst {
	struct sv	    *sv;
	struct app_instance *ai;
	int		     color;
	enum inst_state	     state;
	enum inst_want	     want;
	/* The process of its current run. */
	pid_t		   pid;	      /* also the process group */
	int		   running;   /* not yet reaped */
	int		   ending;    /* reaped, its end not yet told */
	int		   signalled; /* its group got a stop signal */
	int		   status;    /* of the last end */
	struct stream	   out;
	struct stream	   err;
	ev_io		   execw; /* how its exec went */
	ev_timer	   kill_timer;
	pid_t		   stop_pgid; /* the group kill_timer is for */
	ev_timer	   restart_timer;
	ev_tstamp	   started;
	double		   backoff;
	ev_tstamp	  *restarts; /* times of recent restarts */
	size_t		   n_restarts;
	unsigned long	   runs;  /* processes started */
	int		   ended; /* status holds the last end's */
	struct scrollback *sb;
	int		   own_ai;  /* ai is the instance's, made by scale */
	int		   leaving; /* scaled away: removed once ended */
	int		   tty;	    /* runs on a terminal, out its master */
	struct winsize	   ws;	    /* the terminal's size */
	struct attach	  *att;	    /* the client connected, or NULL */
	struct probe	   probe;
	/* ready = notify: its NOTIFY_SOCKET (notify.c). */
	int   nfd; /* -1: none */
	ev_io nw;
	char *npath;
	int   nrefused; /* a stranger's message was told of */
	char  nstatus[NOTIFY_STATUS_MAX + 1];
};

enum sv_cause {
	CAUSE_NONE,
	CAUSE_PROCESS,
	CAUSE_SIGNAL,
	CAUSE_EPIPE,
	CAUSE_INTERNAL,
};

#define SV_NSIGNALS 7

/* The narrowest terminal an instance gets, unless muster's is narrower. */
#define SV_TTY_MIN_COLS 20

struct control;

struct sv {
	struct ev_loop *loop;
	struct control *ctl; /* NULL: no control socket */
	struct app     *app;
	char *const    *environ;
	struct output  *out;
	struct inst   **insts; /* in Procfile and instance order */
	size_t		n;
	int		stopping;
	int		done;	 /* the loop may end */
	struct streams	held;	 /* pipes of restarted runs */
	int		killing; /* SIGKILL already sent to all */
	enum sv_cause	cause;
	int		status;
	int		ignored_status; /* first non-zero */
	ev_signal	sigw[SV_NSIGNALS];
	ev_child	childw;
	ev_idle		prune; /* removes the instances scaled away */
	ev_timer	drain_timer;
	ev_timer	stray_timer;
	int		strays_phase; /* 0, 1 TERM sent, 2 KILL */
	struct {
		pid_t pid;
		int   signo;
	} strays[SV_MAX_STRAYS]; /* signalled */
	size_t		   n_strays;
	char		  *rbuf;	  /* every read, STREAM_LINE_MAX */
	struct rlimit	   nofile;	  /* as muster was started */
	int		   nofile_raised; /* children get nofile back */
	int		   guard;	  /* the guard's pipe, or -1 */
	char		 **env;	  /* muster's, without its NOTIFY_SOCKET */
	int		   up_fd; /* to muster's own NOTIFY_SOCKET, or -1 */
	struct sockaddr_un up_addr;
	socklen_t	   up_len;
	size_t		   up_ready; /* the count last sent */
	int		   up_said;
	int		   up_sent_ready;
	struct sv_type	  *types;      /* by Procfile entry: after (depend.c) */
	int		   scheduling; /* depend_start runs */
	int		   reschedule; /* and is to go round once more */
	TAILQ_HEAD(attaches, attach) attaches; /* clients of connect */
	ev_idle attach_reap;		       /* frees those let go */
};

/* inst.c */
const char     *inst_state_name(enum inst_state);
int		inst_allowed(enum inst_state, enum inst_state);
enum inst_state inst_after_end(enum inst_want, enum on_exit, int);
void		inst_init(struct inst *, struct sv *, struct app_instance *);
void		inst_free(struct inst *);
int		inst_start(struct inst *);
void		inst_stop(struct inst *);
void		inst_restart(struct inst *);
void		inst_kill(struct inst *);
void		inst_reaped(struct inst *, int);
void		inst_drain(struct inst *);
void		inst_ended(struct inst *);
int		inst_group_alive(const struct inst *);
int		inst_live(const struct inst *);
int		inst_tty_resize(struct inst *, const struct winsize *);
void		inst_ready(struct inst *);
void		inst_not_ready(struct inst *);

/* stream.c */
#define STREAM_LINE_MAX (64 * 1024)

void   stream_init(struct stream *, struct inst *, int);
int    stream_open(struct stream *, int *);
int    stream_open_tty(struct stream *, const struct winsize *, int *);
void   stream_watch(struct stream *);
int    stream_read(struct stream *);
void   stream_close(struct stream *);
void   stream_hold(struct sv *, struct stream *);
size_t stream_unread(const struct stream *);
size_t stream_owed(const struct stream *);
void   stream_close_at_end(struct stream *);
void   stream_pause(struct sv *, int);

/* control.c */
#define CONTROL_CLIENTS_MAX  64
#define CONTROL_QUEUE_MAX    (1024 * 1024) /* bytes held for a client */
#define CONTROL_REQUEST_TIME 5.0	   /* seconds to send a request */

int  control_create(struct sv *, char *, size_t);
void control_free(struct control *);
void control_changed(struct control *);
void control_record(void *, void *, const struct record *, size_t);
void control_forget(struct control *, struct inst *);
int  control_runtime_dir(char *const *, char *, size_t, char *, size_t);

/* attach.c */
#define ATTACH_QUEUE_MAX (1024 * 1024) /* bytes held for a client */
#define ATTACH_KEYS_MAX	 (64 * 1024)   /* typed, not yet taken */

void attach_init(struct sv *);
void attach_create(struct inst *, int, const char *, size_t);
void attach_detach(struct attach *, const char *, ...) PRINTFLIKE(2, 3);
void attach_output(struct attach *, const char *, size_t);
void attach_end(struct attach *, const char *, ...) PRINTFLIKE(2, 3);
void attach_drop(struct attach *);
void attach_free_all(struct sv *);

/* ready.c */
void ready_init(struct inst *);
void ready_start(struct inst *);
void ready_cancel(struct inst *);
int  ready_reaped(struct sv *, pid_t, int);
void ready_line(struct inst *, const char *, size_t);
void ready_now(struct inst *);
void ready_drain_end(struct inst *);
int  ready_http_status(const char *, size_t);

/* notify.c */
void   notify_init(struct inst *);
int    notify_open(struct inst *);
void   notify_close(struct inst *);
void   notify_env(struct inst *, char ***);
char **notify_up_init(struct sv *, char *const *);
void   notify_up(struct sv *);
void   notify_up_stopping(struct sv *);
void   notify_up_free(struct sv *);

/* depend.c */
void depend_init(struct sv *);
void depend_free(struct sv *);
int  depend_oneoff(const struct inst *);
int  depend_ready(const struct inst *);
void depend_names(const struct inst *, struct bytes *);
void depend_start(struct sv *);
void depend_stop(struct sv *);

/* reaper.c */
void reaper_signal_strays(struct sv *, int);
void reaper_stray_cb(struct ev_loop *, ev_timer *, int);

/* supervisor.c */
const char  *sv_signame(int);
double	     sv_timeout(const struct sv *, const struct inst *);
int	     sv_stop_signal(const struct inst *);
void	     sv_shutdown(struct sv *, enum sv_cause, int);
void	     sv_check_done(struct sv *);
struct inst *sv_add(struct sv *, struct procfile_entry *, unsigned long);
void	     sv_remove(struct inst *);
int	     sv_gone(const struct inst *);
void	     sv_tty_size(struct sv *, struct winsize *);

#endif /* SV_H */
