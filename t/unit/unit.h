/*
 * unit.h - what the unit test groups share: the groups, the fake set of
 * local addresses, and a few helpers (defined in main.c).
 */
#ifndef UNIT_H
#define UNIT_H

#include <stddef.h>

#include "addr.h"
#include "sl.h"
#include "tap.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The test world (documentation prefixes, RFC 5737 and RFC 3849):
 *   -l 192.0.2.1            -L [2001:db8::1]          (local, general)
 *   198.51.100.10=[2001:db8::10]    v4 phone, local v6 stand-in
 *   192.0.2.20=[2001:db8:1::20]     local v4 stand-in, v6 phone
 * fake_islocal() says which addresses are "of this host".
 */
int		 fake_islocal(const struct addr *);

/* map_build of the test world; with_uplink adds -U [2001:db8:2::1].
 * Returns map_build's result (a failing test point if not 0). */
struct map;
int		 build_world(struct map *, int);

/* A NUL-terminated copy of a slice (rotating static buffers). */
const char	*cstr(struct sl);
/* A heap copy of exactly n bytes, without a terminator: ASan catches a
 * read past the end. */
char		*heap_copy(const char *, size_t);
/* A heap copy of an LF-separated text with every LF made CRLF, of
 * exactly the resulting length (*n), without a terminator. */
char		*crlf(const char *, size_t *);
/* Parse an address argument, fatal (a failing test point) if bad. */
struct addr	 A(const char *);
/* The ;sp64= value for one address (port 0 when none is given) in
 * slot 0, vouched or not, as sipproxy64 writes it. */
const char	*carried(const char *, int);

void	test_sl(void);
void	test_addr(void);
void	test_sip(void);
void	test_find(void);
void	test_xlate(void);
void	test_carry(void);
void	test_auth(void);
void	test_map(void);
void	test_sdp(void);
void	test_proxy(void);
void	test_stun(void);
void	test_acl(void);

#endif
