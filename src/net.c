/*
 * net.c - the SIP sockets: a UDP socket on every SIP address; each
 * datagram handed to the proxy, and the out record it makes sent from
 * the socket of its local address (in test mode, printed instead).
 */
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "net.h"
#include "sock.h"
#include "stats.h"

#define SIP_MAXSOCK	4096
#define RXBUF		65536

static struct {
	int		fd;
	struct addr	a;
} sip[SIP_MAXSOCK];
static unsigned nsip;
static int testmode;
static char rxbuf[RXBUF];

int
net_init(int test)
{
	testmode = test;
	return 0;
}

/* Open connections still carrying something (none over UDP). */
unsigned
net_busy(void)
{
	return 0;
}

/* A SIP datagram: who sent it, to which of our addresses. */
static void
udp_read(int fd, short ev, void *ctx)
{
	const struct addr *local = ctx;
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
			stats.drop[DROP_TRUNC]++;
			log_limited(DROP_TRUNC, "dropped datagram from %s: %s",
			    addr_str(&src), drop_name(DROP_TRUNC));
			continue;
		}
		if (proxy_input(rxbuf, (size_t)n, &src, local, TP_UDP, &out))
			net_emit(&out);
	}
}

/* Bind the SIP sockets of one address; -1 with errno on failure. */
int
net_bind(const struct addr *a)
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
	if (loop_add(fd, udp_read, &sip[nsip].a) != 0) {
		close(fd);
		errno = EMFILE;
		return -1;
	}
	nsip++;
	return 0;
}

/* SIGHUP: stop listening for SIP at once (SPEC 5). */
void
net_close_listeners(void)
{
	unsigned i;

	for (i = 0; i < nsip; i++) {
		loop_del(sip[i].fd);
		close(sip[i].fd);
		sip[i].fd = -1;
	}
}

/* Print a message as test mode does (SPEC 6). */
void
net_print(FILE *f, const struct proxy_out *o)
{
	fprintf(f, "--- from %s to %s\n", addr_str(&o->from),
	    addr_str(&o->to));
	fwrite(o->p, 1, o->n, f);
	fprintf(f, "\n");
	fflush(f);
}

static void
udp_send(const struct proxy_out *o)
{
	unsigned i;

	for (i = 0; i < nsip; i++)
		if (sip[i].fd >= 0 && addr_eq(&sip[i].a, &o->from))
			break;
	if (i == nsip) {
		stats.drop[DROP_SEND]++;
		log_limited(DROP_SEND, "no SIP socket on %s",
		    addr_str(&o->from));
		return;
	}
	if (sendto(sip[i].fd, o->p, o->n, 0, &o->to.u.sa,
	    addr_len(&o->to)) < 0) {
		stats.drop[DROP_SEND]++;
		log_limited(DROP_SEND, "send to %s: %s", addr_str(&o->to),
		    strerror(errno));
	}
}

void
net_emit(const struct proxy_out *o)
{
	if (testmode) {
		net_print(stdout, o);
		return;
	}
	udp_send(o);
}
