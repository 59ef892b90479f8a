/*
 * net.c - the SIP sockets: a UDP socket and a TCP listener on every SIP
 * address; each datagram, and each message framed out of a TCP stream
 * (RFC 3261 18.3, sip_frame()), handed to the proxy; the out record it
 * makes sent from the socket of its local address, or over the TCP
 * connection between that address and the destination, made when there
 * is none (in test mode, printed instead).
 *
 * The connection table is the only TCP state: a connection is known by
 * its local SIP address and its remote address and port, and used in
 * both directions, whoever opened it. Everything is non-blocking: a
 * connection is made in the background, what is sent on it waits in a
 * bounded queue until the socket can take it, and a request that cannot
 * be sent because no connection could be made is answered by
 * proxy_fail() (513 or 503).
 */
#define _GNU_SOURCE	/* accept4: Linux */
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "net.h"
#include "sip.h"
#include "sock.h"
#include "stats.h"

#define SIP_MAXSOCK	4096
#define RXBUF		65536
#define SWEEP_MS	1000

struct sock {
	int		fd;
	int		tcp;		/* a listener */
	struct addr	a;
};

struct bytes {
	char		*p;		/* NULL when empty */
	size_t		 n;
};

struct conn {
	int		 fd;		/* -1: free, the rest all zero */
	int		 connecting;	/* ours, not made yet */
	int		 dead;		/* close at the end of conn_io */
	struct addr	 local;		/* our SIP address */
	struct addr	 remote;
	uint64_t	 last;		/* the last traffic, or the start */
	struct bytes	 in;		/* the start of a message */
	struct bytes	 out;		/* what waits to be written */
};

static struct sock sip[SIP_MAXSOCK];
static unsigned nsip;
static struct conn *conns;
static unsigned maxconn;	/* slots; open: stats.tcp_active */
static uint64_t idle_ms, next_sweep;
static int testmode, draining;
static char rxbuf[RXBUF];

static uint64_t	net_hook(uint64_t, void *);

/* Something dropped for r, to or from a: counted, and logged within the
 * budget of r. */
static void
drop(enum drop_reason r, const char *what, const struct addr *a)
{
	stats.drop[r]++;
	log_limited(r, "%s %s: %s", what, addr_str(a), drop_name(r));
}

/* test: print instead of sending; max connections; idle timeout (s). */
int
net_init(int test, unsigned max, unsigned idle_s)
{
	unsigned i;

	testmode = test;
	maxconn = max;
	idle_ms = (uint64_t)idle_s * 1000;
	conns = calloc(max > 0 ? max : 1, sizeof(*conns));
	if (conns == NULL)
		return -1;
	for (i = 0; i < max; i++)
		conns[i].fd = -1;
	return loop_hook_add(net_hook, NULL);
}

/* Connections still open. */
unsigned
net_busy(void)
{
	return (unsigned)stats.tcp_active;
}

/* Never while its conn_io runs: what handles its input (and may send on
 * it) marks it dead instead. */
static void
conn_close(struct conn *c)
{
	loop_del(c->fd);
	close(c->fd);
	free(c->in.p);
	free(c->out.p);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	stats.tcp_active--;
}

static struct conn *
conn_find(const struct addr *local, const struct addr *remote)
{
	unsigned i;

	for (i = 0; i < maxconn; i++)
		if (conns[i].fd >= 0 && !conns[i].dead &&
		    addr_eq(&conns[i].remote, remote) &&
		    addr_eq(&conns[i].local, local))
			return &conns[i];
	return NULL;
}

static void	conn_io(int, short, void *);

/* n bytes at p after those of b; 0, or -1 when memory is short. */
static int
bytes_add(struct bytes *b, const char *p, size_t n)
{
	char *q = realloc(b->p, b->n + n);

	if (q == NULL)
		return -1;
	memcpy(q + b->n, p, n);
	b->p = q;
	b->n += n;
	return 0;
}

/* The first n bytes of b gone; with none left, its memory too. */
static void
bytes_cut(struct bytes *b, size_t n)
{
	b->n -= n;
	memmove(b->p, b->p + n, b->n);
	if (b->n == 0) {
		free(b->p);
		b->p = NULL;
	}
}

