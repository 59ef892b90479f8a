#!/bin/sh
# Interoperation with real software from Debian, in the namespaces of
# t/net/topo.sh: Kamailio on the IPv6 side (2001:db8:6::5, the uplink) as
# registrar and proxy that challenges REGISTER and INVITE with digest
# authentication; sipproxy64 between; baresip phones on both sides. The
# IPv4 phone (198.51.100.10) uses sipproxy64 as its outbound proxy and
# registers once with its registrar named by a domain (example.test,
# Kamailio's alias) and once by address (198.51.100.1, the IPv4 face of
# the uplink: Kamailio sees sip:[2001:db8:6::5], the digest uri= as the
# phone wrote it). Calls each way; each phone plays a tone from a file
# (1000 Hz from IPv4, 700 Hz from IPv6) and records what it hears; the
# recording at the far end must be that tone. Then a dialog is replaced
# (RFC 3891) through the same path, by sipp phones: the callee accepts
# the Replaces only if it names its dialog byte for byte.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
. "$top/t/net/interop.sh"
interop_up
echo "1..29"
px_start $PX_ARGS

kam_start
ok $? "Kamailio listens on [$K]:5060"

# 1. Registrations: the IPv6 phone directly, the IPv4 phone through
# sipproxy64 with its registrar named by a domain.
phone bob "$NS_V6" "$C" 4446 "$tmp/t700.wav" \
    "<sip:bob@example.test>;auth_pass=bob-secret-6;outbound=\"sip:[$K]\";answermode=auto;audio_codecs=pcmu;regint=600"
bob_pid=$ph_pid
wait_for 10 registered bob && at_least 1 count bob '^SIP/2.0 401 '
ok $? "bob (IPv6) registers with Kamailio directly: 401, then 200"
phone alice "$NS_V4" "$A" 4444 "$tmp/t1000.wav" \
    "<sip:alice@example.test>;auth_pass=alice-secret-4;outbound=\"sip:198.51.100.1\";answermode=auto;audio_codecs=pcmu;regint=600" -4
alice_pid=$ph_pid
wait_for 10 registered alice && at_least 1 count alice '^SIP/2.0 401 '
ok $? "alice (IPv4, registrar example.test, outbound proxy sipproxy64) registers: 401, then 200"
wrote=$(trace alice "$A:5060" '^REGISTER ' Authorization | tail -1)
got=$(kam_in REGISTER auth | grep -v '^<null>$' | tail -1)
[ -n "$got" ] && [ "Authorization: $got" = "$wrote" ]
ok $? "... Kamailio received alice's Authorization byte for byte as she wrote it"
[ "$tap_last" -eq 0 ] || { echo "# alice wrote: $wrote"; echo "# Kamailio got: $got"; }
ct=$(sed -n 's/.*REGISTERED alice contact=\[\(.*\)\]$/\1/p' "$tmp/kam.log" | tail -1)
case $ct in
*"@[2001:db8:6::a10]:5060>"*) ok 0 "... her contact at Kamailio is her IPv6 stand-in ($ct)" ;;
*) ok 1 "... her contact at Kamailio is her IPv6 stand-in ($ct)" ;;
esac

# 2. Calls each way through Kamailio (which challenges each INVITE).
call "IPv4 to IPv6" alice "$NS_V4" 4444 sip:bob@example.test bob 1000 700
at_least 1 count alice '^SIP/2.0 407 '
ok $? "... alice's INVITE was challenged (407) and her answer accepted"
wrote=$(trace alice "$A:5060" '^INVITE ' Proxy-Authorization | tail -1)
got=$(kam_in INVITE pauth | grep -v '^<null>$' | tail -1)
[ -n "$got" ] && [ "Proxy-Authorization: $got" = "$wrote" ]
ok $? "... Kamailio received her Proxy-Authorization byte for byte as she wrote it"
[ "$tap_last" -eq 0 ] || { echo "# alice wrote: $wrote"; echo "# Kamailio got: $got"; }
call "IPv6 to IPv4" bob "$NS_V6" 4446 sip:alice@example.test alice 700 1000

# 3. The registrar named by address: alice again, her registrar
# sip:198.51.100.1 (the IPv4 face of the uplink). Kamailio must see the
# Request-URI translated and the credentials as she wrote them: the
# digest response is a hash over her uri=, which no proxy can redo (with
# the old translation, which rewrote uri=, Kamailio answered 401 forever).
phone_stop "$alice_pid"
n0=$(kam_in REGISTER ru | grep -c .)
phone alicelit "$NS_V4" "$A" 4445 "$tmp/t1000.wav" \
    "<sip:alice@198.51.100.1>;auth_pass=alice-secret-4;outbound=\"sip:198.51.100.1\";answermode=auto;audio_codecs=pcmu;regint=600" -4
