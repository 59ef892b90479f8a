/*
 * inv.c - the family invariant (SPEC 3), checked on every message before
 * it leaves, and by the tests and the fuzz targets: defined on the same
 * grammar as the translation (find.c, sdp.c), so that what is text for
 * the one is text for the other.
 */
#include "find.h"
#include "inv.h"
#include "sdp.h"
#include "sip.h"
#include "xlate.h"

static struct sip_msg chk;

/* A field name that is an address literal of family af. */
static int
name_is_literal(struct sl name, int af)
{
	struct hostpos hp;

	return find_host_literal(name, &hp) && addr_af(&hp.a) == af;
}

/*
 * The family invariant (SPEC 3) on what is about to leave, on the same
 * grammar as the translation: no host of the sender's family in a host
 * position of the Request-URI, of a field that SIP's grammar reads, or
 * of an SDP body; no field named by such a literal. The opaque fields
 * (and, in wrapper mode, Contact) are its exceptions. A safety net:
 * translate() is built to make it true. 1 when it holds.
 */
int
inv_holds(const char *p, size_t n, int from, int wrapper)
{
	struct sl ctype = sl_make(NULL, 0);
	size_t i;

	if (sip_parse(p, n, &chk) != DROP_NONE)
		return 0;
	if (chk.is_req && xlate_has_family(chk.ruri.p, chk.ruri.n, XF_RURI,
	    from))
		return 0;
	for (i = 0; i < chk.nhdr; i++) {
		const struct sip_hdr *h = &chk.hdr[i];

		if (name_is_literal(h->name, from))
			return 0;
		if (h->cls != HC_GRAMMAR || (wrapper && h->id == H_CONTACT))
			continue;
		if (xlate_has_family(h->value.p, h->value.n, 0, from))
			return 0;
	}
	if (chk.ctype >= 0)
		ctype = chk.hdr[chk.ctype].value;
	return !body_has_family(p, ctype, chk.body_off, chk.body_len, from);
}