/* A free slot for fd, and fd watched; NULL (fd left to the caller) when
 * the table is full, or the loop. */
static struct conn *
conn_new(int fd, const struct addr *local, const struct addr *remote)
{
	unsigned i;
	struct conn *c;

	for (i = 0; i < maxconn && conns[i].fd >= 0; i++)
		;
	if (i == maxconn || loop_add(fd, conn_io, &conns[i]) != 0)
		return NULL;
	c = &conns[i];		/* free, so all zero but fd */
	c->fd = fd;
	c->local = *local;
	c->remote = *remote;
	c->last = loop_now();
	stats.tcp_active++;
	return c;
}

/* Write what waits on a connection that is made; 0, or -1 when it
 * failed. */
static int
conn_flush(struct conn *c)
{
	ssize_t w;

	while (c->out.n > 0) {
		w = sendto(c->fd, c->out.p, c->out.n,
		    MSG_NOSIGNAL | MSG_DONTWAIT, NULL, 0);
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w <= 0)
			return -1;
		bytes_cut(&c->out, (size_t)w);
		c->last = loop_now();
	}
	loop_want_out(c->fd, c->out.n > 0);
	return 0;
}

/* Queue a whole message, written when the socket can take it (conn_io);
 * -1 if it was dropped. */
static int
conn_send(struct conn *c, const char *p, size_t n)
{
	if (c->out.n + n > NET_TCP_OUTMAX) {
		drop(DROP_TCP_QUEUE, "dropped message to", &c->remote);
		return -1;
	}
	if (bytes_add(&c->out, p, n) != 0)
		return -1;
	loop_want_out(c->fd, 1);
	return 0;
}

/* A request that could not be sent: answered (proxy_fail). */
static void
answer_failed(const char *p, size_t n, const struct addr *from,
    const struct addr *to)
{
	struct proxy_out r;

	drop(DROP_TCP_CONNECT, "cannot send over TCP to", to);
	if (proxy_fail(p, n, from, to, &r))
		net_emit(&r);
}

/* A connection of ours not made: answer what waits in it, close it. */
static void
conn_fail(struct conn *c)
{
	struct addr from = c->local, to = c->remote;
	struct bytes q = c->out;
	size_t off = 0, len;

	c->out.p = NULL;
	conn_close(c);
	while (off < q.n && sip_frame(q.p + off, q.n - off, NET_TCP_INMAX,
	    &len) == SIP_FRAME_MSG) {
		answer_failed(q.p + off, len, &from, &to);
		off += len;
	}
	free(q.p);
}

/* A connection of ours to to, from our address from, on its way: the
 * message queued on it (tcp_send) asks for the wake-up that says it is
 * made. */
static struct conn *
conn_open(const struct addr *from, const struct addr *to)
{
	struct addr b = *from;
	struct conn *c;
	int fd;

	fd = socket(addr_af(to), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0)
		return NULL;
	addr_set_port(&b, 0);
	if (bind(fd, &b.u.sa, addr_len(&b)) != 0 ||
	    (connect(fd, &to->u.sa, addr_len(to)) != 0 &&
	    errno != EINPROGRESS) || (c = conn_new(fd, from, to)) == NULL) {
		close(fd);
		return NULL;
	}
	c->connecting = 1;
	return c;
}

static void
tcp_send(const struct proxy_out *o)
{
	struct conn *c = conn_find(&o->from, &o->to);

	if (c == NULL && !draining)
		c = conn_open(&o->from, &o->to);
	if (c == NULL) {
		answer_failed(o->p, o->n, &o->from, &o->to);
		return;
	}
	if (conn_send(c, o->p, o->n) == 0)
		stats.tcp_tx++;
}

