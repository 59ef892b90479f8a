#!/bin/sh
# The life of the process (SPEC 5): starts in the foreground and in the
# background (-d, -p), answers SIGUSR1 with its counters, closes its SIP
# sockets on SIGHUP and (with no call in progress) exits, exits 0 on
# SIGTERM and SIGINT, keeps its key file across restarts, uses no CPU
# when idle, waits a moment for a SIP port that is still in use. In a network namespace of its own; nothing leaves it.
set -u
. "$(dirname "$0")/tap.sh"
bin=$top/sipproxy64
ns=sp64proc-$$
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	[ -f "$tmp/pid" ] && kill "$(cat "$tmp/pid")" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
need_root ip ss
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add d0 type veth peer name d1
ip -n "$ns" link set d1 up
ip -n "$ns" addr add 198.51.100.1/24 dev d0
ip -n "$ns" addr add 2001:db8:6::1/64 dev d0 nodad
ip -n "$ns" link set d0 up
ARGS="-k $tmp/key -l 198.51.100.1 -L 2001:db8:6::1"
sip_bound() { ip netns exec "$ns" ss -uanH | grep -q '198.51.100.1:5060'; }
sip_unbound() { ! sip_bound; }
alive() { kill -0 "$1" 2>/dev/null; }
dead() { ! kill -0 "$1" 2>/dev/null; }
echo "1..25"

# Foreground: SIGUSR1, SIGTERM.
ip netns exec "$ns" "$bin" $ARGS 2> "$tmp/err1" &
p=$!
pids="$pids $p"
wait_for 5 sip_bound; ok $? "listens on the general address"
ok "$(stat -c %a "$tmp/key" | grep -qx 600; echo $?)" "key file created with mode 0600"
cp "$tmp/key" "$tmp/key.first"
# idle: no CPU at all over 2 s (utime+stime in clock ticks from /proc)
t0=$(awk '{print $14 + $15}' "/proc/$p/stat")
sleep 2
t1=$(awk '{print $14 + $15}' "/proc/$p/stat")
ok "$([ "$t1" -eq "$t0" ]; echo $?)" "an idle sipproxy64 uses no CPU ($t0 -> $t1 ticks)"
kill -USR1 "$p"
wait_for 3 grep -q 'counters: in v4' "$tmp/err1"; ok $? "SIGUSR1 writes the counters"
kill -TERM "$p"
wait "$p"
ok $? "SIGTERM: exit status 0"

# SIGINT the same way.
ip netns exec "$ns" "$bin" $ARGS 2> "$tmp/err2" &
p=$!
pids="$pids $p"
wait_for 5 sip_bound
kill -INT "$p"
wait "$p"
ok $? "SIGINT: exit status 0"
ok "$(cmp -s "$tmp/key" "$tmp/key.first"; echo $?)" "the key file outlives a restart"

# The key file, as ssh treats its keys: readable by others, owned by
# another user, or in a directory others can write: refused, exit 2.
refused_key() {	# refused_key KEY NEEDLE NAME
	ip netns exec "$ns" timeout 5 "$bin" -k "$1" -l 198.51.100.1 \
	    -L 2001:db8:6::1 > /dev/null 2> "$tmp/kerr"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l < "$tmp/kerr")" -eq 1 ] &&
	    grep -qF -- "$1" "$tmp/kerr" && grep -qF -- "$2" "$tmp/kerr"
	ok $? "$3 (exit $rc): $(cat "$tmp/kerr")"
}
mkdir -m 700 "$tmp/k"
cp "$tmp/key" "$tmp/k/key"
chmod 644 "$tmp/k/key"
refused_key "$tmp/k/key" "mode 0644" "a key file of mode 0644 is refused"
chmod 600 "$tmp/k/key"
chown nobody "$tmp/k/key"
refused_key "$tmp/k/key" "owned by uid $(id -u nobody)" "a key file owned by another user is refused"
chown 0 "$tmp/k/key"
chmod 777 "$tmp/k"
refused_key "$tmp/k/key" "its directory" "a key file in a directory that others can write is refused"
chmod 700 "$tmp/k"
# A FIFO in the key file's place: refused at once, not waited on (the
# timeout of refused_key bounds the wait).
mkfifo "$tmp/k/fifo"
refused_key "$tmp/k/fifo" "not a regular file" "a FIFO as key file is refused at once"
ip netns exec "$ns" "$bin" -k "$tmp/k/key" -l 198.51.100.1 -L 2001:db8:6::1 \
    2> "$tmp/kerr" &
