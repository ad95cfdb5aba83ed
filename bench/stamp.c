/*
 * stamp: the processes of the readiness benchmark (bench/run.sh), which
 * write their own clock (CLOCK_MONOTONIC, the same for every process of
 * the machine) to a file at the moment that matters, so that the time
 * from a dependency's readiness to its dependent's start is measured by
 * neither muster nor its log.
 *
 *	stamp [-x] FILE
 *	stamp -k KIND -d SECONDS FILE [ARG]
 *	stamp -b N FILE COMMAND
 *
 * The first form is the dependent: it writes the time it started (read
 * as its first action) to FILE, then prints "1" (a data line for
 * bench/probe) and waits for a signal, or with -x exits.
 *
 * With -k it is the dependency, which becomes ready SECONDS after it
 * started, in the way KIND says, writing the time to FILE just before:
 *	notify	sends READY=1 to $NOTIFY_SOCKET (sd_notify);
 *	line	prints ARG as a line;
 *	port	listen()s on 127.0.0.1:$PORT (bound from the start, so that
 *		until then a connection is refused);
 *	http	answers each request on 127.0.0.1:$PORT (listening from the
 *		start) with 200 instead of 503;
 *	exec	creates the file ARG (which the probe tests).
 * Then it waits for a signal (http goes on answering).
 *
 * With -b it is the baseline: N times, it forks and execs /bin/sh -c
 * COMMAND (a `stamp -x FILE`), as muster starts an instance, and waits
 * for its end; each sample is the time the command wrote last in FILE
 * minus the time just before the fork.  It prints "raw=" their median
 * and "raws=" every one.
 *
 * Exits 1, having said why, when it cannot do its part.
 */

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXRUNS 1000

static void
usage(void)
{
	fprintf(stderr,
	    "usage: stamp [-x] file\n"
	    "       stamp -k kind -d seconds file [argument]\n"
	    "       stamp -b count file command\n");
	exit(2);
}

static void
die(const char *what)
{
	fprintf(stderr, "stamp: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Writes the time ts to fd. */
static void
write_time(int fd, const struct timespec *ts)
{
	char s[64];
	int  n;

	n = snprintf(s, sizeof s, "%lld.%09ld\n", (long long)ts->tv_sec,
	    ts->tv_nsec);
	if (write(fd, s, n) != n)
		die("write");
}

/* Writes the time now to fd, a file opened beforehand. */
static void
stamp(int fd)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	write_time(fd, &ts);
}

static int
open_stamp(const char *path)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		 0644)) == -1)
		die(path);
	return (fd);
}

/* Until a signal ends it. */
static void
wait_forever(void)
{
	for (;;)
		pause();
}

/* A TCP socket bound to 127.0.0.1:$PORT, not yet listening. */
static int
bind_port(void)
{
	struct sockaddr_in sin;
	const char	  *p = getenv("PORT");
	int		   fd, one = 1;

	if (p == NULL || atoi(p) <= 0 || atoi(p) > 65535) {
		fprintf(stderr, "stamp: no PORT\n");
		exit(1);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(atoi(p));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1)
		die("bind");
	return (fd);
}

/*
 * Answers one connection on the listening socket: reads the request to
 * its blank line (so that closing sends no reset), then the status.
 */
static void
answer(int lfd, int ok)
{
	static const char ok_s[] = "HTTP/1.0 200 OK\r\n"
				   "Content-Length: 0\r\n\r\n";
	static const char no_s[] = "HTTP/1.0 503 Service Unavailable\r\n"
				   "Content-Length: 0\r\n\r\n";
	struct timeval	  tv = { 1, 0 };
	char		  req[4096];
	size_t		  len = 0;
	ssize_t		  n;
	int		  fd;

	if ((fd = accept(lfd, NULL, NULL)) == -1)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (len < sizeof req - 1 &&
	    (n = read(fd, req + len, sizeof req - 1 - len)) > 0) {
		len += n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	if (ok)
		n = write(fd, ok_s, sizeof ok_s - 1);
	else
		n = write(fd, no_s, sizeof no_s - 1);
	(void)n;
	shutdown(fd, SHUT_WR);
	close(fd);
}

/* http: answers 503 until ready_at, then writes the time and says 200. */
static void
serve(int fd, int lfd, double ready_at)
{
	struct pollfd pfd;
	double	      left;
	int	      ready = 0;

	if (listen(lfd, 64) == -1)
		die("listen");
	pfd.fd = lfd;
	pfd.events = POLLIN;
	for (;;) {
		left = ready_at - now();
		if (!ready && left <= 0) {
			stamp(fd);
			ready = 1;
		}
		if (poll(&pfd, 1, ready ? -1 : (int)(left * 1000) + 1) > 0)
			answer(lfd, ready);
	}
}

/* The address of $NOTIFY_SOCKET ("@" for an abstract one). */
static socklen_t
notify_addr(struct sockaddr_un *sun)
{
	const char *p = getenv("NOTIFY_SOCKET");
	size_t	    n;

	if (p == NULL || (n = strlen(p)) == 0 || n >= sizeof sun->sun_path) {
		fprintf(stderr, "stamp: no NOTIFY_SOCKET\n");
		exit(1);
	}
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, p, n);
	if (p[0] == '@')
		sun->sun_path[0] = '\0';
	return (offsetof(struct sockaddr_un, sun_path) + n);
}

