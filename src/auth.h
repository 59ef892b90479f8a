/*
 * auth.h - everything sipproxy64 writes into a message and later believes
 * when it comes back is authenticated with a keyed hash (SipHash-2-4):
 * an address carried in a parameter, its own Via, its branch, the To tag
 * of its own replies. One secret lives in the key file; each use has its
 * own key derived from it, so that a value computed for one use (a To
 * tag over a chosen Call-ID, say) tells nothing about another (a token).
 */
#ifndef AUTH_H
#define AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "obuf.h"

#define AUTH_KEYLEN	16
#define AUTH_DEFAULT_KEYFILE	"/var/lib/sipproxy64/key"

/* Parameter names, token characters only (RFC 3261 25.1). */
#define AUTH_PARAM	"sp64"		/* a carried address */
#define AUTH_VIAPARAM	"sp64v"		/* own Via: arrival + reply-to,
					 * bound to the Via's branch */
#define AUTH_BRANCH	"z9hG4bKsp64"	/* own branch prefix */

/* What a derived key is for. */
enum auth_use {
	AUTH_USE_ADDR,		/* a carried address (sp64=) */
	AUTH_USE_VIA,		/* own Via (sp64v=) */
	AUTH_USE_BRANCH,	/* own branch */
	AUTH_USE_TAG,		/* To tag of own replies */
	AUTH_USE_HASH,		/* hash tables, never written out */
	AUTH_USES
};

uint64_t	siphash24(const unsigned char key[16], const void *, size_t);

int		auth_load_key(const char *, char *, size_t);
void		auth_set_key(const unsigned char key[AUTH_KEYLEN]);

#define AUTH_MAXCARRY	4	/* addresses in one carried parameter */
#define AUTH_VOUCHED	0x10

struct carried {
	unsigned	slot;		/* its place in the URI or Via */
	int		vouched;	/* the source of its datagram */
	struct addr	a;
};

void		auth_put_carried(struct obuf *, const struct carried *,
		    unsigned);
int		auth_get_carried(struct sl, struct carried *, unsigned *);
void		auth_put_via(struct obuf *, const struct addr *,
		    const struct addr *, struct sl);
int		auth_get_via(struct sl, struct sl, struct addr *,
		    struct addr *);
uint64_t	auth_mac(enum auth_use, const void *, size_t);
uint64_t	auth_hash(const void *, size_t);

#endif
