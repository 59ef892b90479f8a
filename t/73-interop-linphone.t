#!/bin/sh
# Linphone, a common softphone whose SIP and SDP are not baresip's
# (+sip.instance in its Contact and a GRUU once registered, rtcp-fb and
# rtcp-xr, many codecs, ICE when asked), in the world of t/70-interop.t:
# linphonec on the IPv4 side (198.51.100.10) with its default settings,
# its account's SIP server and outbound proxy sipproxy64
# (sip:198.51.100.1), registers with Kamailio (digest, 401 then 200),
# calls the baresip phone bob on the IPv6 side and is called by him; each
# plays a tone from a file (1000 Hz from IPv4, 700 Hz from IPv6) and
# records what it hears, and the recording at the far end must be that
# tone. Then the same call with ICE on (linphone offers candidates;
# SPEC 4: sipproxy64 removes them), and a call through a registrar that
# has no TCP.
#
# Kamailio listens on TCP as well as UDP (its default): linphone's
# INVITE with credentials is about 1300 bytes, larger once translated,
# so sipproxy64 sends it over TCP (RFC 3261 18.1.1).
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
. "$top/t/net/interop.sh"
need_root linphonec
interop_up
echo "1..33"
px_start $PX_ARGS
# a phone's way out (linphone needs one, see lin_phone); nothing is
# forwarded there
ip -n "$NS_V4" route add default via 198.51.100.1

kam_start tcp
ok $? "Kamailio listens on [$K]:5060, UDP and TCP"
BOB="<sip:bob@example.test>;auth_pass=bob-secret-6;outbound=\"sip:[$K]\";answermode=auto;audio_codecs=pcmu;regint=600"

# 1. Registrations: bob (IPv6) directly, alice (linphone, IPv4) through
# sipproxy64.
phone bob "$NS_V6" "$C" 4446 "$tmp/t700.wav" \
    "$BOB"
bob_pid=$ph_pid
wait_for 10 registered bob
ok $? "bob (baresip, IPv6) registers with Kamailio directly"
lin_phone alice "$NS_V4" "$tmp/t1000.wav" sip:alice@example.test \
    "<sip:198.51.100.1>" "<sip:198.51.100.1;lr>" alice-secret-4
alice_pid=$ph_pid
wait_for 15 lin_registered alice && at_least 1 lin_count alice '^SIP/2.0 401 '
ok $? "alice (linphone, IPv4, outbound proxy sipproxy64) registers: 401, then 200"
[ "$tap_last" -eq 0 ] || tail -5 "$tmp/alice.log" | sed 's/^/#   /'
# Kamailio's $hdr() has the header's value without the space before it
wrote=$(lin_trace alice sent '^REGISTER ' Authorization | tail -1 |
    sed 's/^Authorization: *//')
got=$(kam_in REGISTER auth | grep -v '^<null>$' | tail -1)
[ -n "$got" ] && [ "$got" = "$wrote" ]
ok $? "... Kamailio received her Authorization byte for byte as she wrote it"
[ "$tap_last" -eq 0 ] || { echo "# alice wrote: $wrote"; echo "# Kamailio got: $got"; }
ct=$(sed -n 's/.*REGISTERED alice contact=\[\(.*\)\]$/\1/p' "$tmp/kam.log" | tail -1)
inst=$(lin_trace alice sent '^REGISTER ' Contact | tail -1 |
    sed -n 's/.*\(+sip\.instance="[^"]*"\).*/\1/p')
case $ct in
*"@[2001:db8:6::a10]"*"$inst"*) [ -n "$inst" ] ;;
*) false ;;
esac
ok $? "... her contact at Kamailio is her IPv6 stand-in, her +sip.instance kept ($ct)"
got=$(lin_trace alice received '^SIP/2.0 200 ' Contact | grep pub-gruu | tail -1)
case $got in
"Contact: <sip:alice@198.51.100.10;transport=udp>;"*'pub-gruu="sip:alice@example.test;gr='*) true ;;
*) false ;;
esac
ok $? "... the 200 brings her contact back as she wrote it, with her GRUU (RFC 5627)"
[ "$tap_last" -eq 0 ] || echo "#   $got"

