#!/bin/sh
# The service under a real systemd (t/net/systemd.sh: PID 1 of private
# namespaces, the host untouched), the package's unit and scripts as
# installed, the service's network namespace the proxy's of t/net/topo.sh
# (a drop-in, with DefaultDependencies=no: the test's systemd has no
# sysinit). A restart during a call's audio loses no packet: the new main
# process is there at once, the old one exits at once and its child
# relays the call until it is idle. A reload during a call's audio gives
# a new main process at once, the old one keeps the call. A stop ends
# every process of the service, the draining ones too, and takes away the
# stand-in that the start added. A crash of the main process ends its own
# calls only: the service starts again, the draining processes and the
# stand-ins stay.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
. "$top/t/net/systemd.sh"
trap 'sd_down; net_cleanup' EXIT INT TERM
A=198.51.100.10 C=2001:db8:6::10
S=sipproxy64.service
cat > "$tmp/default" <<EOT
SIPPROXY64_ARGS="-T 5 -l 198.51.100.1 -L 2001:db8:6::1 -U [2001:db8:6::5]:5060"
SIPPROXY64_PAIRS=/etc/sipproxy64/pairs
SIPPROXY64_IFACE=p6-$$
SIPPROXY64_STANDIN=6
SIPPROXY64_PREFIX6=64
EOT
printf '%s\n' 198.51.100.10=2001:db8:6::a10 198.51.100.11=2001:db8:6::a11 \
    198.51.100.110=2001:db8:6::10 198.51.100.12=2001:db8:6::a12 \
    > "$tmp/pairs"
sd_up "$top/debian/sipproxy64.service" "[Unit]
DefaultDependencies=no
[Service]
NetworkNamespacePath=/run/netns/$NS_PX" 2> "$tmp/sd.err" ||
    skip_all "no systemd as PID 1 of a namespace here: $(tr '\n' ' ' < "$tmp/sd.err")"
echo "1..25"
ok 0 "systemd $(sd --version | awk 'NR == 1 { print $2 }') runs as PID 1 of a namespace"

has_addr() { [ -n "$(ip -n "$NS_PX" -6 addr show dev "p6-$$" to "$1")" ]; }
# main: the host PID of the service's main process
main() { sd_host "$(sd show -p MainPID --value "$S")"; }
# others PID: the service's processes but PID, one a line
others() { sd_procs | grep -vx "$1"; }
diag() {
	echo "# $(sd status "$S" 2>&1 | sed 's/^/#   /')"
	echo "# console:"
	tail -20 "$sd_base/console" | sed 's/^/#   /'
}
now() { date +%s%N; }

sd start "$S" && [ "$(sd is-active "$S")" = active ] &&
    wait_for 5 px_listening && has_addr 2001:db8:6::a12
ok $? "systemctl start: active, listening, the stand-in ::a12 added"
[ "$tap_last" -eq 0 ] || diag
px_pid=$(main)
old=$px_pid

# 1. a restart during a call's audio
media_call one "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 7000
ra=$(relay one uac '^SIP/2.0 200') rc=$(relay one uas '^INVITE')
talk one "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 400 &
tk=$!
sleep 1
t0=$(now)
sd restart "$S"
rs=$?
t1=$(now)
ms=$(((t1 - t0) / 1000000))
new=$(main)
[ $rs -eq 0 ] && [ -n "$new" ] && [ "$new" != "$old" ] && [ $ms -lt 3000 ]
ok $? "systemctl restart returns at once ($ms ms) with a new main process"
px_pid=$new
wait_for 5 px_listening
ok $? "... which listens"
drainer=$(others "$new")
! kill -0 "$old" 2>/dev/null && [ -n "$drainer" ] &&
    [ "$(relay_sockets "$drainer")" -eq 4 ]
ok $? "the old main process is gone; its child ($drainer) keeps the call's relay"
has_addr 2001:db8:6::a12
ok $? "the stand-ins stay"
wait $tk
talked one 400 "$ra" "$rc" \
    "the call's audio went on through the restart: 400 of 400 each way"
call_done one "the call (its BYE through the new process)"
gone() { ! kill -0 "$1" 2>/dev/null; }
[ -n "$drainer" ] && wait_for 15 gone "$drainer" && [ "$(sd_procs)" = "$new" ]
ok $? "the draining child exits once its relay is idle"
[ "$(sd is-active "$S")" = active ]
ok $? "the service is active all along"

# 2. a reload during a call's audio, then a restart, then a stop
media_call two "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 4000
ra=$(relay two uac '^SIP/2.0 200') rc=$(relay two uas '^INVITE')
talk two "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 300 &
tk=$!
sleep 0.5
sd reload "$S" && newer=$(main) && [ -n "$newer" ] && [ "$newer" != "$new" ]
ok $? "systemctl reload: the new process is the main one at once"
px_pid=$newer
wait_for 5 px_listening && [ "$(relay_sockets "$new")" -eq 4 ]
ok $? "... and listens; the old one keeps the call's relay"
sd restart "$S" && newest=$(main) && [ -n "$newest" ] &&
    [ "$newest" != "$newer" ] && wait_for 5 gone "$newer"
ok $? "a restart then: a new main process, the last one (no relay) gone"
px_pid=$newest
wait $tk
talked two 300 "$ra" "$rc" "the call's audio through the reload and the restart"
call_done two "the second call"
[ "$(sd_procs | sort)" = "$(printf '%s\n' "$new" "$newest" | sort)" ]
ok $? "the process that the reload left drains"
sd stop "$S"
ok $? "systemctl stop"
empty() { [ -z "$(sd_procs)" ]; }
wait_for 5 empty && [ "$(sd is-active "$S")" = inactive ]
ok $? "the service's processes are all gone, the draining one too"
! has_addr 2001:db8:6::a12 && has_addr 2001:db8:6::a10
ok $? "the stop takes away ::a12 (added by the start), leaves ::a10"

# 3. a try-restart, then a crash while its child drains: the child's
# call goes on
sd start "$S" && wait_for 5 px_listening
px_pid=$(main)
media_call three "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 3000
ra=$(relay three uac '^SIP/2.0 200') rc=$(relay three uas '^INVITE')
talk three "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 200 &
tk=$!
sleep 0.5
sd try-restart "$S" && px_pid=$(main) && drainer=$(others "$px_pid") &&
    [ -n "$drainer" ] && [ "$(relay_sockets "$drainer")" -eq 4 ]
ok $? "systemctl try-restart hands over too"
[ -n "$px_pid" ] && kill -KILL "$px_pid"
back() { m=$(main); [ -n "$m" ] && [ "$m" != "$px_pid" ] && px_listening; }
wait_for 10 back
ok $? "a crash (SIGKILL to the main process): the service starts again"
px_pid=$(main)
[ -n "$drainer" ] && [ "$(relay_sockets "$drainer")" -eq 4 ] &&
    has_addr 2001:db8:6::a12
ok $? "... the draining child and the stand-ins stay"
wait $tk
talked three 200 "$ra" "$rc" "... and its call's audio goes on: 200 of 200 each way"
call_done three "the third call"
sd stop "$S" && wait_for 5 empty && ! has_addr 2001:db8:6::a12
ok $? "systemctl stop: all gone"
[ "$tap_fail" -eq 0 ] || diag
exit $tap_fail
