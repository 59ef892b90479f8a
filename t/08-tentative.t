#!/bin/sh
# A stand-in added a moment before sipproxy64 starts, without nodad, as
# the service does at boot: the IPv6 address is still tentative
# (duplicate address detection) when sipproxy64 binds it. The bind must
# not fail (IP_FREEBIND/IPV6_FREEBIND, src/sock.c), and once detection is
# over a call goes through that stand-in (the namespaces of
# t/net/topo.sh, sipp phones).
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
echo "1..4"
S=2001:db8:6::a12
# the stand-in's detection must really run (topo's namespace may not
# have it on by default)
ip netns exec "$NS_PX" sysctl -qw "net.ipv6.conf.p6-$$.accept_dad=1" \
    "net.ipv6.conf.p6-$$.dad_transmits=3"
ip -n "$NS_PX" addr add "$S/64" dev "p6-$$"
px_start -l 198.51.100.1 -L 2001:db8:6::1 "198.51.100.10=$S"
r=$?
state=$(ip -n "$NS_PX" -6 addr show dev "p6-$$" | grep " $S/")
ip netns exec "$NS_PX" ss -uanH | grep -q "\[$S\]:5060"
ok $? "sipproxy64 started and listens on the stand-in [$S]:5060 (start $r)"
echo "$state" | grep -q tentative
ok $? "... which was still tentative then: $state"
settled() { ! ip -n "$NS_PX" -6 addr show dev "p6-$$" | grep " $S/" | grep -q tentative; }
wait_for 10 settled
sipp_bg "$NS_V4" t-uas -sf "$(scenario uas-call t FOREIGN="$RE_V6")" \
    -i 198.51.100.10 -p 5060 -mi 198.51.100.10
u=$!
sleep 0.3
sipp_run "$NS_V6" t-uac -sf "$(scenario uac-call t FOREIGN="$RE_V4")" \
    "[$S]:5060" -i 2001:db8:6::10 -p 5060 -mi 2001:db8:6::10 -key to "[$S]"
rc=$?
ok $rc "an IPv6 caller completes a call through the stand-in once detection is over"
[ $rc -eq 0 ] || diag_sipp t-uac
wait $u
rc=$?
ok $rc "... and the IPv4 phone behind it answered it"
[ $rc -eq 0 ] || diag_sipp t-uas
exit $tap_fail
