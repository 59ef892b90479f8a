# lib.sh - the network tests' common ground, sourced after t/tap.sh: the
# test world of topo.sh, sipproxy64 in it, sipp phones, RTP counters.
. "$top/t/net/topo.sh"

tmp=$(mktemp -d)
net_pids=
net_cleanup() {
	for p in $net_pids; do kill "$p" 2>/dev/null; done
	topo_down
	if [ "$tap_fail" -ne 0 ] && [ -f "$tmp/px.log" ]; then
		echo "# sipproxy64's log:"
		sed 's/^/#   /' "$tmp/px.log" | tail -40
	fi
	rm -rf "$tmp"
}
trap net_cleanup EXIT INT TERM

# Regular expressions for an address literal of each family, for sipp's
# <ereg check_it_inverse>: what must not arrive on the other side.
RE_V4='[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}'
RE_V6='\[[0-9a-fA-F:.]+\]|[0-9a-fA-F]*::[0-9a-fA-F]|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:'

# The standard command line of the tests; px_start adds to it.
PX_ARGS="-l 198.51.100.1 -L 2001:db8:6::1 -U [2001:db8:6::5]:5060
    198.51.100.10=2001:db8:6::a10 198.51.100.11=2001:db8:6::a11
    198.51.100.110=2001:db8:6::10"

net_up() {
	need_root ip ss sipp
	[ -x "$top/sipproxy64" ] && [ -x "$top/obj/rtptool" ] ||
	    make -s -C "$top" all tests >/dev/null || skip_all "build failed"
	topo_up || skip_all "cannot make network namespaces"
}

# px_start [ARGS...]: sipproxy64 in the proxy namespace ($px_pid); ARGS
# replace the standard table (the key file and -v are always given).
# $PX_BIN is the binary (a sanitizer build, say), $PX_WRAP a command that
# runs it (valgrind, say); t/63-relay-checked.t sets them.
px_start() {
	[ $# -gt 0 ] || set -- $PX_ARGS
	ip netns exec "$NS_PX" ${PX_WRAP:-} "${PX_BIN:-$top/sipproxy64}" -v \
	    -k "$tmp/key" "$@" 2>> "$tmp/px.log" &
	px_pid=$!
	net_pids="$net_pids $px_pid"
	wait_for 5 px_listening
}
px_listening() { ip netns exec "$NS_PX" ss -uanH | grep -q '198.51.100.1:5060'; }

# scenario NAME TAG [KEY=VALUE | -BLOCK ...]: t/net/sipp/NAME.xml with
# each @KEY@ filled in (sipp takes no keyword in a regexp, a method or a
# status; \n in VALUE is a line break) and each -BLOCK removed (the lines
# from <!-- BLOCK --> to <!-- /BLOCK -->); prints the path of the copy.
# A placeholder left unfilled is an error of the test.
scenario() {
	f=$tmp/$1.$2.xml
	src=$top/t/net/sipp/$1.xml
	shift 2
	perl -e '
		my $src = shift;
		open my $h, "<", $src or die "$src: $!\n";
		local $/;
		my $s = <$h>;
		for (@ARGV) {
			if (/^-(\w+)$/) {
				$s =~ s/^[ \t]*<!-- $1 -->\n.*?<!-- \/$1 -->\n//ms
				    or die "no block $1 in $src\n";
				next;
			}
			my ($k, $v) = /^(\w+)=(.*)$/s or die "bad argument $_\n";
			$v =~ s/\\n/\n/g;
			$s =~ s/\@$k\@/$v/g;
		}
		die "$src: $1 not filled in\n" if $s =~ /(\@[A-Z0-9]+\@)/;
		print $s;' "$src" "$@" > "$f" || echo "scenario $src: failed" >&2
	echo "$f"
}

# sipp_run NS NAME ARGS...: one sipp phone, bounded; messages in
# $tmp/NAME.msg, errors in $tmp/NAME.err; returns sipp's status
sipp_run() {
	ns=$1 name=$2
	shift 2
	(cd "$tmp" && exec ip netns exec "$ns" timeout 30 sipp -nostdin -m 1 \
	    -timeout 20s -timeout_error -cid_str '%u-%p@sp64test' \
	    -trace_msg -message_file "$tmp/$name.msg" \
	    -trace_err -error_file "$tmp/$name.err" "$@" \
	    > "$tmp/$name.out" 2>&1)
}
# sipp_bg ...: the same in the background; $! is its pid
sipp_bg() {
	sipp_run "$@" &
	net_pids="$net_pids $!"
}

# diag_sipp NAME: a failed phone's errors, as TAP comments
diag_sipp() {
	for f in "$tmp/$1.err" "$tmp/$1.out"; do
		[ -s "$f" ] && grep -v '^[[:space:]]*$' "$f" | tail -15 | sed 's/^/# /'
	done
	return 0
}

# listen NS ADDR:PORT SECONDS: count the UDP datagrams that arrive there,
# in the background ($! is the counter); after it ends, received ADDR:PORT
# tells how many came
listen() {
	ip netns exec "$1" "$top/obj/rtptool" recv "$2" "$(($3 * 1000))" \
	    > "$tmp/listen.$2" 2>&1 &
	net_pids="$net_pids $!"
}
received() {
	n=$(sed -n 's/.*recv=\([0-9]*\).*/\1/p' "$tmp/listen.$1")
	echo "${n:-999}"	# no count: the counter failed, which must not pass
}

# wait_msg NAME REGEX COUNT [SECONDS]: wait until sipp phone NAME has
# traced COUNT messages whose first line matches REGEX
wait_msg() {
	wait_for "${4:-10}" msg_count_is "$@"
}
msg_count_is() {
	[ "$(grep -cE "$2" "$tmp/$1.msg" 2>/dev/null)" -ge "$3" ]
}

# sdp NAME REGEX [N]: the m= lines ("MEDIA PORT ADDRESS") of the Nth
# (default: last) message with SDP whose first line matches REGEX that
# phone NAME received
sdp() {
	perl "$top/t/net/sdp.pl" "$tmp/$1.msg" "$2" "${3:--1}"
}
# got NAME REGEX LINE-REGEX [N]: the Nth (default: last) message whose
# first line matches REGEX that phone NAME received has a line matching
# LINE-REGEX
got() {
	perl "$top/t/net/sdp.pl" "$tmp/$1.msg" "$2" "${4:--1}" whole |
	    grep -q "$3"
}
# hostport ADDRESS PORT: as rtptool writes it
hostport() {
	case $1 in
	*:*) echo "[$1]:$2" ;;
	*) echo "$1:$2" ;;
	esac
}

