/*
 * rtptool.c - a test peer for the relay: sends numbered RTP packets and
 * counts what comes back, or counts (and echoes) what arrives. Every run
 * is bounded in packets and time.
 *
 *   rtptool send LOCAL DEST COUNT INTERVAL_MS WAIT_MS [SIZE]
 *   rtptool recv LOCAL WAIT_MS [echo]
 *
 * LOCAL and DEST are IPV4:PORT or [IPV6]:PORT; SIZE is the size of each
 * packet sent (default 172, PCMU at 20 ms; at most 9000). It prints one
 * line:
 *   sent=N recv=M span_ms=T from=ADDR[,ADDR...]
 * (T: from the first packet received to the last; the distinct sources
 * seen, last on the line).
 * recv ends after WAIT_MS without a packet (or 60 s in all).
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

union sa {
	struct sockaddr		sa;
	struct sockaddr_in	in4;
	struct sockaddr_in6	in6;
};

static int
parse(const char *z, union sa *a, socklen_t *len)
{
	char buf[128];
	const char *c;

	memset(a, 0, sizeof(*a));
	if (z[0] == '[') {
		c = strchr(z, ']');
		if (c == NULL || c[1] != ':' || (size_t)(c - z) >= sizeof(buf))
			return -1;
		memcpy(buf, z + 1, (size_t)(c - z - 1));
		buf[c - z - 1] = '\0';
		a->in6.sin6_family = AF_INET6;
		a->in6.sin6_port = htons((uint16_t)atoi(c + 2));
		*len = sizeof(a->in6);
		return inet_pton(AF_INET6, buf, &a->in6.sin6_addr) == 1 ? 0 : -1;
	}
	c = strchr(z, ':');
	if (c == NULL || (size_t)(c - z) >= sizeof(buf))
		return -1;
	memcpy(buf, z, (size_t)(c - z));
	buf[c - z] = '\0';
	a->in4.sin_family = AF_INET;
	a->in4.sin_port = htons((uint16_t)atoi(c + 1));
	*len = sizeof(a->in4);
	return inet_pton(AF_INET, buf, &a->in4.sin_addr) == 1 ? 0 : -1;
}

static void
fmt(const union sa *a, char *buf, size_t n)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->sa.sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &a->in6.sin6_addr, ip, sizeof(ip));
		snprintf(buf, n, "[%s]:%u", ip, ntohs(a->in6.sin6_port));
	} else {
		inet_ntop(AF_INET, &a->in4.sin_addr, ip, sizeof(ip));
		snprintf(buf, n, "%s:%u", ip, ntohs(a->in4.sin_port));
	}
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main(int argc, char **argv)
{
	union sa local, dest, src;
	socklen_t llen, dlen, slen;
	char pkt[9000], from[1024] = "", one[80];
	long count = 0, interval = 0, wait, start, last, next, size = 172;
	long sent = 0, recvd = 0, first = 0, lastpkt = 0;
	int fd, sending, echo = 0, on = 1;
	struct pollfd p;
	ssize_t n;

	if (argc < 4)
		goto usage;
	sending = strcmp(argv[1], "send") == 0;
	if (sending ? argc != 7 && argc != 8 : argc < 4)
		goto usage;
	if (parse(argv[2], &local, &llen) != 0)
		goto usage;
	if (sending) {
		if (parse(argv[3], &dest, &dlen) != 0)
			goto usage;
		count = atol(argv[4]);
		interval = atol(argv[5]);
		wait = atol(argv[6]);
		if (argc == 8)
			size = atol(argv[7]);
	} else {
		wait = atol(argv[3]);
		echo = argc > 4 && strcmp(argv[4], "echo") == 0;
	}
	if (count > 1000000 || wait > 60000 || size < 12 ||
	    size > (long)sizeof(pkt))
		goto usage;
	fd = socket(local.sa.sa_family, SOCK_DGRAM, 0);
	if (local.sa.sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (fd < 0 || bind(fd, &local.sa, llen) != 0) {
		perror("rtptool: bind");
		return 1;
	}
	start = last = next = now_ms();
	memset(pkt, 0, sizeof(pkt));
	p.fd = fd;
	p.events = POLLIN;
	for (;;) {
		long t = now_ms(), to;

		if (t - start > 60000)
			break;
		if (sending && sent < count && t >= next) {
			pkt[0] = (char)0x80;		/* RTP v2 */
			pkt[1] = 0;			/* PCMU */
			pkt[2] = (char)(sent >> 8);
			pkt[3] = (char)sent;
			if (sendto(fd, pkt, (size_t)size, 0, &dest.sa, dlen) ==
			    size)
				sent++;
			next = t + interval;
			last = t;
			continue;
		}
		if (sent >= count && t - last >= wait)
			break;
		to = sending && sent < count ? next - t : wait - (t - last);
		if (to < 0)
			to = 0;
		if (poll(&p, 1, (int)to) <= 0)
			continue;
		slen = sizeof(src);
		n = recvfrom(fd, pkt, sizeof(pkt), 0, &src.sa, &slen);
		if (n <= 0)
			continue;
		recvd++;
		last = now_ms();
		if (first == 0)
			first = last;
		lastpkt = last;
		fmt(&src, one, sizeof(one));
		if (strstr(from, one) == NULL &&
		    strlen(from) + strlen(one) + 2 < sizeof(from)) {
			if (from[0] != '\0')
				strcat(from, ",");
			strcat(from, one);
		}
		if (echo)
			(void)sendto(fd, pkt, (size_t)n, 0, &src.sa, slen);
	}
	printf("sent=%ld recv=%ld span_ms=%ld from=%s\n", sent, recvd,
	    lastpkt - first, from);
	return 0;
usage:
	fprintf(stderr, "usage: rtptool send LOCAL DEST COUNT INTERVAL_MS "
	    "WAIT_MS [SIZE] | rtptool recv LOCAL WAIT_MS [echo]\n");
	return 2;
}
