#!/bin/sh
# A real softphone over TCP (issue 9), in the world of t/70-interop.t:
# Kamailio on the IPv6 side listening on UDP and TCP, baresip phones whose
# accounts say ;transport=tcp, the IPv4 one through sipproxy64 (its
# outbound proxy, sip:198.51.100.1;transport=tcp). Both register over TCP
# (401, then 200), Kamailio sees every request over TCP, and calls each
# way carry the tones both ways.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
. "$top/t/net/interop.sh"
interop_up
px_start $PX_ARGS
echo "1..19"

kam_start tcp
ok $? "Kamailio listens on [$K]:5060, UDP and TCP"

# over_tcp FROM METHOD: every METHOD that Kamailio received from FROM (an
# address) came over TCP, and there was at least one
over_tcp() {
	kam_in "$2" from > "$tmp/ot.from"
	kam_in "$2" proto > "$tmp/ot.proto"
	paste -d' ' "$tmp/ot.from" "$tmp/ot.proto" | grep "^$1:" > "$tmp/ot"
	[ -s "$tmp/ot" ] && ! grep -qv ' tcp$' "$tmp/ot"
}

# 1. Registrations over TCP: the IPv6 phone directly, the IPv4 phone
# through sipproxy64.
phone bob "$NS_V6" "$C" 4446 "$tmp/t700.wav" \
    "<sip:bob@example.test;transport=tcp>;auth_pass=bob-secret-6;outbound=\"sip:[$K];transport=tcp\";answermode=auto;audio_codecs=pcmu;regint=600"
wait_for 10 registered bob && at_least 1 count bob '^SIP/2.0 401 '
ok $? "bob (IPv6, TCP) registers with Kamailio directly: 401, then 200"
# (Kamailio is in his namespace: his connection comes from [$K] itself)
ct=$(sed -n 's/.*REGISTERED bob contact=\[\(.*\)\]$/\1/p' "$tmp/kam.log" | tail -1)
trace bob - '^REGISTER ' >/dev/null && ! grep -aq '^UDP ' "$tmp/bob.log" &&
    case $ct in *transport=tcp*) true ;; *) false ;; esac
ok $? "... over TCP only (his SIP trace; his contact at Kamailio: $ct)"
phone alice "$NS_V4" "$A" 4444 "$tmp/t1000.wav" \
    "<sip:alice@example.test;transport=tcp>;auth_pass=alice-secret-4;outbound=\"sip:198.51.100.1;transport=tcp\";answermode=auto;audio_codecs=pcmu;regint=600" -4
wait_for 10 registered alice && at_least 1 count alice '^SIP/2.0 401 '
ok $? "alice (IPv4, TCP, outbound proxy sipproxy64) registers: 401, then 200"
trace alice - '^REGISTER ' >/dev/null &&
    ! grep -aq '^UDP ' "$tmp/alice.log"
ok $? "... she sent over TCP only (her SIP trace)"
over_tcp 2001:db8:6::a10 REGISTER
ok $? "... Kamailio received her REGISTERs from her stand-in over TCP"
ct=$(sed -n 's/.*REGISTERED alice contact=\[\(.*\)\]$/\1/p' "$tmp/kam.log" | tail -1)
case $ct in
*"@[2001:db8:6::a10]"*transport=tcp*) ok 0 "... her contact at Kamailio: her IPv6 stand-in, TCP ($ct)" ;;
*) ok 1 "... her contact at Kamailio: her IPv6 stand-in, TCP ($ct)" ;;
esac

# 2. Calls each way, audio both ways.
call "TCP, IPv4 to IPv6" alice "$NS_V4" 4444 sip:bob@example.test bob 1000 700
over_tcp 2001:db8:6::a10 INVITE
ok $? "... Kamailio received her INVITEs from her stand-in over TCP"
call "TCP, IPv6 to IPv4" bob "$NS_V6" 4446 sip:alice@example.test alice 700 1000
ip netns exec "$NS_PX" ss -tnH state established > "$tmp/ss"
n4=$(grep -c '198\.51\.100\.1:5060 .*198\.51\.100\.10:' "$tmp/ss")
n6=$(grep -c "\[$K\]:5060" "$tmp/ss")
[ "$n4" -ge 1 ] && [ "$n6" -ge 1 ]
ok $? "sipproxy64 holds TCP connections on both sides ($n4 with alice, $n6 with Kamailio)"
