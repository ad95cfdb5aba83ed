/*
 * notify.c: systemd's sd_notify, both ways.  Down: an instance of a type
 * with ready = notify gets NOTIFY_SOCKET, a datagram socket of its own in
 * muster's 0700 runtime directory, and is ready when a process of its
 * group sends READY=1 (muster.ini(5) ready).  Up: when muster's own
 * environment has NOTIFY_SOCKET (systemd Type=notify, podman
 * --sdnotify), muster says READY=1 once every instance started is
 * ready, STATUS= as that count changes, and STOPPING=1 (muster(1)
 * ENVIRONMENT); its processes never get that NOTIFY_SOCKET.
 */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv.h"

/* Datagrams read in one go, so that a flood cannot hold the loop. */
#define NOTIFY_BATCH 64

/* The most descriptors one message can pass (the kernel's SCM_MAX_FD). */
#define NOTIFY_MAX_FDS 253

static void notify_recv_cb(struct ev_loop *, ev_io *, int);
static void notify_take(struct inst *, const struct ucred *, const char *,
    size_t);
static void notify_close_fds(struct msghdr *);
static void notify_send(struct sv *, const char *, ...) PRINTFLIKE(2, 3);

void
notify_init(struct inst *in)
{
	in->nfd = -1;
	in->npath = NULL;
	in->nstatus[0] = '\0';
}

/*
 * The instance's socket, made at its first start and kept until it
 * leaves: bound in the runtime directory, credentials passed with each
 * message.  Returns 0, or -1 with errno.
 */
int
notify_open(struct inst *in)
{
	static unsigned long serial;
	struct sockaddr_un   sun;
	char		     dir[PATH_MAX], err[PATH_MAX + 64];
	int		     one = 1, fd;

	if (in->nfd != -1)
		return (0);
	if (control_runtime_dir(in->sv->environ, dir, sizeof dir, err,
		sizeof err) == -1) {
		log_warnx("%s: %s", in->ai->name, err);
		errno = EACCES;
		return (-1);
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if ((size_t)snprintf(sun.sun_path, sizeof sun.sun_path, "%s/n%ld.%lu",
		dir, (long)getpid(), ++serial) >= sizeof sun.sun_path) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return (-1);
	unlink(sun.sun_path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) == -1) {
		close(fd);
		return (-1);
	}
	in->nfd = fd;
	in->npath = xstrdup(sun.sun_path);
	ev_io_init(&in->nw, notify_recv_cb, fd, EV_READ);
	in->nw.data = in;
	ev_io_start(in->sv->loop, &in->nw);
	return (0);
}

void
notify_close(struct inst *in)
{
	if (in->nfd == -1)
		return;
	ev_io_stop(in->sv->loop, &in->nw);
	close(in->nfd);
	in->nfd = -1;
	unlink(in->npath);
	free(in->npath);
	in->npath = NULL;
}

/*
 * Puts NOTIFY_SOCKET=PATH of the instance into a process's environment,
 * in place of one an env file may have set.
 */
void
notify_env(struct inst *in, char ***envp)
{
	char **e = *envp;
	size_t n, k;

	for (n = k = 0; e[n] != NULL; n++) {
		if (strncmp(e[n], "NOTIFY_SOCKET=", 14) == 0)
			free(e[n]);
		else
			e[k++] = e[n];
	}
	e = xreallocarray(e, k + 2, sizeof *e);
	xasprintf(&e[k], "NOTIFY_SOCKET=%s", in->npath);
	e[k + 1] = NULL;
	*envp = e;
}

/* Descriptors a message passed are never kept. */
static void
notify_close_fds(struct msghdr *mh)
{
	struct cmsghdr *c;
	int	       *fds;
	size_t		i, n;

	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		fds = (int *)CMSG_DATA(c);
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++)
			close(fds[i]);
	}
}

static void
notify_recv_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct inst    *in = w->data;
	struct msghdr	mh;
	struct iovec	iov;
	struct cmsghdr *c;
	struct ucred   *cred;
	char		buf[NOTIFY_MSG_MAX + 1];
	union {
		struct cmsghdr h;
		char	       b[CMSG_SPACE(sizeof(struct ucred)) +
		      CMSG_SPACE(sizeof(int) * NOTIFY_MAX_FDS)];
	} cm;
	ssize_t n;
	int	k;

	(void)loop;
	(void)revents;
	for (k = 0; k < NOTIFY_BATCH && in->nfd != -1; k++) {
		memset(&mh, 0, sizeof mh);
		iov.iov_base = buf;
		iov.iov_len = sizeof buf;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = &cm;
		mh.msg_controllen = sizeof cm;
		n = recvmsg(in->nfd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n == -1)
			return;
		notify_close_fds(&mh);
		/* Too long for a message of muster's: dropped whole. */
		if (n > NOTIFY_MSG_MAX || (mh.msg_flags & MSG_TRUNC))
			continue;
		cred = NULL;
		for (c = CMSG_FIRSTHDR(&mh); c != NULL;
		     c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_CREDENTIALS &&
			    c->cmsg_len == CMSG_LEN(sizeof *cred))
				cred = (struct ucred *)CMSG_DATA(c);
		}
		if (cred != NULL)
			notify_take(in, cred, buf, n);
	}
}