/* The dependency (-k): everything prepared, then ready at ready_at. */
static void
dependency(const char *kind, double ready_at, int fd, const char *arg)
{
	struct sockaddr_un sun;
	struct timespec	   ts;
	socklen_t	   sl;
	double		   t;
	size_t		   n;
	int		   s;

	if (strcmp(kind, "http") == 0)
		serve(fd, bind_port(), ready_at);
	s = -1;
	sl = 0;
	if (strcmp(kind, "notify") == 0) {
		sl = notify_addr(&sun);
		if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
			die("socket");
	} else if (strcmp(kind, "port") == 0) {
		s = bind_port();
	} else if (strcmp(kind, "line") != 0 && strcmp(kind, "exec") != 0) {
		usage();
	}
	if ((strcmp(kind, "line") == 0 || strcmp(kind, "exec") == 0) &&
	    arg == NULL)
		usage();
	t = ready_at - now();
	if (t > 0) {
		ts.tv_sec = (time_t)t;
		ts.tv_nsec = (long)((t - ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	stamp(fd);
	if (strcmp(kind, "notify") == 0) {
		if (sendto(s, "READY=1", 7, 0, (struct sockaddr *)&sun, sl) !=
		    7)
			die("sendto");
	} else if (strcmp(kind, "line") == 0) {
		n = strlen(arg);
		if (write(1, arg, n) != (ssize_t)n || write(1, "\n", 1) != 1)
			die("write");
	} else if (strcmp(kind, "port") == 0) {
		if (listen(s, 64) == -1)
			die("listen");
	} else if ((s = open(arg, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) ==
	    -1) {
		die(arg);
	}
	wait_forever();
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* The last time written in path, or -1. */
static double
last_stamp(const char *path)
{
	char   s[64];
	FILE  *f;
	double t = -1;

	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(s, sizeof s, f) != NULL)
		t = strtod(s, NULL);
	fclose(f);
	return (t);
}

/* The baseline (-b): n forks and execs of sh -c cmd. */
static int
baseline(int n, const char *path, const char *cmd)
{
	static double v[MAXRUNS];
	double	      t0, t;
	pid_t	      pid;
	int	      i, status;

	for (i = 0; i < n; i++) {
		t0 = now();
		if ((pid = fork()) == -1)
			die("fork");
		if (pid == 0) {
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
			_exit(127);
		}
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		t = last_stamp(path);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || t < t0) {
			fprintf(stderr, "stamp: %s wrote no time\n", cmd);
			return (1);
		}
		v[i] = t - t0;
		/* Apart, as the dependents of the benchmark start. */
		usleep(10000);
	}
	printf("raws=");
	for (i = 0; i < n; i++)
		printf("%s%.6f", i > 0 ? "," : "", v[i]);
	qsort(v, n, sizeof *v, cmp_double);
	printf("\nraw=%.6f\n",
	    n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
	return (0);
}

int
main(int argc, char *argv[])
{
	struct timespec t0;
	const char     *kind = NULL;
	double		delay = 0;
	int		ch, fd, once = 0, runs = 0;

	/* The dependent's start: before anything else. */
	clock_gettime(CLOCK_MONOTONIC, &t0);

	while ((ch = getopt(argc, argv, "b:d:k:x")) != -1) {
		switch (ch) {
		case 'b':
			runs = atoi(optarg);
			if (runs < 1 || runs > MAXRUNS)
				usage();
			break;
		case 'd':
			delay = strtod(optarg, NULL);
			break;
		case 'k':
			kind = optarg;
			break;
		case 'x':
			once = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (runs > 0) {
		if (argc != 2)
			usage();
		return (baseline(runs, argv[0], argv[1]));
	}
	if (argc < 1 || argc > 2 || (kind == NULL && argc != 1))
		usage();
	fd = open_stamp(argv[0]);
	if (kind != NULL)
		dependency(kind, t0.tv_sec + t0.tv_nsec / 1e9 + delay, fd,
		    argc > 1 ? argv[1] : NULL);
	/* The dependent: the time it started, then its line. */
	write_time(fd, &t0);
	if (write(1, "1\n", 2) != 2)
		die("write");
	if (!once)
		wait_forever();
	return (0);
}
