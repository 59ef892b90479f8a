/*
 * sock.c - a non-blocking socket bound to one of our addresses. IPv6
 * sockets are IPv6 only. The bind is "free" (IP_FREEBIND, IPV6_FREEBIND):
 * it succeeds on an address that is still tentative (duplicate address
 * detection runs for a second or two after `ip addr add`), so a service
 * that adds its stand-ins just before it starts never fails for an
 * address a moment late. The address must still be one of this host's
 * (map.c checks that at start-up, and getifaddrs lists tentative ones);
 * the kernel delivers to it once detection is over.
 */
#include <errno.h>
#include <unistd.h>

#include "sock.h"

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND	78	/* Linux 4.15 */
#endif

/* A socket of type (SOCK_DGRAM, SOCK_STREAM) bound to a: fd, or -1 and
 * errno. */
int
sock_bind(const struct addr *a, int type)
{
	int fd, on = 1, e;

	fd = socket(addr_af(a), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (addr_af(a) == AF_INET6) {
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
		    sizeof(on));
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &on,
		    sizeof(on));
	} else
		(void)setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &on, sizeof(on));
	if (type == SOCK_STREAM)	/* a listener, past TIME_WAIT */
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, &a->u.sa, addr_len(a)) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}
