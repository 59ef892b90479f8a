/*
 * stun.c - answering STUN binding requests on the SIP ports (RFC 5626
 * section 8, RFC 5389). A datagram is STUN when its first two bits are
 * zero (no SIP message starts so) and it carries the magic cookie; it is
 * then read as a STUN message or not at all: the header, the length
 * (a multiple of 4 that ends exactly at the end of the datagram) and every
 * attribute (type, length, padding) are checked against the bytes that
 * arrived before anything is read from them.
 *
 * Answered: a binding request (method 0x001, class request) whose
 * attributes are all comprehension-optional (0x8000-0xFFFF, RFC 5389
 * 15), with a correct FINGERPRINT, if any, as the last one. The answer
 * is a binding success response with the same transaction ID and an
 * XOR-MAPPED-ADDRESS of the source (IPv4 or IPv6), and a FINGERPRINT when
 * the request had one. A binding indication is a keep-alive that needs
 * no answer. Everything else (another method or class, a
 * comprehension-required attribute such as MESSAGE-INTEGRITY, which we
 * have no credentials to check) is dropped: no 420 error response, which
 * would only be one more answer to strangers.
 */
#include <string.h>

#include "stun.h"

#define HDR		20
#define T_BINDING_REQ	0x0001
#define T_BINDING_IND	0x0011
#define T_BINDING_OK	0x0101
#define A_XOR_MAPPED	0x0020
#define A_FINGERPRINT	0x8028
#define FP_XOR		0x5354554eu	/* "STUN", RFC 5389 15.5 */

static unsigned
get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* CRC-32 of ISO 3309 / ITU-T V.42, bit by bit: STUN messages are short. */
uint32_t
stun_crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

/* The first two bits zero and the magic cookie in place (RFC 5389 6). */
int
stun_looks(const char *buf, size_t n)
{
	const unsigned char *p = (const unsigned char *)buf;

	return n >= 8 && (p[0] & 0xc0) == 0 && get32(p + 4) == STUN_COOKIE;
}

/*
 * The attributes, from offset HDR to n (n - HDR a multiple of 4).
 * Returns DROP_NONE and *fp (a FINGERPRINT was there and is right), or
 * why the message is dropped.
 */
static enum drop_reason
check_attrs(const unsigned char *p, size_t n, int *fp)
{
	size_t off = HDR, alen, room;
	unsigned t;

	*fp = 0;
	while (off < n) {
		if (n - off < 4)
			return DROP_STUN;
		t = get16(p + off);
		alen = get16(p + off + 2);
		room = (alen + 3) & ~(size_t)3;
		if (n - off - 4 < room)
			return DROP_STUN;
		if (t == A_FINGERPRINT) {
			/* RFC 5389 15.5: the last attribute, over all before */
			if (alen != 4 || off + 8 != n ||
			    get32(p + off + 4) !=
			    (stun_crc32(p, off) ^ FP_XOR))
				return DROP_STUN;
			*fp = 1;
		} else if (t < 0x8000)
			return DROP_STUN_UNHANDLED;	/* comprehension-required */
		off += 4 + room;
	}
	return DROP_NONE;
}

/* XOR-MAPPED-ADDRESS of src (RFC 5389 15.2) at q, x being the magic
 * cookie and the transaction ID; returns its size. */
static size_t
put_mapped(unsigned char *q, const unsigned char *x, const struct addr *src)
{
	const unsigned char *ip = addr_ipbytes(src);
	size_t iplen = addr_iplen(src), i;

	put16(q, A_XOR_MAPPED);
	put16(q + 2, (unsigned)(4 + iplen));
	q[4] = 0;
	q[5] = iplen == 4 ? 0x01 : 0x02;
	put16(q + 6, addr_port(src) ^ (STUN_COOKIE >> 16));
	for (i = 0; i < iplen; i++)
		q[8 + i] = ip[i] ^ x[i];
	return 8 + iplen;
}

/*
 * A STUN-looking datagram (stun_looks): the answer's length, written to
 * out (at least STUN_MAXRESP bytes), or 0 with *why: DROP_NONE for a
 * keep-alive that needs no answer, or the reason it is dropped.
 */
size_t
stun_answer(const char *buf, size_t n, const struct addr *src,
    unsigned char *out, size_t cap, enum drop_reason *why)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t len;
	int fp;

	*why = DROP_STUN;
	if (n < HDR || !stun_looks(buf, n) || get16(p + 2) != n - HDR ||
	    (n & 3) != 0)
		return 0;
	*why = check_attrs(p, n, &fp);
	if (*why != DROP_NONE)
		return 0;
	if (get16(p) == T_BINDING_IND)
		return 0;		/* RFC 5389 10: a keep-alive */
	if (get16(p) != T_BINDING_REQ) {
		*why = DROP_STUN_UNHANDLED;
		return 0;
	}
	if (cap < STUN_MAXRESP) {
		*why = DROP_TOO_BIG;
		return 0;
	}
	put16(out, T_BINDING_OK);
	memcpy(out + 4, p + 4, 16);		/* cookie, transaction ID */
	len = HDR + put_mapped(out + HDR, p + 4, src);
	if (fp) {
		put16(out + 2, (unsigned)(len + 8 - HDR));
		put16(out + len, A_FINGERPRINT);
		put16(out + len + 2, 4);
		put32(out + len + 4, stun_crc32(out, len) ^ FP_XOR);
		len += 8;
	} else
		put16(out + 2, (unsigned)(len - HDR));
	return len;
}
