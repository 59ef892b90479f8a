#!/bin/sh
# The invariant checker (t/golden/check-invariant.pl) on hand-made
# outputs: one that must fail for each rule (a literal of the sender's
# family in each grammar position: Request-URI, URI host in name-addr and
# addr-spec, maddr=, Via sent-by, received=, maddr=, a later via-parm,
# warn-agent, SDP c=, o=, a=rtcp (in any case, after a blank), SDP in
# multipart, an unknown field, a maddr= or URI after a DQUOTE that opens
# no quoted string (mid-word, inside <>), a
# folded line, a compact form, a field name), and one that must pass for
# each kind of text the invariant does not look at (free-text fields,
# quoted strings, comments, non-SIP URIs, opaque fields, non-SDP bodies,
# a URI's user part and escaped headers, messages back to the sender's
# own family). CRLF as on the wire.
set -u
. "$(dirname "$0")/tap.sh"
C=$top/t/golden/check-invariant.pl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# one test point: EXPECT (pass|fail) NAME, the output in $tmp/in (LF, made CRLF)
t() {
	perl -pe 's/\n/\r\n/ unless /^(---|###) /' "$tmp/in" > "$tmp/out"
	printf '\n' >> "$tmp/out"
	perl "$C" "$tmp/out" > "$tmp/res" 2>&1
	rc=$?
	if [ "$1" = pass ]; then
		[ $rc -eq 0 ] && grep -q '^# 1 messages checked, 0 violations' "$tmp/res"
	else
		[ $rc -eq 1 ] && grep -q '^to ' "$tmp/res"
	fi
	ok $? "$1: $2"
	[ "$tap_last" -eq 0 ] || sed 's/^/# /' "$tmp/res"
}

# a request to the IPv6 side, clean; HDR is added before Content-Length
req6() {
	cat <<MSG
--- from [2001:db8:6::a10]:5060 to [2001:db8:6::5]:5060
${1:-OPTIONS sip:x@[2001:db8:6::5] SIP/2.0}
Via: SIP/2.0/UDP [2001:db8:6::a10]:5060;branch=z9hG4bKa
Via: SIP/2.0/UDP [2001:db8:6::a10]:5060;branch=z9hG4bKb;rport=5060;received=2001:db8:6::a10
Max-Forwards: 69
From: <sip:a@[2001:db8:6::a10]>;tag=1
To: <sip:x@[2001:db8:6::5]>
Call-ID: c1@198.51.100.10
CSeq: 1 OPTIONS
MSG
	[ -n "${2:-}" ] && printf '%s\n' "$2"
	printf 'Content-Length: 0\n\n'
}

# with an SDP (or other) body: CTYPE BODY
body6() {
	req6 "" "Content-Type: $1"
	printf '%s\n' "$2"
}

sdp6='v=0
o=- 1 1 IN IP6 2001:db8:6::a10
s=-
c=IN IP6 2001:db8:6::a10
t=0 0
m=audio 4000 RTP/AVP 0
a=rtcp:4001 IN IP6 2001:db8:6::a10'

echo "1..53"
req6 > "$tmp/in"; t pass "a clean request to IPv6"
req6 "OPTIONS sip:x@198.51.100.1 SIP/2.0" > "$tmp/in"; t fail "Request-URI host"
req6 "OPTIONS sips:x@198.51.100.1:5061 SIP/2.0" > "$tmp/in"; t fail "sips: Request-URI host with port"
req6 "" "Contact: \"x\" <sip:a@198.51.100.10:5060>;expires=60" > "$tmp/in"; t fail "name-addr URI host"
req6 "" "Contact: sip:a@198.51.100.10" > "$tmp/in"; t fail "addr-spec URI host"
req6 "" "Route: <sip:[2001:db8:6::5];lr;maddr=198.51.100.1>" > "$tmp/in"; t fail "URI maddr="
req6 "" "Record-Route: <sip:[2001:db8:6::5];lr>, <sip:198.51.100.1;lr>" > "$tmp/in"; t fail "second URI of a list"
req6 "" "X-Anything: <sips:198.51.100.1>" > "$tmp/in"; t fail "URI in a field nobody knows"
req6 "" "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKc" > "$tmp/in"; t fail "Via sent-by"
req6 "" "Via: SIP/2.0/UDP [2001:db8:6::a10];received=198.51.100.10" > "$tmp/in"; t fail "Via received="
req6 "" "Via: SIP/2.0/UDP [2001:db8:6::a10];maddr=198.51.100.1;ttl=1" > "$tmp/in"; t fail "Via maddr="
req6 "" "Via: SIP/2.0/UDP [2001:db8:6::a10], SIP/2.0/UDP 198.51.100.10" > "$tmp/in"; t fail "Via: the second via-parm"
req6 "" "v: SIP/2.0/UDP 198.51.100.10;rport" > "$tmp/in"; t fail "compact Via (v:)"
req6 "" "Warning: 399 198.51.100.10 \"x\"" > "$tmp/in"; t fail "Warning warn-agent"
req6 "" "Warning: 399 [2001:db8:6::a10] \"x\", 399 198.51.100.10:5060 \"y\"" > "$tmp/in"; t fail "Warning: the second warn-agent"
req6 "" "Contact: <sip:a@[2001:db8:6::a10]>,
 <sip:b@198.51.100.10>" > "$tmp/in"; t fail "a URI on a folded line"
