/* SPDX-License-Identifier: GPL-3.0-or-later */
/* writer_gate.c — a few writers of one server review at a time on this machine.
 *
 * Every write on a server holds the review's one write lock (pg.c), so writers queued behind
 * it add nothing to what is written a second, and each costs the server a session waiting in
 * the lock's queue: the more sessions take turns on the server's processors, the slower each
 * turn of the lock (measured: 50 streamed writers 1,500–1,900 comments a second, against about
 * 3,000 for 4 to 8 of them, on the same 2 cores; tests/bench/PG.md, "Writers, fifth round").
 * So `gopy comment --stream` on a server writes in turns: it holds one of WRITER_GATE_SLOTS
 * units of a semaphore of this machine while it writes up to WRITER_GATE_TURN comments, or
 * until its input has no line waiting. And `gopy comment` with one comment holds a unit from
 * before it connects until it has closed its connection: a crowd of those starts a few server
 * sessions at a time, not the crowd (a new session costs the server more processor time than
 * the comment; "Writers, sixth round"). The semaphore (System V: waiters queue in the kernel,
 * a wait has a limit, and a unit comes back when its holder ends, even killed: SEM_UNDO) is
 * named by a file of gopy's under /tmp, one for each review (a hash of its address), made
 * writable by all: the writers of every user of a shared machine take turns; the last writer
 * to end removes both (a writer that had it as it went makes it anew). The gate only paces:
 * the write lock still keeps every write whole and in order. A unit not had within
 * WRITER_GATE_WAIT_S seconds (the semaphore held by a stopped or hostile process), or a
 * semaphore that cannot be had, and the writer goes on without the gate for the rest of its
 * input: it is never held up by it for long. */
#define _GNU_SOURCE /* semtimedop */
#include "cli_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { WRITER_GATE_SLOTS = 4, WRITER_GATE_TURN = 32, WRITER_GATE_WAIT_S = 2 };

static void gate_path(const struct writer_gate *g, char *path, size_t n)
{
	snprintf(path, n, "/tmp/gopy-writers-%016llx", (unsigned long long)g->key);
}

/* The review's semaphore on this machine, made with its units when it is new; -1 when it
 * cannot be had. */
static int review_semaphore(const struct writer_gate *g)
{
	char path[64];
	gate_path(g, path, sizeof path);
	int fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	struct stat sb;
	if (fstat(fd, &sb) == 0 && sb.st_uid == geteuid() && (sb.st_mode & 0666) != 0666)
		(void)fchmod(fd, 0666); /* (against the umask: other users' writers take turns too) */
	close(fd);
	key_t key = ftok(path, 'G');
	if (key == (key_t)-1)
		return -1;
	int sem = semget(key, 1, IPC_CREAT | IPC_EXCL | 0666);
	if (sem >= 0) /* new: its units (a writer that finds it before this waits, then goes on) */
		return semctl(sem, 0, SETVAL, WRITER_GATE_SLOTS) == 0 ? sem : -1;
	return errno == EEXIST ? semget(key, 1, 0) : -1;
}

void writer_gate_init(struct writer_gate *g, const char *review)
{
	*g = (struct writer_gate){.sem = -1, .on = review && !getenv("GOPY_NO_WRITER_GATE")};
	if (!g->on)
		return;
	uint64_t h = 1469598103934665603ULL; /* FNV-1a of the review's address */
	for (const unsigned char *p = (const unsigned char *)review; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	g->key = h;
	g->sem = review_semaphore(g);
	g->on = g->sem >= 0;
}

void writer_gate_enter(struct writer_gate *g)
{
	if (!g->on || g->held)
		return;
	struct sembuf take = {.sem_num = 0, .sem_op = -1, .sem_flg = SEM_UNDO};
	struct timespec limit = {.tv_sec = WRITER_GATE_WAIT_S};
	int rc;
	for (int again = 1;; again--) {
		while ((rc = semtimedop(g->sem, &take, 1, &limit)) != 0 && errno == EINTR)
			;
		/* removed by the last writer as this one came (writer_gate_end): made anew, once */
		if (rc == 0 || !again || (errno != EIDRM && errno != EINVAL) || (g->sem = review_semaphore(g)) < 0)
			break;
	}
	if (rc != 0) { /* not had in time, or the semaphore is gone: the rest without it */
		g->on = false;
		return;
	}
	g->held = true;
	g->written = 0;
}

/* Give the turn held back, if any. */
static void leave(struct writer_gate *g)
{
	if (!g->held)
		return;
	struct sembuf give = {.sem_num = 0, .sem_op = 1, .sem_flg = SEM_UNDO};
	if (semop(g->sem, &give, 1) != 0)
		g->on = false; /* (removed meanwhile) */
	g->held = false;
}

void writer_gate_wrote(struct writer_gate *g, bool more_waiting)
{
	if (g->held && (++g->written >= WRITER_GATE_TURN || !more_waiting))
		leave(g);
}

void writer_gate_end(struct writer_gate *g)
{
	leave(g);
	if (!g->on)
		return;
	/* the last writer here: every unit free and nobody waiting; the name first (a writer coming
	 * now makes a new one), then the semaphore (one that had it already makes it anew) */
	if (semctl(g->sem, 0, GETVAL) == WRITER_GATE_SLOTS && semctl(g->sem, 0, GETNCNT) == 0) {
		char path[64];
		gate_path(g, path, sizeof path);
		(void)unlink(path);
		(void)semctl(g->sem, 0, IPC_RMID);
	}
	g->on = false;
}