alice_pid=$ph_pid
wait_for 10 at_least 1 count alicelit '^SIP/2.0 401 '
wait_for 5 registered alicelit
ok $? "alice (registrar sip:198.51.100.1) registers: 401, then 200"
[ "$tap_last" -eq 0 ] || echo "#   $(count alicelit '^SIP/2.0 401 ') times 401"
ru=$(kam_in REGISTER ru | sed -n "$((n0 + 1)),\$p" | sort -u | tr '\n' ' ')
[ "$ru" = "sip:[$K] " ]
ok $? "... Kamailio received her REGISTERs for sip:[$K] ($ru)"
wrote=$(trace alicelit "$A:5060" '^REGISTER ' Authorization | head -1)
got=$(kam_in REGISTER auth | sed -n "$((n0 + 1)),\$p" | grep -v '^<null>$' | head -1)
case $wrote in *'uri="sip:198.51.100.1"'*) w=0 ;; *) w=1 ;; esac
[ $w -eq 0 ] && [ "Authorization: $got" = "$wrote" ]
ok $? "... Kamailio received her Authorization (uri=\"sip:198.51.100.1\") byte for byte as she wrote it"
[ "$tap_last" -eq 0 ] || {
	echo "#   alice wrote uri=$(echo "$wrote" | sed -n 's/.*uri="\([^"]*\)".*/\1/p')," \
	    "Kamailio got uri=$(echo "$got" | sed -n 's/.*uri="\([^"]*\)".*/\1/p')"
	echo "#   (the rest of the header: $(echo "$wrote" | sed 's/uri="[^"]*"//' |
	    { read -r x; echo "$got" | sed 's/uri="[^"]*"//' | { read -r y;
	    [ "Authorization: $y" = "$x" ] && echo same || echo differs; }; }))"
}
call "by address, IPv4 to IPv6" alicelit "$NS_V4" 4445 sip:bob@198.51.100.1 bob 1000 700

# 4. A dialog replaced (RFC 3891, as in an attended transfer or a call
# pickup): sipp phones, because baresip 1.0.0 knows no Replaces. "a2" at
# 198.51.100.11 calls dave (a sipp callee at [2001:db8:6::99] behind
# Kamailio) with a Call-ID that holds its address, as phones write it;
# while that call is up, carol at 198.51.100.10 sends dave an INVITE
# whose Replaces names that dialog. Dave answers 200 only if the Replaces
# is exactly the dialog he has, 481 otherwise.
phone_stop "$alice_pid"
cid="replaces-$$@198.51.100.11"
rep="$cid;to-tag=davetag;from-tag=a2tag"
want=$(echo "$rep" | sed 's/[.]/\\./g')
sipp_bg "$NS_V6" dave -sf "$(scenario uas-replaces dave TAG=davetag "WANT=$want")" \
    -i 2001:db8:6::99 -p 5060 -mi 2001:db8:6::99 -m 2
dave=$!
sleep 0.3
sipp_bg "$NS_V4" a2 -sf "$(scenario uac-auth a2 TO=dave@example.test USER=carol \
    PASS=carol-secret-4 TAG=a2tag "EXTRA=Subject: the call to replace" TALK=5000)" \
    198.51.100.1:5060 -i 198.51.100.11 -p 5060 -mi 198.51.100.11 -cid_str "$cid" \
    -auth_uri sip:dave@example.test
a2=$!
wait_msg dave '^ACK ' 1
ok $? "a2 (IPv4) calls dave (IPv6) through sipproxy64 and Kamailio: dialog $cid is up"
sipp_run "$NS_V4" carol -sf "$(scenario uac-auth carol TO=dave@example.test USER=carol \
    PASS=carol-secret-4 TAG=carol "EXTRA=Replaces: $rep" TALK=500)" \
    198.51.100.1:5060 -i 198.51.100.10 -p 5060 -mi 198.51.100.10 \
    -auth_uri sip:dave@example.test
ok $? "carol's INVITE with Replaces: $rep is accepted (200, not 481)"
[ "$tap_last" -eq 0 ] || {
	echo "#   carol got: $(grep -aE '^SIP/2.0 [0-9]+' "$tmp/carol.msg" | tr -d '\r' | sort | uniq -c | tr '\n' ' ')"
	echo "#   Kamailio got: Replaces: $(kam_in INVITE replaces | grep -v '^<null>$' | tail -1)"
}
kr=$(kam_in INVITE replaces | grep -v '^<null>$' | tail -1)
has dave "^Replaces: $rep\$" && [ "$kr" = "$rep" ]
ok $? "... the Replaces header reached Kamailio and dave byte for byte"
pair_done "$a2" "$dave" "a2/dave" "... the replaced call and the new one both end with a BYE"
