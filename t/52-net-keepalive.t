#!/bin/sh
# Keep-alives and sipproxy64's own answers, between real sockets in the
# namespaces of t/net/topo.sh: a STUN binding request (RFC 5626 section
# 8) to every SIP socket, the general addresses and the stand-ins of both
# families, is answered from that socket with the sender's own address
# and port in XOR-MAPPED-ADDRESS; a broken one is dropped and counted.
# Then the rate limit: a burst of 1000 requests for nowhere from one
# source gets at most LIMIT_BURST + LIMIT_RATE per second of answers
# (counted at the sender), while another source still gets its answer.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
need_root python3
net_up
echo "1..16"
px_start
client() {
	ns=$1
	shift
	ip netns exec "$ns" timeout 20 python3 "$top/t/net/sipclient.py" "$@"
}

# 1. Every SIP socket answers, with the sender's address.
n=0
for t in "$NS_V4 198.51.100.10:40001 198.51.100.1:5060" \
    "$NS_V4 198.51.100.10:40001 198.51.100.110:5060" \
    "$NS_V6 [2001:db8:6::10]:40002 [2001:db8:6::1]:5060" \
    "$NS_V6 [2001:db8:6::10]:40002 [2001:db8:6::a10]:5060" \
    "$NS_V6 [2001:db8:6::10]:40002 [2001:db8:6::a11]:5060 fp" \
    "$NS_V6 [2001:db8:6::99]:40003 [2001:db8:6::1]:5060 fp"; do
	# shellcheck disable=SC2086
	set -- $t
	r=$(client "$1" stun "$2" "$3" ${4:-})
	[ "$r" = "mapped=$2 from=$3 txid=same" ]
	ok $? "STUN to $3 from $2${4:+ (with FINGERPRINT)}: $r"
	n=$((n + 1))
done
[ "$(counter 'stun answers \([0-9]*\)')" -eq "$n" ]
ok $? "the stun answers counter says $n"

# 2. A broken one (its length field past the datagram) is not answered.
r=$(ip netns exec "$NS_V4" timeout 10 python3 -c '
import socket, struct, os
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.10", 40004)); s.settimeout(1.5)
s.sendto(struct.pack("!HHI", 1, 40, 0x2112A442) + os.urandom(12),
         ("198.51.100.1", 5060))
try:
    s.recv(2048); print("answered")
except socket.timeout:
    print("silent")')
[ "$r" = silent ]
ok $? "a binding request whose length runs past the datagram: no answer ($r)"
[ "$(dropped bad-stun)" -eq 1 ]
ok $? "... dropped and counted as bad-stun"

# 3. The rate limit of our own answers (src/limit.h: burst 32, 8 a second).
burst=32 rate=8
r=$(client "$NS_V6" burst '[2001:db8:6::99]:40010' '[2001:db8:6::1]:5060' \
    1000 'sip:x@[2001:db8:6::77]')
echo "# burst: $r"
sent=$(echo "$r" | sed -n 's/.*sent=\([0-9]*\).*/\1/p')
got=$(echo "$r" | sed -n 's/.*answers=\([0-9]*\).*/\1/p')
ms=$(echo "$r" | sed -n 's/.*send_ms=\([0-9]*\).*/\1/p')
max=$((burst + rate * (ms / 1000 + 1)))
[ "${sent:-0}" -eq 1000 ]
ok $? "1000 requests for nowhere sent from one source (in $ms ms)"
[ "${got:-999}" -le "$max" ]
ok $? "... at most $max answered (burst $burst + $rate/s): $got"
[ "${got:-0}" -ge "$burst" ]
ok $? "... and the burst was answered ($got >= $burst)"
echo "$r" | grep -q 'codes=404:'
ok $? "... the answers are 404"
r=$(client "$NS_V6" once '[2001:db8:6::77]:40011' '[2001:db8:6::1]:5060' \
    'sip:x@[2001:db8:6::77]')
[ "$r" = "status=404 reason=Not_Found" ]
ok $? "another source right after still gets its answer: $r"
rl=$(dropped own-reply-rate-limited)
nr=$(dropped no-route)
[ "$rl" -gt 0 ] && [ "$rl" -eq $((nr - got - 1)) ]
ok $? "every request refused an answer is counted: $rl own-reply-rate-limited of $nr no-route"
kill "$px_pid"
wait "$px_pid"
ok $? "sipproxy64 exits cleanly"
exit $tap_fail
