/*
 * reaper.c: muster as a child subreaper: the descendants that left their
 * instance's group and were orphaned to muster ("strays") are found and
 * stopped, SIGTERM then SIGKILL, once the instances are gone.
 */

#include <sys/types.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sv.h"

static size_t reaper_children(pid_t *, size_t);
static int    reaper_managed(struct sv *, pid_t);

/* Lists muster's children (adopted orphans, as a subreaper). */
static size_t
reaper_children(pid_t *pids, size_t max)
{
	FILE	      *f;
	DIR	      *d;
	struct dirent *de;
	char	       path[64], *p, state;
	size_t	       n = 0;
	long	       pid;
	pid_t	       ppid, pgrp, self = getpid();

	snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)self);
	if ((f = fopen(path, "re")) != NULL) {
		while (n < max && fscanf(f, "%ld", &pid) == 1)
			pids[n++] = pid;
		fclose(f);
		return (n);
	}
	if ((d = opendir("/proc")) == NULL)
		return (0);
	while (n < max && (de = readdir(d)) != NULL) {
		if ((pid = strtol(de->d_name, &p, 10)) <= 0 || *p != '\0')
			continue;
		if (proc_stat(pid, &state, &ppid, &pgrp) == 0 && ppid == self)
			pids[n++] = pid;
	}
	closedir(d);
	return (n);
}

/*
 * Whether a child of muster's is an instance, or in the group of one that
 * was signalled: the instance's own timer covers those.
 */
static int
reaper_managed(struct sv *sv, pid_t pid)
{
	struct inst *in;
	pid_t	     pgid;
	size_t	     i;

	pgid = getpgid(pid);
	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		if (in->pid == 0 && in->probe.killed == 0)
			continue;
		if ((in->running && in->pid == pid) ||
		    (in->signalled && in->pid == pgid))
			return (1);
		/* A readiness command killed, and its children. */
		if (in->probe.killed != 0 && in->probe.killed == pgid)
			return (1);
	}
	return (0);
}

/*
 * Signals muster's remaining children that escaped the instances' groups,
 * and the groups they lead; each stray hears of each signal once.
 */
void
reaper_signal_strays(struct sv *sv, int signo)
{
	pid_t  pids[SV_MAX_STRAYS];
	size_t i, j, n;

	n = reaper_children(pids, SV_MAX_STRAYS);
	for (i = 0; i < n; i++) {
		if (reaper_managed(sv, pids[i]))
			continue;
		for (j = 0; j < sv->n_strays; j++) {
			if (sv->strays[j].pid == pids[i] &&
			    sv->strays[j].signo == signo)
				break;
		}
		if (j < sv->n_strays)
			continue;
		if (sv->n_strays < SV_MAX_STRAYS) {
			sv->strays[sv->n_strays].pid = pids[i];
			sv->strays[sv->n_strays++].signo = signo;
		}
		output_event(sv->out, NULL, "system", -1, pids[i],
		    signo == SIGKILL ? "kill" : "stop", -1, signo,
		    "sending %s to stray pid %ld", sv_signame(signo),
		    (long)pids[i]);
		if (getpgid(pids[i]) == pids[i])
			kill(-pids[i], signo);
		kill(pids[i], signo);
		if (signo != SIGKILL)
			kill(pids[i], SIGCONT);
	}
}

void
reaper_stray_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sv *sv = w->data;

	(void)loop;
	(void)revents;
	sv->strays_phase = 2;
	reaper_signal_strays(sv, SIGKILL);
}