/* Handle every whole message at p; how many bytes were used. */
static size_t
conn_frames(struct conn *c, const char *p, size_t n)
{
	struct proxy_out out;
	size_t off = 0, len;

	for (;;) {
		switch (sip_frame(p + off, n - off, NET_TCP_INMAX, &len)) {
		case SIP_FRAME_MORE:
			return off;
		case SIP_FRAME_BAD:
			drop(DROP_TCP_FRAME, "closing connection from",
			    &c->remote);
			c->dead = 1;
			return off;
		case SIP_FRAME_PING:
			stats.tcp_pings++;
			(void)conn_send(c, "\r\n", 2);	/* RFC 5626 4.4.1 */
			break;
		case SIP_FRAME_SKIP:
			break;
		case SIP_FRAME_MSG:
			stats.tcp_rx++;
			if (proxy_input(p + off, len, &c->remote, &c->local,
			    TP_TCP, &out))
				net_emit(&out);
			break;
		}
		off += len;
	}
}

/* Bytes from the stream, after what was left of the last ones: every
 * whole message handled, the rest kept for the next. */
static void
conn_feed(struct conn *c, const char *p, size_t n)
{
	if (bytes_add(&c->in, p, n) != 0)
		c->dead = 1;
	else
		bytes_cut(&c->in, conn_frames(c, c->in.p, c->in.n));
}

static void
conn_read(struct conn *c)
{
	ssize_t n;
	int k;

	for (k = 0; k < 16 && !c->dead; k++) {
		n = recvfrom(c->fd, rxbuf, sizeof(rxbuf), MSG_DONTWAIT, NULL,
		    NULL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			stats.tcp_closed++;
			c->dead = 1;
			return;
		}
		c->last = loop_now();
		conn_feed(c, rxbuf, (size_t)n);
	}
}

/* A connection of ours is made, or not: connect() again says which (0
 * or EISCONN when it is made, else why it was not). */
static int
conn_made(struct conn *c)
{
	if (connect(c->fd, &c->remote.u.sa, addr_len(&c->remote)) != 0 &&
	    errno != EISCONN)
		return -1;
	c->connecting = 0;
	stats.tcp_connected++;
	return 0;
}

/* To close now: marked dead, or, after SIGHUP, with nothing to carry. */
static int
conn_done(const struct conn *c)
{
	return c->dead || (draining && !c->connecting && c->in.n == 0 &&
	    c->out.n == 0);
}

static void
conn_io(int fd, short ev, void *ctx)
{
	struct conn *c = ctx;

	(void)fd;
	if (c->connecting) {
		if (!(ev & (LOOP_OUT | LOOP_ERR)))
			return;
		if (conn_made(c) != 0) {
			conn_fail(c);
			return;
		}
	}
	if ((ev & LOOP_OUT) && conn_flush(c) != 0) {
		stats.tcp_closed++;
		c->dead = 1;
	}
	if (!c->dead && (ev & (LOOP_IN | LOOP_ERR)))
		conn_read(c);
	if (conn_done(c))
		conn_close(c);
}

/* A connection to one of our SIP addresses; refused when the table is
 * full (UDP and the relay go on). */
static void
tcp_accept(int fd, short ev, void *ctx)
{
	const struct sock *s = ctx;
	struct addr src;
	socklen_t sl;
	int k, nfd;

	(void)ev;
	for (k = 0; k < 32; k++) {
		sl = sizeof(src.u);
		nfd = accept4(fd, &src.u.sa, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (nfd < 0)
			return;
		if (conn_new(nfd, &s->a, &src) != NULL)
			stats.tcp_accepted++;
		else {
			close(nfd);
			drop(DROP_TCP_FULL, "refused connection from", &src);
		}
	}
}

/* Idle connections close; ours not made in time fail. */
static uint64_t
net_hook(uint64_t now, void *ctx)
{
	unsigned i;
	struct conn *c;

	(void)ctx;
	if (stats.tcp_active == 0)
		return 0;
	if (now < next_sweep)
		return next_sweep;
	next_sweep = now + SWEEP_MS;
	for (i = 0; i < maxconn; i++) {
		c = &conns[i];
		if (c->fd < 0)
			continue;
		if (c->connecting && now - c->last >= NET_TCP_CONNECT)
			conn_fail(c);	/* no traffic before it is made */
		else if (!c->connecting && now - c->last >= idle_ms) {
			stats.tcp_idle++;
			log_debug("tcp connection with %s idle: closed",
			    addr_str(&c->remote));
			conn_close(c);
		}
	}
	return stats.tcp_active > 0 ? next_sweep : 0;
}

/* A SIP datagram: who sent it, to which of our addresses. */
static void
udp_read(int fd, short ev, void *ctx)
{
	const struct addr *local = &((const struct sock *)ctx)->a;
	struct proxy_out out;
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
			drop(DROP_TRUNC, "dropped datagram from", &src);
			continue;
		}
		if (proxy_input(rxbuf, (size_t)n, &src, local, TP_UDP, &out))
			net_emit(&out);
	}
}

