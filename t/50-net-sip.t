#!/bin/sh
# SIP through sipproxy64 between real peers (sipp) in three network
# namespaces (t/net/topo.sh): an IPv4 phone registers with an IPv6
# registrar; calls both ways through stand-ins; a caller in no table
# reaches an IPv4 phone, whose BYE finds the way back; a CANCEL; and
# the refusals: Max-Forwards 0, a request for an address nobody
# configured, an address literal of either family. On every message that
# crosses, the phones check that no address of the other family arrives.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
echo "1..18"
px_start

# 1. REGISTER through the general address to the IPv6 uplink.
reg=$(scenario uas-request reg FOREIGN="$RE_V4" METHOD=REGISTER)
sed -i 's/404 Not Found/200 OK/' "$reg"
sed -i 's/\[last_To:\];tag=\[pid\]u/[last_To:];tag=[pid]u\n      [last_Contact:]/' "$reg"
sipp_bg "$NS_V6" registrar -sf "$reg" -i 2001:db8:6::5 -p 5060
r=$!
sleep 0.3
sipp_run "$NS_V4" register -sf "$top/t/demo/alice-register.xml" \
    198.51.100.1:5060 -i 198.51.100.10 -p 5060
rc=$?
ok $rc "REGISTER from IPv4 through the general address: 200 comes back"
[ $rc -eq 0 ] || diag_sipp register
wait $r
ok $? "the IPv6 registrar gets it with no IPv4 address in it"
grep -q '^Contact: <sip:alice@\[2001:db8:6::a10\]:5060>' "$tmp/registrar.msg"
ok $? "the Contact arrives as the phone's stand-in [2001:db8:6::a10]"

# 2. A call from IPv4 to IPv6 through the IPv6 phone's stand-in.
call() {	# call NAME CALLER-NS CALLER CALLEE-NS CALLEE DIAL
	sipp_bg "$4" "$1-uas" -sf "$(scenario uas-call "$1" FOREIGN="$7")" -i "$5" \
	    -p 5060 -mi "$5"
	u=$!
	sleep 0.3
	sipp_run "$2" "$1-uac" -sf "$(scenario uac-call "$1" FOREIGN="$8")" \
	    "$6:5060" -i "$3" -p 5060 -mi "$3" -key to "$6"
	rc=$?
	ok $rc "$1: the caller completes INVITE/200/ACK/BYE/200, nothing foreign"
	[ $rc -eq 0 ] || diag_sipp "$1-uac"
	wait $u
	rc=$?
	ok $rc "$1: the callee gets INVITE, ACK and BYE, nothing foreign"
	[ $rc -eq 0 ] || diag_sipp "$1-uas"
}
call "IPv4 to IPv6" "$NS_V4" 198.51.100.10 "$NS_V6" 2001:db8:6::10 \
    198.51.100.110 "$RE_V4" "$RE_V6"
call "IPv6 to IPv4" "$NS_V6" 2001:db8:6::10 "$NS_V4" 198.51.100.10 \
    '[2001:db8:6::a10]' "$RE_V6" "$RE_V4"

# 3. A caller in no table; the callee hangs up.
sipp_bg "$NS_V4" hangup-uas -sf "$(scenario uas-hangup x FOREIGN="$RE_V6")" \
    -i 198.51.100.10 -p 5060
u=$!
sleep 0.3
sipp_run "$NS_V6" hungup-uac -sf "$(scenario uac-hungup x FOREIGN="$RE_V4")" \
    '[2001:db8:6::a10]:5060' -i 2001:db8:6::99 -p 5060 \
    -key to '[2001:db8:6::a10]'
rc=$?
ok $rc "a caller in no table (2001:db8:6::99) gets the callee's BYE"
[ $rc -eq 0 ] || diag_sipp hungup-uac
wait $u
rc=$?
ok $rc "the IPv4 callee's BYE to the Contact it saw is answered 200"
[ $rc -eq 0 ] || diag_sipp hangup-uas
grep -q '^Contact: <sip:caller@198.51.100.1:5060;sp64=[0-9a-f]*>' "$tmp/hangup-uas.msg"
ok $? "that Contact was the general address with the carried parameter"

# 4. CANCEL of a ringing call.
sipp_bg "$NS_V6" cancel-uas -sf "$top/t/net/sipp/uas-cancel.xml" \
    -i 2001:db8:6::10 -p 5060
u=$!
sleep 0.3
sipp_run "$NS_V4" cancel-uac -sf "$top/t/net/sipp/uac-cancel.xml" \
    198.51.100.110:5060 -i 198.51.100.10 -p 5060 -key to 198.51.100.110
rc=$?
ok $rc "CANCEL while ringing: 200 for the CANCEL, 487 for the INVITE"
[ $rc -eq 0 ] || diag_sipp cancel-uac
wait $u
ok $? "the callee sees INVITE, CANCEL and the ACK of the 487"

# 5. Refusals. Each time a listener that would see a datagram counts.
request() {	# request NAME NS SRC DEST METHOD RURI MF CODE
	sipp_run "$2" "$1" -sf "$(scenario uac-request "$1" METHOD="$5" \
	    CODE="$8")" "$4" -i "$3" -p 5060 -key ruri "$6" -key mf "$7"
}
listen "$NS_V6" '[2001:db8:6::10]:5060' 2
l=$!
request mf0 "$NS_V4" 198.51.100.10 198.51.100.110:5060 OPTIONS \
    sip:x@198.51.100.110 0 483
rc=$?
ok $rc "Max-Forwards 0 is answered 483 by sipproxy64"
[ $rc -eq 0 ] || diag_sipp mf0
wait $l
ok "$(received '[2001:db8:6::10]:5060')" "... and nothing reaches the IPv6 phone"

listen "$NS_V6" '[2001:db8:6::77]:5060' 2
l=$!
listen "$NS_V4" '198.51.100.11:5060' 2
l4=$!
request none6 "$NS_V6" 2001:db8:6::99 '[2001:db8:6::1]:5060' INVITE \
    'sip:x@[2001:db8:6::77]' 70 404
rc=$?
ok $rc "IPv6 request for an unknown literal, no IPv4 uplink: 404"
[ $rc -eq 0 ] || diag_sipp none6
wait $l $l4
ok "$(( $(received '[2001:db8:6::77]:5060') + $(received '198.51.100.11:5060') ))" \
    "... and nothing reaches 2001:db8:6::77 or the IPv4 side"

up=$(scenario uas-request up FOREIGN="$RE_V4" METHOD=INVITE)
for lit in 203.0.113.9 '[2001:db8:6::77]'; do
	sipp_bg "$NS_V6" "uplink" -sf "$up" -i 2001:db8:6::5 -p 5060
	u=$!
	listen "$NS_V4" '203.0.113.9:5060' 2
	l=$!
	listen "$NS_V6" '[2001:db8:6::77]:5060' 2
	l6=$!
	sleep 0.3
	request "lit" "$NS_V4" 198.51.100.10 198.51.100.1:5060 INVITE \
	    "sip:x@$lit" 70 404
	wait $u
	rc=$?
	wait $l $l6
	n=$(( $(received '203.0.113.9:5060') + $(received '[2001:db8:6::77]:5060') ))
	[ $rc -eq 0 ] && [ "$n" -eq 0 ]
	ok $? "an IPv4 request for sip:x@$lit goes to the uplink, never there ($n)"
done
exit $tap_fail
