#!/bin/sh
# The service's life without systemd: the commands of
# debian/sipproxy64.service (ExecStartPre, ExecStart, ExecReload,
# ExecStopPost), taken from the unit file and run as systemd runs them,
# with the settings of an /etc/default file and a pairs file, in the
# namespaces of t/net/topo.sh. The stand-in helper adds the stand-in the
# interface lacks and leaves those it has; a reload hands over to a new
# process while a call's audio flows, without a lost packet; the stop
# takes away only what the helper added.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
echo "1..10"
A=198.51.100.10 C=2001:db8:6::10
unit=$top/debian/sipproxy64.service
mkdir -p "$tmp/run"
cat > "$tmp/default" <<EOT
SIPPROXY64_ARGS="-T 2 -k $tmp/key -l 198.51.100.1 -L 2001:db8:6::1 -U [2001:db8:6::5]:5060"
SIPPROXY64_PAIRS=$tmp/pairs
SIPPROXY64_IFACE=p6-$$
SIPPROXY64_STANDIN=6
SIPPROXY64_PREFIX6=64
EOT
printf '%s\n' '# the test phones' 198.51.100.10=2001:db8:6::a10 \
    198.51.100.11=2001:db8:6::a11 198.51.100.110=2001:db8:6::10 \
    '198.51.100.12=2001:db8:6::a12	# not yet on the interface' > "$tmp/pairs"
# run KEY [N]: the Nth (1) line KEY= of the unit, run as systemd would:
# settings from the environment file, the installed paths mapped to the
# tree's, "+" (full privileges) dropped: the test runs as root anyway
run() {
	line=$(sed -n "s/^$1=//p" "$unit" | sed -n "${2:-1}p" | sed -e 's/^+//' \
	    -e "s|/usr/sbin/sipproxy64|$top/sipproxy64|g" \
	    -e "s|/usr/libexec/sipproxy64/\([a-z]*\)|$top/debian/sipproxy64-\1|g" \
	    -e "s|/run/sipproxy64|$tmp/run|g")
	[ -n "$line" ] || { echo "# no $1 in the unit"; return 1; }
	MAINPID=$(cat "$tmp/run/sipproxy64.pid" 2>/dev/null) \
	    SIPPROXY64_DEFAULT=$tmp/default \
	    SIPPROXY64_STANDINS_STATE=$tmp/run/standins \
	    ip netns exec "$NS_PX" sh -c "set -a; . '$tmp/default'; set +a; exec $line"
}
has_addr() { [ -n "$(ip -n "$NS_PX" -6 addr show dev "p6-$$" to "$1")" ]; }
mainpid() { cat "$tmp/run/sipproxy64.pid" 2>/dev/null; }

run ExecStartPre && has_addr 2001:db8:6::a12 &&
    [ "$(wc -l < "$tmp/run/standins")" -eq 1 ]
ok $? "ExecStartPre: the helper adds the missing stand-in ::a12, and only that one"
run ExecStart && wait_for 5 px_listening && wait_for 2 mainpid
ok $? "ExecStart: sipproxy64 runs as a daemon, listening, with its pid file"
old=$(mainpid)
px_pid=$old
net_pids="$net_pids $old"

media_call old "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 7000
ra=$(relay old uac '^SIP/2.0 200') rc=$(relay old uas '^INVITE')
talk old "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 400 &
tk=$!
sleep 1
run ExecReload 1 && run ExecReload 2
ok $? "ExecReload: the helper again, then the hand-over"
new_running() { n=$(mainpid); [ -n "$n" ] && [ "$n" != "$old" ] && kill -0 "$n"; }
wait_for 5 new_running && wait_for 5 px_listening
ok $? "a new process ($(mainpid)) is the main process and listens at once"
new=$(mainpid)
net_pids="$net_pids $new"
[ "$(relay_sockets "$old")" -eq 4 ]
ok $? "the old process keeps the call's relay"
wait $tk
talked old 400 "$ra" "$rc" \
    "the call's audio went on through the old process: 400 of 400 each way"
call_done old "the call (its BYE through the new process)"
gone() { ! kill -0 "$old" 2>/dev/null; }
[ -n "$old" ] && wait_for 10 gone
ok $? "the old process exits once its relay is idle"
[ -n "$new" ] && [ "$(mainpid)" = "$new" ]
ok $? "... and leaves the new process's pid file"
# the stop: ExecStop sends SIGTERM to the processes of the service (by
# systemctl kill, which t/65-systemd.t runs under systemd), then
# ExecStopPost takes the stand-ins away
[ -n "$new" ] && kill "$new"
stopped() { ! kill -0 "$new" 2>/dev/null; }
[ -n "$new" ] && wait_for 5 stopped && run ExecStopPost && ! has_addr 2001:db8:6::a12 &&
    has_addr 2001:db8:6::a10
ok $? "stop: the process ends, ExecStopPost takes away ::a12 and leaves ::a10"
exit $tap_fail
