/*
 * loop.h - the one event loop (epoll) over the self-pipe, the SIP sockets
 * and the relay sockets; one monotonic clock in milliseconds, read once
 * per iteration; timeouts derived from the relay deadlines.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdint.h>

#include "addr.h"

typedef void (*loop_fn)(int, short, void *);

int		loop_init(unsigned);
int		loop_add(int, loop_fn, void *);
void		loop_del(int);
int		loop_sip_bind(const struct addr *);
void		loop_sip_close(void);
int		loop_run(void);
uint64_t	loop_now(void);
void		loop_set_testmode(int);
unsigned	loop_capacity(void);

#endif