# talk NAME NS-A A-LOCAL A-DEST NS-B B-LOCAL [COUNT]: COUNT (50) numbered
# RTP packets, 10 ms apart, from A-LOCAL to A-DEST; B-LOCAL echoes each
# one to where it came from. $tmp/NAME.a and NAME.b hold the two rtptool
# lines: a's sent= and recv= (the echoes), b's recv= (the originals), and
# from= (who sent what was received) on each.
talk() {
	ip netns exec "$5" "$top/obj/rtptool" recv "$6" 1500 echo \
	    > "$tmp/$1.b" 2>&1 &
	tk_b=$!
	net_pids="$net_pids $tk_b"
	sleep 0.2
	ip netns exec "$2" "$top/obj/rtptool" send "$3" "$4" "${7:-50}" 10 \
	    1000 > "$tmp/$1.a" 2>&1
	wait $tk_b
}
# field FILE NAME: a field of an rtptool line
field() {
	sed -n "s/.*$2=\([^ ]*\).*/\1/p" "$1"
}
# talked NAME COUNT FROM-A FROM-B DESCRIPTION: one test point: every
# packet went A to B and back, B heard them from FROM-B only, A heard the
# echoes from FROM-A only
talked() {
	[ "$(field "$tmp/$1.a" sent)" = "$2" ] &&
	    [ "$(field "$tmp/$1.b" recv)" = "$2" ] &&
	    [ "$(field "$tmp/$1.a" recv)" = "$2" ] &&
	    [ "$(field "$tmp/$1.b" from)" = "$4" ] &&
	    [ "$(field "$tmp/$1.a" from)" = "$3" ]
	ok $? "$5"
	[ "$tap_last" -eq 0 ] || {
		echo "#   want $2 packets each way, A hears $3, B hears $4"
		echo "#   A: $(cat "$tmp/$1.a")"
		echo "#   B: $(cat "$tmp/$1.b")"
	}
}

