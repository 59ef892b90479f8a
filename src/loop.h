/*
 * loop.h - the reactor: one epoll set over descriptors that modules add
 * with a handler, deadline hooks that modules register, signals turned
 * into flags, one monotonic clock in milliseconds read once per
 * iteration. It knows no client: the policy (what a signal means, when
 * to exit) belongs to whoever registers the hooks.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdint.h>

#define LOOP_IN		0x001	/* = EPOLLIN */
#define LOOP_OUT	0x004	/* = EPOLLOUT */
#define LOOP_ERR	0x018	/* = EPOLLERR | EPOLLHUP */

/* A descriptor is ready: (fd, events, ctx). */
typedef void (*loop_fn)(int, short, void *);
/* Called at every iteration with the time; returns the next deadline
 * (loop_now() milliseconds) at which it wants to be called, 0 if none. */
typedef uint64_t (*loop_hook)(uint64_t, void *);

int		loop_init(unsigned);
int		loop_add(int, loop_fn, void *);
int		loop_want_out(int, int);
void		loop_del(int);
int		loop_hook_add(loop_hook, void *);
int		loop_signal(int);
int		loop_caught(int);
void		loop_exit(int);
int		loop_run(void);
uint64_t	loop_now(void);

#endif
