#!/bin/sh
# demo.sh - a demonstration call between an IPv4 and an IPv6 phone
# through sipproxy64, shown as it happens. Run as root on Debian:
#
#	sh t/demo.sh
#
# Three network namespaces (made here, removed at the end): Alice's IPv4
# desk phone, the sipproxy64 box, and an IPv6 provider with a registrar
# and Bob's IPv6 phone. The phones are sipp; the audio is numbered RTP
# packets from t/tools/rtptool.c. Only documentation addresses are used.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh t/deps.sh demo || exit 1
make -s all tests || exit 1

. "$top/t/net/topo.sh"
A=$NS_V4 P=$NS_PX B=$NS_V6
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	topo_down
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
show() {	# show TITLE FILE FIRST-LINE-REGEX: one message of a sipp log
	printf '\n  \033[4m%s\033[0m\n' "$1"
	awk -v re="$3" '
	    /^----------/ { if (p) exit; next }
	    !p && $0 ~ re { p = 1 }
	    p { sub(/\r$/, ""); if ($0 == "") e++; else { for (; e > 0; e--)
		print ""; print "    " $0 } }' "$tmp/$2"
}

say "1. The world: Alice (IPv4 only), sipproxy64, an IPv6 provider and Bob (IPv6)"
topo_up || exit 1
echo "   Alice's phone     198.51.100.10     IPv4 only; knows nothing of IPv6"
echo "   sipproxy64        198.51.100.1      general IPv4 address"
echo "                     198.51.100.110    Bob, as Alice sees him (stand-in)"
echo "                     2001:db8:6::1     general IPv6 address"
echo "                     2001:db8:6::a10   Alice, as the IPv6 world sees her"
echo "   IPv6 provider     2001:db8:6::5     registrar (the IPv6 uplink)"
echo "   Bob's phone       2001:db8:6::10    IPv6"

say "2. sipproxy64 starts (its log lines begin with 'sipproxy64:')"
args="-v -k $tmp/key -T 5 -l 198.51.100.1 -L 2001:db8:6::1 -U [2001:db8:6::5]:5060 198.51.100.10=2001:db8:6::a10 198.51.100.110=2001:db8:6::10"
echo "   sipproxy64 $args"
# shellcheck disable=SC2086
ip netns exec "$P" "$top/sipproxy64" $args 2> "$tmp/proxy.log" &
proxypid=$!
pids="$pids $proxypid"
tail -f --pid="$proxypid" "$tmp/proxy.log" | sed -u 's/^/   /' &
pids="$pids $!"
sleep 0.5

sipp_bg() {	# sipp_bg NS NAME ARGS...: a sipp phone in the background
	ns=$1 name=$2
	shift 2
	(cd "$tmp" && exec ip netns exec "$ns" timeout 30 sipp -nostdin -m 1 \
	    -timeout 25s -trace_msg -message_file "$tmp/$name.msg" "$@" \
	    > "$tmp/$name.out" 2>&1) &
	pids="$pids $!"
}
sipp_bg "$B" registrar -sf "$top/t/demo/registrar.xml" -i 2001:db8:6::5 -p 5060
regpid=$!
sipp_bg "$B" bob -sf "$top/t/demo/bob.xml" -i 2001:db8:6::10 -p 5060 \
    -mi 2001:db8:6::10
bobpid=$!
sleep 0.5

say "3. Alice registers with her IPv6 provider"
sipp_bg "$A" alice-reg -sf "$top/t/demo/alice-register.xml" 198.51.100.1:5060 \
    -i 198.51.100.10 -p 5060
wait $!
areg=$?
wait "$regpid"
show "the REGISTER as Alice's phone sent it (IPv4):" alice-reg.msg '^REGISTER'
show "the same REGISTER as the IPv6 registrar received it:" registrar.msg '^REGISTER'
show "the registrar's answer as Alice's phone received it:" alice-reg.msg '^SIP/2.0 200'

say "4. Alice calls Bob (she dials 198.51.100.110, Bob's IPv4 stand-in)"
sipp_bg "$A" alice -sf "$top/t/demo/alice-call.xml" 198.51.100.110:5060 \
    -i 198.51.100.10 -p 5060 -mi 198.51.100.10 -key bob 198.51.100.110
alicepid=$!
i=0
while [ $i -lt 50 ] && ! grep -q '^ACK' "$tmp/bob.msg" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
show "the INVITE as Alice's phone sent it:" alice.msg '^INVITE'
show "the INVITE as Bob's IPv6 phone received it:" bob.msg '^INVITE'
show "Bob's answer as Alice's phone received it:" alice.msg '^SIP/2.0 200 OK'

say "5. Audio: 150 RTP packets from Alice, echoed by Bob, through the relay"
relay4=$(awk '/^SIP\/2.0 200/ {p = 1} p && /^m=audio/ {print $2; exit}' "$tmp/alice.msg")
relay6=$(awk '/^INVITE/ {p = 1} p && /^m=audio/ {print $2; exit}' "$tmp/bob.msg")
echo "   Alice sends to 198.51.100.110 port $relay4; Bob's phone hears it from [2001:db8:6::a10] port $relay6"
ip netns exec "$B" "$top/obj/rtptool" recv '[2001:db8:6::10]:16000' 1500 echo > "$tmp/bob.rtp" &
rtpbob=$!
pids="$pids $rtpbob"
sleep 0.2
ip netns exec "$A" "$top/obj/rtptool" send 198.51.100.10:16000 \
    "198.51.100.110:$relay4" 150 20 1000 > "$tmp/alice.rtp"
wait "$rtpbob"
echo "   Alice's phone: $(cat "$tmp/alice.rtp")"
echo "   Bob's phone:   $(cat "$tmp/bob.rtp")"

say "6. Alice hangs up"
wait "$alicepid"
arc=$?
wait "$bobpid"
brc=$?
show "the BYE as Bob's phone received it:" bob.msg '^BYE'
kill -USR1 "$proxypid" 2>/dev/null
sleep 0.3

say "Result"
sent=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' "$tmp/alice.rtp")
back=$(sed -n 's/.*recv=\([0-9]*\).*/\1/p' "$tmp/alice.rtp")
if [ "$areg" -eq 0 ] && [ "$arc" -eq 0 ] && [ "$brc" -eq 0 ] && [ "${sent:-0}" -gt 0 ] &&
    [ "$back" = "$sent" ]; then
	echo "   The call went through: Alice (IPv4) and Bob (IPv6) talked,"
	echo "   $sent packets each way; every address was exchanged on the way."
	exit 0
fi
echo "   Something went wrong (Alice's sipp: $areg and $arc, Bob's sipp: $brc," \
    "packets: ${sent:-0} sent, ${back:-0} came back); see above."
exit 1
