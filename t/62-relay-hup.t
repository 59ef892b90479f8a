#!/bin/sh
# SIGHUP hand-over with real phones in the namespaces of t/net/topo.sh:
# with audio flowing through a call, the running sipproxy64 gets SIGHUP
# and a new one starts on the same addresses at once. The new one carries
# a new call; the old call's audio goes on through the old process
# without a lost packet; the old process exits once its relay is idle.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
echo "1..12"
A=198.51.100.10 B=198.51.100.11 C=2001:db8:6::10
ms() { date +%s%3N; }

px_start -T 2 $PX_ARGS
old=$px_pid
media_call old "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 7000
ra=$(relay old uac '^SIP/2.0 200') rc=$(relay old uas '^INVITE')
# 400 packets in 4 s, each echoed back
talk old "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 400 &
tk=$!
# the next call's callee is ready before the hand-over
sipp_bg "$NS_V4" new-uas -sf "$(scenario uas-media new FOREIGN="$RE_V6" \
    "SDP=$AUDIO")" -i "$B" -p 5060 -mi "$B"
nuas=$!
sleep 1

t0=$(ms)
kill -HUP "$old"
px_start -T 2 $PX_ARGS
t1=$(ms)
new=$px_pid
kill -0 "$new" && [ $((t1 - t0)) -lt 1000 ]
ok $? "after SIGHUP a new sipproxy64 listens on the same addresses ($((t1 - t0)) ms)"
sipp_bg "$NS_V6" new-uac -sf "$(scenario uac-media new FOREIGN="$RE_V4" \
    "SDP=$AUDIO" TALK=2000)" '[2001:db8:6::a11]:5060' -i 2001:db8:6::99 \
    -p 5060 -mi 2001:db8:6::99 -key to '[2001:db8:6::a11]'
nuac=$!
wait_msg new-uas '^ACK ' 1 3
r=$?
t2=$(ms)
[ $r -eq 0 ] && [ $((t2 - t0)) -lt 1000 ]
ok $? "the new one carries a new call within a second: its callee has the ACK $((t2 - t0)) ms after the SIGHUP"
n_old=$(relay_sockets "$old") n_new=$(relay_sockets "$new")
[ "$n_old" -eq 4 ] && [ "$n_new" -eq 4 ]
ok $? "the old process keeps the old call's relay, the new one has the new call's ($n_old, $n_new sockets)"
grep -q 'SIGHUP: SIP sockets closed; relaying 1' "$tmp/px.log"
ok $? "the old process says it closed its SIP sockets and relays on"
rn=$(relay new uac '^SIP/2.0 200') rb=$(relay new uas '^INVITE')
talk new "$NS_V6" '[2001:db8:6::99]:16000' "$rn" "$NS_V4" "$B:16000"
talked new 50 "$rn" "$rb" "the new call's audio: 50 packets each way through the new process"
pair_done "$nuac" "$nuas" new "the new call ends normally"

wait $tk
talked old 400 "$ra" "$rc" \
    "the old call's audio flowed through the old process all along: 400 of 400 each way"
call_done old "the old call (its BYE through the new process)"
gone() { ! kill -0 "$old" 2>/dev/null; }
wait_for 8 gone
ok $? "the old process exits after the idle timeout (-T 2) once its audio stopped"
wait "$old"
ok $? "... with status 0"
grep -q 'drained, exiting' "$tmp/px.log"
ok $? "... saying that it drained"
kill -0 "$new"
ok $? "the new process runs on"
exit $tap_fail
