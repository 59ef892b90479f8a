#!/bin/sh
# The command line (SPEC 1): every refusal exits 2 with one line on
# standard error that names the offending argument. Runs in a network
# namespace of its own with a dummy interface carrying the addresses, so
# that "an address of this host" is known; nothing is sent.
set -u
. "$(dirname "$0")/tap.sh"
bin=$top/sipproxy64
ns=sp64cli-$$
tmp=$(mktemp -d)
cleanup() {
	[ -n "${held:-}" ] && kill "$held" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
need_root ip
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add d0 type veth peer name d1
ip -n "$ns" link set d1 up
ip -n "$ns" addr add 198.51.100.1/24 dev d0
ip -n "$ns" addr add 198.51.100.110/24 dev d0
ip -n "$ns" addr add 2001:db8:6::1/64 dev d0 nodad
ip -n "$ns" addr add 2001:db8:6::a10/64 dev d0 nodad
ip -n "$ns" link set d0 up

G="-k $tmp/key -l 198.51.100.1 -L 2001:db8:6::1"
# refuse NAME NEEDLE ARGS...: exit 2, one line, naming NEEDLE
refuse() {
	name=$1 needle=$2
	shift 2
	ip netns exec "$ns" timeout 5 "$bin" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	lines=$(wc -l < "$tmp/err")
	[ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$needle" "$tmp/err"
	ok $? "refuses $name (exit $rc): $(head -n 1 "$tmp/err")"
}
echo "1..26"
# shellcheck disable=SC2086
{
refuse "a host name" "pbx.example.com" $G -U pbx.example.com
refuse "a malformed IPv4 address" "198.51.100.300" -k "$tmp/key" -l 198.51.100.300 -L 2001:db8:6::1
refuse "a malformed IPv6 address" "2001:db8:::1" -k "$tmp/key" -l 198.51.100.1 -L 2001:db8:::1
refuse "a port out of range" "198.51.100.1:70000" -k "$tmp/key" -l 198.51.100.1:70000 -L 2001:db8:6::1
refuse "port 0" "[2001:db8:6::5]:0" $G -U "[2001:db8:6::5]:0"
refuse "an IPv6 port without brackets" "2001:db8:6::5:5070x" $G -U 2001:db8:6::5:5070x
refuse "a pair of two IPv4 addresses" "198.51.100.10=198.51.100.110" $G 198.51.100.10=198.51.100.110
refuse "a pair of two IPv6 addresses" "2001:db8:6::a10=2001:db8:6::10" $G 2001:db8:6::a10=2001:db8:6::10
refuse "a pair with both sides local" "198.51.100.110=2001:db8:6::a10" $G 198.51.100.110=2001:db8:6::a10
refuse "a pair with neither side local" "198.51.100.10=2001:db8:6::10" $G 198.51.100.10=2001:db8:6::10
refuse "a duplicate pair" "198.51.100.10=2001:db8:6::a10" $G 198.51.100.10=2001:db8:6::a10 198.51.100.10=2001:db8:6::a10
refuse "a pair without =" "198.51.100.10" $G 198.51.100.10
refuse "a missing -L" "-L" -k "$tmp/key" -l 198.51.100.1
refuse "-l that is not local" "198.51.100.77" -k "$tmp/key" -l 198.51.100.77 -L 2001:db8:6::1
refuse "-L given an IPv4 address" "-L 198.51.100.1" -k "$tmp/key" -l 198.51.100.1 -L 198.51.100.1
refuse "an uplink that is local" "-U 2001:db8:6::1" $G -U 2001:db8:6::1
refuse "a bad port range" "-r 30001-30000" $G -r 30001-30000
refuse "a bad idle timeout" "-T 0" $G -T 0
refuse "an unknown option" "-Z" $G -Z
refuse "a prefix that is a host name" "-a pbx.example.com" $G -a pbx.example.com
refuse "a prefix length past 32" "-a 198.51.100.0/33" $G -a 198.51.100.0/33
refuse "a prefix with host bits set" "-a 198.51.100.1/24" $G -a 198.51.100.1/24
refuse "an IPv4-mapped prefix" "-a ::ffff:198.51.100.0/120" $G -a ::ffff:198.51.100.0/120
refuse "a prefix length that is no number" "-a 2001:db8::/x" $G -a 2001:db8::/x
refuse "an unreadable key file" "$tmp/nokey/sub/key" -k "$tmp/nokey/sub/key" -l 198.51.100.1 -L 2001:db8:6::1
}
# An address that cannot be bound: another process holds the port (for
# longer than the 3 s that sipproxy64 waits for it).
ip netns exec "$ns" "$top/obj/rtptool" recv 198.51.100.1:5060 8000 > /dev/null &
held=$!
sleep 0.3
refuse "an address it cannot bind" "198.51.100.1:5060: cannot bind: Address already in use" $G
exit $tap_fail