/* One SIP socket, UDP or a TCP listener, in the table as soon as it
 * is open; -1 with errno on failure. */
static int
sip_bind(const struct addr *a, int tcp)
{
	struct sock *s = &sip[nsip];

	if (nsip >= SIP_MAXSOCK) {
		errno = ENFILE;
		return -1;
	}
	s->fd = sock_bind(a, tcp ? SOCK_STREAM : SOCK_DGRAM);
	if (s->fd < 0)
		return -1;
	s->tcp = tcp;
	s->a = *a;
	nsip++;
	if (tcp && listen(s->fd, 128) != 0)
		return -1;
	if (loop_add(s->fd, tcp ? tcp_accept : udp_read, s) != 0) {
		errno = EMFILE;
		return -1;
	}
	return 0;
}

/* Close the SIP sockets past the first n. */
static void
sip_close(unsigned n)
{
	while (nsip > n) {
		nsip--;
		loop_del(sip[nsip].fd);
		close(sip[nsip].fd);
	}
}

/* The SIP sockets of one address, UDP and TCP on the same port; -1 with
 * errno on failure, and then neither. */
int
net_bind(const struct addr *a)
{
	unsigned n = nsip;
	int e;

	if (sip_bind(a, 0) == 0 && sip_bind(a, 1) == 0)
		return 0;
	e = errno;
	sip_close(n);
	errno = e;
	return -1;
}

/* SIGHUP: stop listening for SIP at once (SPEC 5); the connections
 * finish what they carry, then close. */
void
net_close_listeners(void)
{
	unsigned i;

	sip_close(0);
	draining = 1;
	for (i = 0; i < maxconn; i++)
		if (conns[i].fd >= 0 && conn_done(&conns[i]))
			conn_close(&conns[i]);
}

/* Print a message as test mode does (SPEC 6), on descriptor fd. */
void
net_print(int fd, const struct proxy_out *o)
{
	char head[2 * ADDR_STRLEN + 32];
	int n;

	n = snprintf(head, sizeof(head), "--- from %s to %s%s\n",
	    addr_str(&o->from), addr_str(&o->to),
	    o->tp == TP_TCP ? ";transport=tcp" : "");
	log_put(fd, head, (size_t)n);
	log_put(fd, o->p, o->n);
	log_put(fd, "\n", 1);
}

/* From the UDP socket of o->from; with none, the send fails as the
 * system's does from an address not ours (EADDRNOTAVAIL). */
static void
udp_send(const struct proxy_out *o)
{
	unsigned i;

	for (i = 0; i < nsip; i++)
		if (!sip[i].tcp && addr_eq(&sip[i].a, &o->from))
			break;
	if (i == nsip)
		errno = EADDRNOTAVAIL;
	if (i == nsip || sendto(sip[i].fd, o->p, o->n, 0, &o->to.u.sa,
	    addr_len(&o->to)) < 0) {
		stats.drop[DROP_SEND]++;
		/* %m (log.c): errno, which addr_str keeps */
		__extension__ log_limited(DROP_SEND, "send from %s to %s: %m",
		    addr_str(&o->from), addr_str(&o->to));
	}
}

void
net_emit(const struct proxy_out *o)
{
	if (testmode) {
		net_print(STDOUT_FILENO, o);
		return;
	}
	if (o->tp == TP_TCP)
		tcp_send(o);
	else
		udp_send(o);
}
