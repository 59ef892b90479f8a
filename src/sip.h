/*
 * sip.h - the SIP tokenizer. It splits one datagram into a start line,
 * header fields and a body, as slices of the datagram; nothing is copied
 * and nothing is written into the datagram. It knows by name only the
 * header fields that the proxy acts on; every other one is just a name
 * and a value, which is enough for the generic address translation.
 */
#ifndef SIP_H
#define SIP_H

#include "sl.h"
#include "stats.h"

#define SIP_MAXHDR	260	/* 256 from the wire, and what we add */

enum hdr_id {
	H_OTHER,
	H_VIA,
	H_CALLID,
	H_CLEN,
	H_CTYPE,
	H_MAXFWD,
	H_ROUTE,
	H_CSEQ,
	H_FROM,
	H_TO,
	H_CONTACT,
	H_DATE,
	H_WARNING
};

enum hdr_class {
	HC_GRAMMAR,	/* addresses where SIP's grammar puts a host */
	HC_OPAQUE,	/* never changed: Call-ID, Replaces, digests, ... */
	HC_TEXT		/* free text: User-Agent, Server, Subject, ... */
};

struct sip_hdr {
	enum hdr_id	id;
	enum hdr_class	cls;
	struct sl	name;
	struct sl	value;	/* after the colon, trimmed; may hold folds */
	size_t		off;	/* the whole field: first byte ... */
	size_t		len;	/* ... through its line end */
};

struct sip_msg {
	const char	*buf;
	size_t		 len;		/* the datagram */
	int		 is_req;
	struct sl	 method;
	struct sl	 ruri;
	unsigned	 code;
	size_t		 start_len;	/* start line with its line end */
	size_t		 nhdr;		/* hdr[] read from this message; a
					 * line that is no field has a
					 * nameless, opaque slot */
	size_t		 hdr_end;	/* offset of the empty line (or end) */
	size_t		 body_off;
	size_t		 body_len;	/* after Content-Length */
	int		 has_empty_line;
	int		 bad_line;	/* a header line that is no field
					 * (left out): DROP_HEADER */
	/* the indices below are set once every line is read: after a
	 * refused start line or one field too many, they are 0 (not -1),
	 * and so is can_answer */
	int		 clen;		/* index of Content-Length, or -1 */
	int		 via;		/* index of the first Via, or -1 */
	int		 maxfwd;	/* index of Max-Forwards, or -1 */
	int		 callid, cseq, from, to, ctype, route;
	int		 can_answer;	/* Via, From, To, Call-ID, CSeq read:
					 * an error can be answered */
	struct sl	 cseq_method;
	uint32_t	 cseq_num;
	struct sip_hdr	 hdr[SIP_MAXHDR];	/* last: not cleared */
};

enum sip_frame {
	SIP_FRAME_BAD = -1,	/* cannot be framed: close the stream */
	SIP_FRAME_MORE,		/* not whole yet */
	SIP_FRAME_MSG,		/* a message of *len bytes */
	SIP_FRAME_PING,		/* CRLFCRLF (RFC 5626 4.4.1) */
	SIP_FRAME_SKIP		/* *len line-end bytes before a message */
};

enum drop_reason sip_parse(const char *, size_t, struct sip_msg *);
int		 sip_is_keepalive(const char *, size_t);
struct sl	 sip_first_value(struct sl, struct sl *);
struct sl	 sip_param(struct sl, const char *, int *);
struct sl	 sip_uri_of(struct sl);
enum sip_frame	 sip_frame(const char *, size_t, size_t, size_t *);

#endif
