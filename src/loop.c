/*
 * loop.c - the reactor: epoll, deadline hooks, signals through a
 * self-pipe.
 *
 * poll() was the first loop; make bench showed it losing a quarter of the
 * relay's throughput with 1000 relays open (4000 sockets scanned at every
 * wake-up), so the loop is epoll, whose cost does not grow with idle
 * sockets. Handlers are kept in a table indexed by descriptor, with a
 * generation number in each event, so that an event still queued for a
 * descriptor that a handler closed (and that a new socket may already
 * reuse) is recognised and skipped.
 */
#define _GNU_SOURCE	/* pipe2: Linux */
#include <sys/epoll.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

#define EVBATCH		256
#define MAXHOOK		8
#define MAXSIG		65

struct slot {
	loop_fn		 fn;		/* NULL: free */
	void		*ctx;
	uint32_t	 gen;
};

static struct slot	*tab;		/* indexed by descriptor */
static unsigned		 ntab;
static int		 epfd = -1;

static struct {
	loop_hook	 fn;
	void		*ctx;
} hook[MAXHOOK];
static unsigned nhook;

static int sigpipe[2] = { -1, -1 };
static volatile sig_atomic_t caught[MAXSIG];
static int exiting, exit_rc;
static uint64_t now_ms;

uint64_t
loop_now(void)
{
	return now_ms;
}

static void
tick(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Installed by loop_signal() only, for a sig it checked. */
static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	caught[sig] = 1;
	(void)write(sigpipe[1], &c, 1);
	errno = saved;
}

static void
drain_pipe(int fd, short ev, void *ctx)
{
	char buf[64];

	(void)ev;
	(void)ctx;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/*
 * sig's handler h, with no flags and an empty mask: on Linux a zeroed
 * sigset_t is the empty set, as sigemptyset() makes it.
 */
static int
set_handler(int sig, void (*h)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	return sigaction(sig, &sa, NULL);
}

/* cap: how many descriptors the loop may watch (and their highest value). */
int
loop_init(unsigned cap)
{
	ntab = cap + 64;
	tab = calloc(ntab, sizeof(*tab));
	if (tab == NULL)
		return -1;
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0 || pipe2(sigpipe, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	(void)set_handler(SIGPIPE, SIG_IGN);
	tick();
	return loop_add(sigpipe[0], drain_pipe, NULL);
}

/* Catch a signal: loop_caught() tells when it came. */
int
loop_signal(int sig)
{
	if (sig <= 0 || sig >= MAXSIG)
		return -1;
	return set_handler(sig, on_signal);
}

/* Whether the signal came since the last call; clears it. */
int
loop_caught(int sig)
{
	if (sig <= 0 || sig >= MAXSIG || !caught[sig])
		return 0;
	caught[sig] = 0;
	return 1;
}

/* loop_run() returns rc before it waits again. */
void
loop_exit(int rc)
{
	exiting = 1;
	exit_rc = rc;
}

/* Hooks run in the order they were added. */
int
loop_hook_add(loop_hook fn, void *ctx)
{
	if (nhook >= MAXHOOK)
		return -1;
	hook[nhook].fn = fn;
	hook[nhook].ctx = ctx;
	nhook++;
	return 0;
}

static int
watch(int op, int fd, unsigned events)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = (uint64_t)tab[fd].gen << 32 | (uint32_t)fd;
	return epoll_ctl(epfd, op, fd, &ev);
}

int
loop_add(int fd, loop_fn fn, void *ctx)
{
	if (fd < 0 || (unsigned)fd >= ntab || tab[fd].fn != NULL)
		return -1;
	tab[fd].fn = fn;
	tab[fd].ctx = ctx;
	tab[fd].gen++;
	if (watch(EPOLL_CTL_ADD, fd, EPOLLIN) != 0) {
		tab[fd].fn = NULL;
		return -1;
	}
	return 0;
}

/* Also wake up when fd can be written to (on), or no more (off). */
int
loop_want_out(int fd, int on)
{
	if (fd < 0 || (unsigned)fd >= ntab || tab[fd].fn == NULL)
		return -1;
	return watch(EPOLL_CTL_MOD, fd, EPOLLIN | (on ? EPOLLOUT : 0));
}

/* Before the descriptor is closed. */
void
loop_del(int fd)
{
	if (fd < 0 || (unsigned)fd >= ntab || tab[fd].fn == NULL)
		return;
	(void)watch(EPOLL_CTL_DEL, fd, 0);
	tab[fd].fn = NULL;
	tab[fd].ctx = NULL;
}

/* Run the hooks; the epoll timeout until the nearest deadline. */
static int
run_hooks(void)
{
	uint64_t d, next = 0;
	unsigned i;

	for (i = 0; i < nhook && !exiting; i++) {
		d = hook[i].fn(now_ms, hook[i].ctx);
		if (d != 0 && (next == 0 || d < next))
			next = d;
	}
	if (next == 0)
		return -1;
	if (next <= now_ms)
		return 0;
	return next - now_ms > 3600000 ? 3600000 : (int)(next - now_ms);
}

static void
dispatch(const struct epoll_event *ev, int n)
{
	uint32_t fd, gen;
	int i;

	for (i = 0; i < n; i++) {
		fd = (uint32_t)ev[i].data.u64;
		gen = (uint32_t)(ev[i].data.u64 >> 32);
		/* closed, or closed and reused, since it was queued */
		if (fd >= ntab || tab[fd].fn == NULL || tab[fd].gen != gen)
			continue;
		tab[fd].fn((int)fd, (short)ev[i].events, tab[fd].ctx);
	}
}

int
loop_run(void)
{
	static struct epoll_event ev[EVBATCH];
	int timeout, r;

	for (;;) {
		timeout = run_hooks();
		if (exiting)
			return exit_rc;
		r = epoll_wait(epfd, ev, EVBATCH, timeout);
		tick();
		log_tick(now_ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			log_warn("epoll_wait");
			return 1;
		}
		dispatch(ev, r);
	}
}