p=$!
pids="$pids $p"
wait_for 5 sip_bound
ok $? "the same key file, mode 0600 and ours in a private directory, is used"
kill -TERM "$p"
wait "$p"

# SIGHUP with no call in progress: sockets close, the process exits.
ip netns exec "$ns" "$bin" $ARGS 2> "$tmp/err3" &
p=$!
pids="$pids $p"
wait_for 5 sip_bound
kill -HUP "$p"
wait_for 3 sip_unbound; ok $? "SIGHUP closes the SIP sockets"
wait_for 3 dead "$p"; ok $? "SIGHUP with nothing to relay: the process exits"
wait "$p"
ok $? "... with status 0"

# Started while another process still holds the port for a moment (an
# old sipproxy64 handing over): it waits for the port.
ip netns exec "$ns" "$top/obj/rtptool" recv 198.51.100.1:5060 1000 \
    > /dev/null 2>&1 &
h=$!
pids="$pids $h"
wait_for 3 sip_bound
ip netns exec "$ns" "$bin" $ARGS 2> "$tmp/err6" &
p=$!
pids="$pids $p"
wait $h
wait_for 5 sh -c "ip netns exec $ns ss -uanpH | grep '198.51.100.1:5060' | grep -q 'pid=$p,'"
ok $? "a port held a moment longer by another process: it waits and binds"
kill -TERM "$p"
wait "$p"
ok $? "... and exits 0 on SIGTERM"

# The descriptor limit: raised from its soft to its hard value, and the
# tables sized to it: 300 - 64 - 2 local addresses with two sockets each
# (UDP, TCP) = 232; an eighth for TCP connections (29); (232 - 29) / 4 =
# 50 relays.
ip netns exec "$ns" prlimit --nofile=100:300 "$bin" -n 1000 $ARGS \
    2> "$tmp/err7" &
p=$!
pids="$pids $p"
wait_for 5 sip_bound
soft=$(awk '/^Max open files/ {print $4}' "/proc/$p/limits" 2>/dev/null)
ok "$([ "$soft" = 300 ]; echo $?)" "the descriptor limit is raised to the hard limit (100 -> $soft)"
grep -q 'up to 50 relays.*up to 29 tcp connections' "$tmp/err7" &&
    grep -q -- '-n 1000: only 50 relays fit in 300 descriptors' "$tmp/err7"
ok $? "the relay and connection tables are sized to it, and a larger -n is refused with a warning"
[ "$tap_last" -eq 0 ] || sed 's/^/# /' "$tmp/err7"
kill -TERM "$p"
wait "$p"

# -x: binds as root, then runs as the user.
ip netns exec "$ns" "$bin" -x nobody $ARGS 2> "$tmp/err5" &
p=$!
pids="$pids $p"
wait_for 5 sip_bound
uid=$(awk '/^Uid:/ {print $2 "/" $3 "/" $4}' "/proc/$p/status" 2>/dev/null)
nob=$(id -u nobody)
ok "$([ "$uid" = "$nob/$nob/$nob" ]; echo $?)" "-x nobody: runs as nobody after binding (uid $uid)"
kill -TERM "$p"
wait "$p"
ok $? "... and still exits 0 on SIGTERM"

# Background: -d and -p.
ip netns exec "$ns" "$bin" -d -p "$tmp/pid" $ARGS 2> "$tmp/err4"
ok $? "-d returns at once with status 0"
wait_for 5 test -s "$tmp/pid"
dp=$(cat "$tmp/pid" 2>/dev/null || echo 0)
wait_for 5 alive "$dp"; ok $? "-p writes the pid of the running daemon ($dp)"
wait_for 5 sip_bound; ok $? "the daemon listens"
kill -TERM "$dp"
wait_for 5 dead "$dp"
wait_for 3 test ! -e "$tmp/pid"; ok $? "SIGTERM: the daemon exits and removes its pid file"
exit $tap_fail
