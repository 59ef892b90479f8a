/*
 * sock.h - one way to bind a local socket, shared by the SIP sockets and
 * the relay's.
 */
#ifndef SOCK_H
#define SOCK_H

#include "addr.h"

int	sock_bind(const struct addr *, int);

#endif
