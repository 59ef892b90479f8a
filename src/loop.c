/*
 * loop.c - the event loop: epoll, signals through a self-pipe, the SIP
 * sockets.
 *
 * poll() was the first loop; make bench showed it losing a quarter of the
 * relay's throughput with 1000 relays open (4000 sockets scanned at every
 * wake-up), so the loop is epoll, whose cost does not grow with idle
 * sockets. Handlers are kept in a table indexed by descriptor, with a
 * generation number in each event, so that an event still queued for a
 * descriptor that a handler closed (and that a new socket may already
 * reuse) is recognised and skipped.
 */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "net.h"
#include "proxy.h"
#include "rtp.h"
#include "sock.h"

#define SIP_MAXSOCK	4096
#define RXBUF		65536
#define EVBATCH		256

struct slot {
	loop_fn		 fn;		/* NULL: free */
	void		*ctx;
	uint32_t	 gen;
};

static struct slot	*tab;		/* indexed by descriptor */
static unsigned		 ntab;
static int		 epfd = -1;

static struct {
	int		fd;
	struct addr	a;
} sip[SIP_MAXSOCK];
static unsigned nsip;

static int sigpipe[2] = { -1, -1 };
static volatile sig_atomic_t got_hup, got_term, got_usr1;
static int testmode, draining;
static uint64_t now_ms;
static char rxbuf[RXBUF];

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

void
loop_set_testmode(int on)
{
	testmode = on;
}

unsigned
loop_capacity(void)
{
	return ntab;
}

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
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

/* cap: how many descriptors the loop may watch (and their highest value). */
int
loop_init(unsigned cap)
{
	struct sigaction sa;

	ntab = cap + 64;
	tab = calloc(ntab, sizeof(*tab));
	if (tab == NULL)
		return -1;
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0 || pipe(sigpipe) != 0)
		return -1;
	fcntl(sigpipe[0], F_SETFL, O_NONBLOCK);
	fcntl(sigpipe[1], F_SETFL, O_NONBLOCK);
	fcntl(sigpipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(sigpipe[1], F_SETFD, FD_CLOEXEC);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	tick();
	return loop_add(sigpipe[0], drain_pipe, NULL);
}

int
loop_add(int fd, loop_fn fn, void *ctx)
{
	struct epoll_event ev;

	if (fd < 0 || (unsigned)fd >= ntab || tab[fd].fn != NULL)
		return -1;
	tab[fd].fn = fn;
	tab[fd].ctx = ctx;
	tab[fd].gen++;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.u64 = (uint64_t)tab[fd].gen << 32 | (uint32_t)fd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		tab[fd].fn = NULL;
		return -1;
	}
	return 0;
}

/* Before the descriptor is closed. */
void
loop_del(int fd)
{
	if (fd < 0 || (unsigned)fd >= ntab || tab[fd].fn == NULL)
		return;
	(void)epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
	tab[fd].fn = NULL;
	tab[fd].ctx = NULL;
}

/* A SIP datagram: who sent it, to which of our addresses. */
static void
sip_read(int fd, short ev, void *ctx)
{
	const struct addr *local = ctx;
	struct addr src;
	socklen_t sl;
	ssize_t n;
	int k;

	(void)ev;
	for (k = 0; k < 64; k++) {
		sl = sizeof(src.u);
		n = recvfrom(fd, rxbuf, sizeof(rxbuf), MSG_TRUNC | MSG_DONTWAIT,
		    &src.u.sa, &sl);
		if (n < 0)
			return;
		if ((size_t)n > sizeof(rxbuf)) {
			stats.drop[DROP_TRUNC]++;
			log_limited(DROP_TRUNC, "dropped datagram from %s: %s",
			    addr_str(&src), drop_name(DROP_TRUNC));
			continue;
		}
		proxy_input(rxbuf, (size_t)n, &src, local);
	}
}

/* Bind a SIP socket; -1 with errno on failure. */
int
loop_sip_bind(const struct addr *a)
{
	int fd;

	if (nsip >= SIP_MAXSOCK) {
		errno = ENFILE;
		return -1;
	}
	if ((fd = sock_bind(a, SOCK_DGRAM)) < 0)
		return -1;
	sip[nsip].fd = fd;
	sip[nsip].a = *a;
	if (loop_add(fd, sip_read, &sip[nsip].a) != 0) {
		close(fd);
		errno = EMFILE;
		return -1;
	}
	nsip++;
	return 0;
}

/* SIGHUP: stop listening for SIP at once (SPEC 5). */
void
loop_sip_close(void)
{
	unsigned i;

	for (i = 0; i < nsip; i++) {
		loop_del(sip[i].fd);
		close(sip[i].fd);
		sip[i].fd = -1;
	}
}

void (*net_tap)(const struct addr *, const struct addr *, const char *,
    size_t);

/* Print a message as test mode does (SPEC 6). */
void
net_print_sip(const struct addr *from, const struct addr *to, const char *p,
    size_t n)
{
	printf("--- from %s to %s\n", addr_str(from), addr_str(to));
	fwrite(p, 1, n, stdout);
	printf("\n");
	fflush(stdout);
}

void
net_send_sip(const struct addr *from, const struct addr *to, const char *p,
    size_t n)
{
	unsigned i;

	if (testmode) {
		if (net_tap != NULL)
			net_tap(from, to, p, n);
		net_print_sip(from, to, p, n);
		return;
	}
	for (i = 0; i < nsip; i++)
		if (sip[i].fd >= 0 && addr_eq(&sip[i].a, from))
			break;
	if (i == nsip) {
		stats.drop[DROP_SEND]++;
		log_limited(DROP_SEND, "no SIP socket on %s", addr_str(from));
		return;
	}
	if (sendto(sip[i].fd, p, n, 0, &to->u.sa, addr_len(to)) < 0) {
		stats.drop[DROP_SEND]++;
		log_limited(DROP_SEND, "send to %s: %s", addr_str(to),
		    strerror(errno));
	}
}

int
loop_run(void)
{
	static struct epoll_event ev[EVBATCH];
	uint64_t deadline;
	uint32_t fd, gen;
	int timeout, r, i;

	for (;;) {
		if (got_term) {
			log_info("exiting on signal");
			return 0;
		}
		if (got_usr1) {
			got_usr1 = 0;
			stats_log();
		}
		if (got_hup && !draining) {
			draining = 1;
			loop_sip_close();
			log_info("SIGHUP: SIP sockets closed; relaying %u "
			    "streams until they are idle", rtp_active());
		}
		rtp_sweep(now_ms);
		if (draining && rtp_active() == 0) {
			log_info("drained, exiting");
			return 0;
		}
		deadline = rtp_next_deadline();
		if (deadline == 0)
			timeout = -1;
		else if (deadline <= now_ms)
			timeout = 0;
		else
			timeout = deadline - now_ms > 3600000 ? 3600000 :
			    (int)(deadline - now_ms);
		r = epoll_wait(epfd, ev, EVBATCH, timeout);
		tick();
		log_tick(now_ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			log_warn("epoll_wait");
			return 1;
		}
		for (i = 0; i < r; i++) {
			fd = (uint32_t)ev[i].data.u64;
			gen = (uint32_t)(ev[i].data.u64 >> 32);
			/* closed, or closed and reused, since it was queued */
			if (fd >= ntab || tab[fd].fn == NULL || tab[fd].gen != gen)
				continue;
			tab[fd].fn((int)fd, (short)ev[i].events, tab[fd].ctx);
		}
	}
}
