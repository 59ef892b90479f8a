# topo.sh - the test world, sourced by the demonstration, the network
# tests and the benchmark. Three network namespaces joined by two veth
# links, documentation addresses only, nothing routed between the
# families but by sipproxy64:
#
#   $NS_V4  198.51.100.10 (phone A), .11 (phone B), 203.0.113.9 (stranger)
#      |    198.51.100.0/24
#   $NS_PX  198.51.100.1 (general), .110 (stand-in of the IPv6 phone)
#           2001:db8:6::1 (general), ::a10, ::a11 (stand-ins of A and B)
#      |    2001:db8:6::/64
#   $NS_V6  2001:db8:6::10 (phone), ::5 (registrar, uplink),
#           ::99 (a caller in no table), ::77 (stranger)
#
# topo_up makes it (names carry the caller's PID), topo_down removes it;
# call topo_down from an EXIT trap.

NS_V4=sp64-v4-$$
NS_PX=sp64-px-$$
NS_V6=sp64-v6-$$

topo_up() {
	for n in "$NS_V4" "$NS_PX" "$NS_V6"; do
		ip netns add "$n" || return 1
		ip -n "$n" link set lo up
	done
	ip link add "v4-$$" type veth peer name "p4-$$" || return 1
	ip link set "v4-$$" netns "$NS_V4"
	ip link set "p4-$$" netns "$NS_PX"
	ip link add "v6-$$" type veth peer name "p6-$$" || return 1
	ip link set "v6-$$" netns "$NS_V6"
	ip link set "p6-$$" netns "$NS_PX"
	for a in 198.51.100.10/24 198.51.100.11/24 203.0.113.9/24; do
		ip -n "$NS_V4" addr add "$a" dev "v4-$$"
	done
	for a in 198.51.100.1/24 198.51.100.110/24; do
		ip -n "$NS_PX" addr add "$a" dev "p4-$$"
	done
	for a in 2001:db8:6::1 2001:db8:6::a10 2001:db8:6::a11; do
		ip -n "$NS_PX" addr add "$a/64" dev "p6-$$" nodad
	done
	for a in 2001:db8:6::10 2001:db8:6::5 2001:db8:6::99 2001:db8:6::77; do
		ip -n "$NS_V6" addr add "$a/64" dev "v6-$$" nodad
	done
	ip -n "$NS_V4" link set "v4-$$" up
	ip -n "$NS_PX" link set "p4-$$" up
	ip -n "$NS_PX" link set "p6-$$" up
	ip -n "$NS_V6" link set "v6-$$" up
	# the stranger's network is reachable, so that its packets pass the
	# reverse-path filter and reach sipproxy64 (which must drop them)
	ip -n "$NS_PX" route add 203.0.113.0/24 dev "p4-$$"
	ip netns exec "$NS_PX" sysctl -qw net.ipv4.ip_forward=0 \
	    net.ipv6.conf.all.forwarding=0
}

topo_down() {
	for n in "$NS_V4" "$NS_PX" "$NS_V6"; do
		ip netns del "$n" 2>/dev/null
	done
	return 0
}