# 2. Calls each way through Kamailio (which challenges each INVITE).
lin_call "IPv4 to IPv6" out alice "$NS_V6" 4446 bob 700 1000
at_least 1 lin_count alice '^SIP/2.0 407 '
ok $? "... alice's INVITE was challenged (407) and her answer accepted"
wrote=$(lin_trace alice sent '^INVITE ' Proxy-Authorization | tail -1 |
    sed 's/^Proxy-Authorization: *//')
got=$(kam_in INVITE pauth | grep -v '^<null>$' | tail -1)
[ -n "$got" ] && [ "$got" = "$wrote" ]
ok $? "... Kamailio received her Proxy-Authorization byte for byte as she wrote it"
[ "$tap_last" -eq 0 ] || { echo "# alice wrote: $wrote"; echo "# Kamailio got: $got"; }
lin_call "IPv6 to IPv4" in alice "$NS_V6" 4446 bob 700 1000

# 3. ICE on ("firewall ice", which linphonec takes only with a STUN
# server: sipproxy64's SIP port, which answers binding requests): alice's
# offer has candidates, which must not reach bob (SPEC 4); the call and
# its audio are as without.
lin alice "stun 198.51.100.1:5060"
lin alice "firewall ice"
lin_call "IPv4 to IPv6 with ICE" out alice "$NS_V6" 4446 bob 700 1000
sent=$(lin_trace alice sent '^INVITE ' | grep -c '^a=candidate:')
[ "$sent" -gt 0 ]
ok $? "... alice offered ICE ($sent candidates)"
bs_body bob "[$K]:5060" '^INVITE ' > "$tmp/bob.ice"
bs_body bob "[$K]:5060" '^ACK ' >> "$tmp/bob.ice"
grep -q 'c=IN IP6 2001:db8:6::' "$tmp/bob.ice" &&
    ! grep -qE '^a=(candidate|ice-|remote-candidates)' "$tmp/bob.ice"
ok $? "... the offer bob received has no ICE attribute ($(grep -cE '^a=(candidate|ice-)' "$tmp/bob.ice") left)"
[ "$tap_last" -eq 0 ] || grep -E '^(c=|m=|a=)' "$tmp/bob.ice" | sed 's/^/#   /' | head -20
lin alice "firewall none"

# 4. A registrar that listens on UDP only, as many providers and PBXs
# do (Kamailio restarted with disable_tcp; bob registers again). alice's
# INVITE with credentials, over 1300 bytes translated, goes to TCP, whose
# connection is refused. RFC 3261 18.1.1: an element that sends a request
# over TCP only because of its size SHOULD retry it over UDP when the
# connection is reset; sipproxy64 does, and the call goes through.
kill "$kam_pid"
wait_for 3 none_alive "$kam_pid" || kill -KILL "$kam_pid"
wait "$kam_pid" 2>/dev/null
kam_start
ok $? "Kamailio listens on [$K]:5060, UDP only"
phone_stop "$bob_pid"
phone bob "$NS_V6" "$C" 4446 "$tmp/t700.wav" "$BOB"
bob_pid=$ph_pid
wait_for 10 registered bob
ok $? "bob registers again, with the UDP-only Kamailio"
n513=$(lin_count alice '^SIP/2.0 513 ')
lin_call "IPv4 to IPv6, registrar on UDP only" out alice "$NS_V6" 4446 bob 700 1000
n=$(kam_in INVITE pauth | grep -vc '^<null>$')
[ "$n" -ge 1 ] && [ "$(lin_count alice '^SIP/2.0 513 ')" -eq "$n513" ]
ok $? "... her INVITE with credentials reached Kamailio over UDP, not answered 513"
[ "$tap_last" -eq 0 ] || echo "#   INVITEs with credentials at Kamailio: $n;" \
    "513 answers to alice: $(($(lin_count alice '^SIP/2.0 513 ') - n513))"

lin_stop alice "$alice_pid"
