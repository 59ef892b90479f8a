/*
 * loop.c - poll() loop, signals through a self-pipe, SIP sockets.
 *
 * Slots live in two parallel arrays (pollfd, handler) in the same order,
 * as in OpenBSD's ntpd; a removed slot gets fd -1 (which poll ignores)
 * and the arrays are compacted after dispatch, so handlers may add or
 * remove slots while the loop walks them.
 */
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

#define SIP_MAXSOCK	4096
#define RXBUF		65536

struct slot {
	loop_fn	 fn;
	void	*ctx;
};

static struct pollfd	*pfd;
static struct slot	*slot;
static unsigned		 nslot, capslot;
static int		 dirty;

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
	return capslot;
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

int
loop_init(unsigned cap)
{
	struct sigaction sa;

	capslot = cap;
	pfd = calloc(cap, sizeof(*pfd));
	slot = calloc(cap, sizeof(*slot));
	if (pfd == NULL || slot == NULL)
		return -1;
	if (pipe(sigpipe) != 0)
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
	if (nslot >= capslot)
		return -1;
	pfd[nslot].fd = fd;
	pfd[nslot].events = POLLIN;
	pfd[nslot].revents = 0;
	slot[nslot].fn = fn;
	slot[nslot].ctx = ctx;
	nslot++;
	return 0;
}

void
loop_del(int fd)
{
	unsigned i;

	for (i = 0; i < nslot; i++)
		if (pfd[i].fd == fd) {
			pfd[i].fd = -1;
			dirty = 1;
			return;
		}
}

static void
compact(void)
{
	unsigned i, j = 0;

	for (i = 0; i < nslot; i++)
		if (pfd[i].fd >= 0) {
			pfd[j] = pfd[i];
			slot[j] = slot[i];
			j++;
		}
	nslot = j;
	dirty = 0;
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
	int fd, on = 1, e;

	if (nsip >= SIP_MAXSOCK) {
		errno = ENFILE;
		return -1;
	}
	fd = socket(addr_af(a), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (addr_af(a) == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, &a->u.sa, addr_len(a)) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
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
	uint64_t deadline;
	unsigned i, n;
	int timeout, r;

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
		if (dirty)
			compact();
		deadline = rtp_next_deadline();
		if (deadline == 0)
			timeout = -1;
		else if (deadline <= now_ms)
			timeout = 0;
		else
			timeout = deadline - now_ms > 3600000 ? 3600000 :
			    (int)(deadline - now_ms);
		r = poll(pfd, nslot, timeout);
		tick();
		log_tick(now_ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			log_warn("poll");
			return 1;
		}
		n = nslot;
		for (i = 0; i < n && r > 0; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			r--;
			slot[i].fn(pfd[i].fd, pfd[i].revents, slot[i].ctx);
		}
	}
}