# counter PATTERN: the number that PATTERN (a sed regexp with one \(...\))
# captures in the newest counter line sipproxy64 logs on SIGUSR1; 0 if
# none. dropped REASON: the count of one drop reason.
counter() {
	kill -USR1 "$px_pid"
	sleep 0.2
	n=$(sed -n "s/.*$1.*/\\1/p" "$tmp/px.log" | tail -1)
	echo "${n:-0}"
}
dropped() { counter "dropped $1 \\([0-9]*\\)"; }

# relay_sockets [PID]: how many UDP sockets sipproxy64 (PID, default
# $px_pid) holds besides its SIP sockets on port 5060: four per relay
relay_sockets() {
	ip netns exec "$NS_PX" ss -uanpH |
	    grep "pid=${1:-$px_pid}," | grep -vc ':5060 '
}

# The relay tests' common ground: calls with SDP between sipp phones.
AUDIO='c=IN IP[media_ip_type] [media_ip]\nt=0 0\nm=audio 16000 RTP/AVP 0\na=rtpmap:0 PCMU/8000'
MC_DROP=
# AT ADDRESS PORT DIRECTION: the SDP lines after s= for one audio stream
AT() { echo "c=IN IP[media_ip_type] $1\nt=0 0\nm=audio $2 RTP/AVP 0\na=$3"; }

foreign() {	# the regexp of what must not reach a phone at address $1
	case $1 in *:*) echo "$RE_V4" ;; *) echo "$RE_V6" ;; esac
}
ns_of() {
	case $1 in *:*) echo "$NS_V6" ;; *) echo "$NS_V4" ;; esac
}

# media_call NAME CALLER CALLEE DIAL CALLER-SDP CALLEE-SDP TALK-MS
#     [UAC-SCENARIO [UAS-SCENARIO]]: sipp phones NAME-uac at CALLER
#     dialling DIAL and NAME-uas at CALLEE, in the background ($uac, $uas);
#     returns when the callee has the ACK. $MC_DROP: blocks to drop from
#     both scenarios (-bye: nobody hangs up)
media_call() {
	sipp_bg "$(ns_of "$3")" "$1-uas" -sf "$(scenario "${9:-uas-media}" "$1" \
	    FOREIGN="$(foreign "$3")" "SDP=$6" $MC_DROP)" -i "$3" -p 5060 -mi "$3"
	uas=$!
	sleep 0.3
	case $4 in *:*) dial="[$4]" ;; *) dial=$4 ;; esac
	sipp_bg "$(ns_of "$2")" "$1-uac" -sf "$(scenario "${8:-uac-media}" "$1" \
	    FOREIGN="$(foreign "$2")" "SDP=$5" TALK="$7" $MC_DROP)" "$dial:5060" \
	    -i "$2" -p 5060 -mi "$2" -key to "$dial"
	uac=$!
	wait_msg "$1-uas" '^ACK ' 1
}
# pair_done UAC-PID UAS-PID NAME DESCRIPTION: one test point: both sipp
# phones (NAME-uac, NAME-uas) ended well; their errors if not
pair_done() {
	wait "$1"
	pd_a=$?
	wait "$2"
	pd_b=$?
	[ $pd_a -eq 0 ] && [ $pd_b -eq 0 ]
	ok $? "$4"
	[ $pd_a -eq 0 ] || diag_sipp "$3-uac"
	[ $pd_b -eq 0 ] || diag_sipp "$3-uas"
}
# call_done NAME DESCRIPTION: the same for the call of media_call NAME
call_done() {
	pair_done "$uac" "$uas" "$1" \
	    "$2: both phones complete the call, nothing of the other family in it"
}
# relay NAME WHO REGEX [N] [M]: the relay address and port that phone
# NAME-WHO saw in the SDP of the (Nth) message matching REGEX, for m=
# line M (1), as rtptool writes it
relay() {
	sdp "$1-$2" "$3" "${4:--1}" | sed -n "${5:-1}p" | {
		read -r _ port addr && hostport "$addr" "$port"
	}
}
no_relay_sockets() { [ "$(relay_sockets)" -eq 0 ]; }
has() {	# has NAME REGEX: a line of phone NAME's messages matches
	tr -d '\r' < "$tmp/$1.msg" | grep -q "$2"
}