req6 "" "198.51.100.10: x" > "$tmp/in"; t fail "field name that is an IPv4 literal"
req6 "" "Contact: <sip:a@[2001:db8:6::a10];x=a\"b;maddr=198.51.100.1\">" > "$tmp/in"; t fail "URI maddr= after a mid-word DQUOTE"
req6 "" "Via: SIP/2.0/UDP [2001:db8:6::a10];x=a\"b;maddr=198.51.100.1\"" > "$tmp/in"; t fail "Via maddr= after a mid-word DQUOTE"
req6 "" "X-Foo: <sip:[2001:db8:6::5]>;x=a\"b, <sip:c@198.51.100.10>\"" > "$tmp/in"; t fail "a URI after a mid-word DQUOTE"
req6 "" "Contact: \"Bob\"<sip:a@[2001:db8:6::a10]>;x=\"sip:b@198.51.100.1\",\"C\" <sip:c@[2001:db8:6::a10]>" > "$tmp/in"; t pass "quoted strings where a word starts (the value's start, after = and ,)"
body6 application/sdp "$sdp6" > "$tmp/in"; t pass "a clean SDP"
body6 application/sdp "$(echo "$sdp6" | sed 's/^c=.*/c=IN IP4 198.51.100.10/')" > "$tmp/in"; t fail "SDP c="
body6 application/sdp "$(echo "$sdp6" | sed 's/^c=.*/c=IN IP6 0.0.0.0/')" > "$tmp/in"; t fail "SDP c= hold left IPv4 (0.0.0.0)"
body6 application/sdp "$(echo "$sdp6" | sed 's/^o=.*/o=- 1 1 IN IP4 198.51.100.10/')" > "$tmp/in"; t fail "SDP o="
body6 application/sdp "$(echo "$sdp6" | sed 's/^a=rtcp:.*/a=rtcp:9 IN IP4 0.0.0.0/')" > "$tmp/in"; t fail "SDP a=rtcp"
body6 application/sdp "$(echo "$sdp6" | sed 's/^c=.*/C=IN IP4 198.51.100.10/')" > "$tmp/in"; t fail "SDP C= (upper case, as a lenient receiver reads it)"
body6 application/sdp "$(echo "$sdp6" | sed 's/^o=.*/ o=- 1 1 IN IP4 198.51.100.10/')" > "$tmp/in"; t fail "SDP o= after a blank"
body6 application/sdp "$(echo "$sdp6" | sed 's/^a=rtcp:.*/A=RTCP:9 IN IP4 0.0.0.0/')" > "$tmp/in"; t fail "SDP A=RTCP"
body6 "multipart/mixed;boundary=b1" "--b1
Content-Type: text/plain

198.51.100.10
--b1
Content-Type: application/sdp

$(echo "$sdp6" | sed 's/^c=.*/c=IN IP4 198.51.100.10/')
--b1--" > "$tmp/in"; t fail "SDP inside multipart/mixed"
body6 "multipart/mixed;boundary=\"b1\"" "--b1
Content-Type: text/plain

c=IN IP4 198.51.100.10
--b1
Content-Type: application/sdp

