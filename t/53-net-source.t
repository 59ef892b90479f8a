#!/bin/sh
# Source control (issue 8, toll fraud), in the namespaces of
# t/net/topo.sh with the IPv6 uplink [2001:db8:6::5] (a trunk that would
# take anybody's calls). With -a 198.51.100.16/28, an IPv4 host of that
# prefix that is in no table calls through the general address to the
# uplink; a stranger outside it (203.0.113.9) gets 403 and not one
# datagram reaches the uplink, its ACK included, while it still reaches a
# stand-in's phone (what stand-ins are for). Then the default, with no -a:
# nobody but the table's hosts uses a general address whose requests can
# reach an uplink, and anybody may where none waits (the IPv6 side here).
# Then -a 0.0.0.0/0: the old, open behaviour.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
need_root python3
net_up
echo "1..13"
ip -n "$NS_V4" addr add 198.51.100.20/24 dev "v4-$$"
client() {
	ns=$1
	shift
	ip netns exec "$ns" timeout 20 python3 "$top/t/net/sipclient.py" "$@"
}
restart() {
	kill "$px_pid"
	wait "$px_pid"
	: > "$tmp/px.log"	# the counters read are the new process's
	# shellcheck disable=SC2086
	px_start $PX_ARGS "$@"
}
# shellcheck disable=SC2086
px_start $PX_ARGS -a 198.51.100.16/28

# 1. From the allowed prefix: a whole call through the uplink.
sipp_bg "$NS_V6" trunk -sf "$(scenario uas-call trunk FOREIGN="$RE_V4")" \
    -i 2001:db8:6::5 -p 5060 -mi 2001:db8:6::5
u=$!
sleep 0.3
sipp_run "$NS_V4" allowed -sf "$(scenario uac-call allowed FOREIGN="$RE_V6")" \
    198.51.100.1:5060 -i 198.51.100.20 -p 5060 -mi 198.51.100.20 \
    -key to 198.51.100.1
rc=$?
ok $rc "198.51.100.20 (in -a 198.51.100.16/28, in no table) calls out through the uplink"
[ $rc -eq 0 ] || diag_sipp allowed
wait $u
rc=$?
ok $rc "... the uplink gets INVITE, ACK and BYE"
[ $rc -eq 0 ] || diag_sipp trunk

# 2. From outside it: 403, and nothing at the uplink.
listen "$NS_V6" '[2001:db8:6::5]:5060' 3
l=$!
r=$(client "$NS_V4" once 203.0.113.9:5060 198.51.100.1:5060 \
    sip:00442071234567@198.51.100.1 INVITE)
[ "$r" = "status=403 reason=Forbidden" ]
ok $? "203.0.113.9 (outside the prefix) calling the uplink: $r"
r=$(client "$NS_V4" once 203.0.113.9:5060 198.51.100.1:5060 \
    sip:00442071234567@198.51.100.1 ACK)
[ "$r" = "status=0 reason=none" ]
ok $? "... its ACK: no answer"
wait $l
ok "$(received '[2001:db8:6::5]:5060')" "... and not one datagram reached the uplink"
[ "$(dropped source-not-allowed)" -eq 2 ]
ok $? "... both counted as source-not-allowed"
listen "$NS_V6" '[2001:db8:6::10]:5060' 2
l=$!
client "$NS_V4" once 203.0.113.9:5060 198.51.100.110:5060 \
    sip:phone@198.51.100.110 > /dev/null
wait $l
[ "$(received '[2001:db8:6::10]:5060')" -eq 1 ]
ok $? "the same stranger still reaches the phone behind a stand-in"

# 3. The default: no -a.
restart
r=$(client "$NS_V4" once 198.51.100.20:5060 198.51.100.1:5060 \
    sip:00442071234567@198.51.100.1 INVITE)
[ "$r" = "status=403 reason=Forbidden" ]
ok $? "default, an IPv6 uplink: 198.51.100.20, in no table, refused: $r"
r=$(client "$NS_V4" once 198.51.100.10:5062 198.51.100.1:5060 \
    'sip:x@[2001:db8:6::10]')
[ "$r" = "status=0 reason=none" ]
ok $? "... a host of the table is not (forwarded, not answered): $r"
r=$(client "$NS_V6" once '[2001:db8:6::99]:5060' '[2001:db8:6::1]:5060' \
    'sip:x@[2001:db8:6::77]')
[ "$r" = "status=404 reason=Not_Found" ]
ok $? "default, no IPv4 uplink: an IPv6 stranger is answered as before: $r"

# 4. -a 0.0.0.0/0: open.
restart -a 0.0.0.0/0
listen "$NS_V6" '[2001:db8:6::5]:5060' 2
l=$!
client "$NS_V4" once 203.0.113.9:5060 198.51.100.1:5060 \
    sip:00442071234567@198.51.100.1 INVITE > "$tmp/open"
wait $l
[ "$(received '[2001:db8:6::5]:5060')" -ge 1 ]
ok $? "-a 0.0.0.0/0: the stranger's INVITE reaches the uplink ($(cat "$tmp/open"))"
[ "$(dropped source-not-allowed)" -eq 0 ]
ok $? "... nothing refused"
kill "$px_pid"
wait "$px_pid"
ok $? "sipproxy64 exits cleanly"
exit $tap_fail
