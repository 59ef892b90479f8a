/*
 * stun.h - the STUN keep-alive of RFC 5626 section 8 on a SIP socket: a
 * binding request (RFC 5389) is answered with the address it came from.
 */
#ifndef STUN_H
#define STUN_H

#include <stddef.h>

#include "addr.h"
#include "stats.h"

#define STUN_COOKIE	0x2112A442u
#define STUN_MAXRESP	52	/* header, XOR-MAPPED-ADDRESS (IPv6), FINGERPRINT */

int	stun_looks(const char *, size_t);
size_t	stun_answer(const char *, size_t, const struct addr *,
	    unsigned char *, size_t, enum drop_reason *);
uint32_t stun_crc32(const unsigned char *, size_t);

#endif