$sdp6
--b1--" > "$tmp/in"; t pass "multipart: a text part that looks like SDP, and a clean SDP part"
body6 text/plain "call 198.51.100.10 or sip:a@198.51.100.10
c=IN IP4 198.51.100.10" > "$tmp/in"; t pass "text/plain body with literals"
body6 application/dialog-info+xml '<dialog id="1" call-id="x@198.51.100.10"><target uri="sip:a@198.51.100.10"/></dialog>' > "$tmp/in"; t pass "dialog-info body (not SDP)"
body6 application/sdp "$sdp6
a=candidate:1 1 UDP 2130706431 198.51.100.10 4000 typ host" > "$tmp/in"; t pass "SDP lines other than c=, o=, a=rtcp"
req6 "" "User-Agent: Yealink SIP-T46S 66.86.0.15 sip:a@198.51.100.1" > "$tmp/in"; t pass "User-Agent"
req6 "" "Server: kamailio (5.6.4 (x86_64/linux)) 198.51.100.1" > "$tmp/in"; t pass "Server"
req6 "" "Subject: from 198.51.100.10 sip:a@198.51.100.10" > "$tmp/in"; t pass "Subject"
req6 "" "Organization: lab 198.51.100.0/24" > "$tmp/in"; t pass "Organization"
req6 "" "From: \"198.51.100.10 sip:a@198.51.100.10\" <sip:a@[2001:db8:6::a10]>;tag=2" > "$tmp/in"; t pass "display name"
req6 "" "Reason: Q.850;cause=16;text=\"sip:a@198.51.100.10 198.51.100.10\"" > "$tmp/in"; t pass "quoted Reason text"
req6 "" "X-Note: x (sip:a@198.51.100.10) y" > "$tmp/in"; t pass "comment"
req6 "" "Alert-Info: <http://198.51.100.10:8080/ring.wav>, <mailto:a@198.51.100.10>" > "$tmp/in"; t pass "http: and mailto: URIs"
req6 "" "Replaces: c0@198.51.100.10;to-tag=1;from-tag=2" > "$tmp/in"; t pass "Replaces"
req6 "" "Target-Dialog: c0@198.51.100.10;local-tag=1;remote-tag=2" > "$tmp/in"; t pass "Target-Dialog"
req6 "" "Join: c0@198.51.100.10;to-tag=1;from-tag=2" > "$tmp/in"; t pass "Join"
req6 "" "In-Reply-To: c0@198.51.100.10, c1@198.51.100.11" > "$tmp/in"; t pass "In-Reply-To"
req6 "" "Authorization: Digest username=\"a\", realm=\"198.51.100.1\", uri=\"sip:198.51.100.1\", response=\"0\"" > "$tmp/in"; t pass "Authorization"
req6 "" "Proxy-Authorization: Digest uri=\"sip:x@198.51.100.1\"" > "$tmp/in"; t pass "Proxy-Authorization"
req6 "" "WWW-Authenticate: Digest realm=\"198.51.100.1\", domain=\"sip:198.51.100.1\"" > "$tmp/in"; t pass "WWW-Authenticate"
req6 "" "Refer-To: <sip:b@[2001:db8:6::5]?Replaces=c0%40198.51.100.10%3Bto-tag%3D1>" > "$tmp/in"; t pass "escaped URI headers (?Replaces=)"
req6 "" "P-Asserted-Identity: <sip:198.51.100.10@[2001:db8:6::5];user=phone>" > "$tmp/in"; t pass "a URI's user part"
# the other direction: IPv6 literals toward IPv4
{ printf '%s\n' '--- from 198.51.100.1:5060 to 198.51.100.10:5060' \
    'OPTIONS sip:x@198.51.100.10 SIP/2.0' \
    'Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKa' \
    'From: "2001:db8:6::5" <sip:a@198.51.100.1>;tag=1' \
    'To: <sip:x@198.51.100.10>' 'Call-ID: c@2001:db8:6::5' 'CSeq: 1 OPTIONS' \
    'Contact: <sip:a@[2001:db8:6::5]:5060>' 'Content-Length: 0' ''; } > "$tmp/in"
    t fail "to IPv4: a bracketed IPv6 URI host"
{ printf '%s\n' '--- from 198.51.100.1:5060 to 198.51.100.10:5060' \
    'OPTIONS sip:x@198.51.100.10 SIP/2.0' \
    'Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKa' \
    '2001:db8:6::5: x' 'Content-Length: 0' ''; } > "$tmp/in"
    t fail "to IPv4: a field name that is an IPv6 literal"
exit $tap_fail