/*
 * A message from a process of the instance's group, of muster's user or
 * root: READY=1 makes a starting instance ready, STATUS= is kept for
 * status.  Any other sender of either is refused, and told once a run;
 * a message of neither is let be.
 */
static void
notify_take(struct inst *in, const struct ucred *cred, const char *buf,
    size_t len)
{
	struct notify_msg m;
	pid_t		  ppid, pgrp = 0;
	const char	 *why = NULL;
	char		  st;

	/*
	 * What changes nothing needs no sender checked, nor a refusal told:
	 * systemd-notify's BARRIER=1, whose sender may be gone by now.
	 */
	if (notify_parse(buf, len, &m) == -1 || (!m.ready && !m.has_status))
		return;
	if (cred->uid != geteuid() && cred->uid != 0)
		why = "not of muster's user";
	else if (!in->running)
		why = "the instance does not run";
	/*
	 * Its group is known only until it is reaped: a sender that exits
	 * at once (not exec'd into the server, no barrier) may be gone.
	 */
	else if (proc_stat(cred->pid, &st, &ppid, &pgrp) == -1)
		why = "it had exited before its message was read";
	else if (pgrp != in->pid)
		why = "not of its process group";
	if (why != NULL) {
		if (!in->nrefused)
			output_event(in->sv->out, in, "system", -1, cred->pid,
			    "notify", -1, 0,
			    "refused a message to %s's NOTIFY_SOCKET from pid "
			    "%ld: %s",
			    in->ai->name, (long)cred->pid, why);
		in->nrefused = 1;
		return;
	}
	if (m.has_status) {
		memcpy(in->nstatus, m.status, sizeof in->nstatus);
		if (in->sv->ctl != NULL)
			control_changed(in->sv->ctl);
	}
	if (m.ready && in->state == INST_STARTING &&
	    in->ai->type->ready.kind == READY_NOTIFY)
		ready_now(in);
}

/*
 * muster's own NOTIFY_SOCKET: a path, or an abstract address (@name), to
 * which muster sends; it is taken out of the environment the processes
 * get.  Returns that environment (allocated, for sv to free).
 */
char **
notify_up_init(struct sv *sv, char *const *environ)
{
	const char *path = environ_get(environ, "NOTIFY_SOCKET");
	char **env, *const *e;
	size_t n = 0, k = 0;

	sv->up_fd = -1;
	for (e = environ; e != NULL && *e != NULL; e++)
		n++;
	env = xcalloc(n + 1, sizeof *env);
	for (e = environ; e != NULL && *e != NULL; e++) {
		if (strncmp(*e, "NOTIFY_SOCKET=", 14) != 0)
			env[k++] = *e;
	}
	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof sv->up_addr.sun_path)
		return (env);
	memset(&sv->up_addr, 0, sizeof sv->up_addr);
	sv->up_addr.sun_family = AF_UNIX;
	memcpy(sv->up_addr.sun_path, path, strlen(path));
	sv->up_len = offsetof(struct sockaddr_un, sun_path) + strlen(path);
	if (path[0] == '@')
		sv->up_addr.sun_path[0] = '\0';
	else
		sv->up_len++;
	sv->up_fd =
	    socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	return (env);
}

/* One message to muster's supervisor; one lost is not waited for. */
static void
notify_send(struct sv *sv, const char *fmt, ...)
{
	va_list ap;
	char   *msg;

	if (sv->up_fd == -1)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	sendto(sv->up_fd, msg, strlen(msg), MSG_NOSIGNAL,
	    (struct sockaddr *)&sv->up_addr, sv->up_len);
	free(msg);
}

/*
 * An instance changed: STATUS= when the count of ready ones has, and
 * READY=1 the first time none waits or starts.
 */
void
notify_up(struct sv *sv)
{
	const struct inst *in;
	size_t		   i, ready = 0, pending = 0;

	if (sv->up_fd == -1 || sv->stopping)
		return;
	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		if (in->state == INST_RUNNING ||
		    (in->state == INST_EXITED && in->ended &&
			proc_status(in->status) == 0))
			ready++;
		else if ((in->state == INST_WAITING && in->want == INST_UP) ||
		    in->state == INST_STARTING)
			pending++;
	}
	if (ready != sv->up_ready || !sv->up_said) {
		sv->up_ready = ready;
		sv->up_said = 1;
		notify_send(sv, "STATUS=%zu of %zu ready", ready, sv->n);
	}
	if (pending == 0 && !sv->up_sent_ready) {
		sv->up_sent_ready = 1;
		notify_send(sv, "READY=1");
	}
}

/* A shutdown begins. */
void
notify_up_stopping(struct sv *sv)
{
	notify_send(sv, "STOPPING=1\nSTATUS=stopping");
}

void
notify_up_free(struct sv *sv)
{
	if (sv->up_fd != -1)
		close(sv->up_fd);
	sv->up_fd = -1;
}
