#!/bin/sh
# mkin.sh - writes the replay scripts (.in) of the golden cases: every
# complete message of RFC 3261 and RFC 3665 in ../shared/vectors, from the
# IPv4 side (as printed) and from the IPv6 side (its twin, made by
# v6ify.pl at test time under V6/). A response first gets a request from
# the other side through (the primer), whose Via it then carries.
set -eu
cd "$(dirname "$0")"
V=../../../shared/vectors
for set in rfc3261 rfc3665; do
	for side in v4 v6; do
		out=$set-from-$side.in
		: > "$out"
		awk -F'\t' -v s="$set/" 'index($1, s) == 1 &&
		    ($4 == "request" || $4 == "response") { print $1 "\t" $4 }' \
		    "$V/INDEX.tsv" | sort -V | while IFS='	' read -r path kind; do
			if [ "$side" = v4 ]; then
				src=192.0.2.101:5060 dst=198.51.100.1:5060
				osrc=[2001:db8:2::101]:5060 odst=[2001:db8:6::1]:5060
				file=$path other=primer-v6.sip
			else
				src=[2001:db8:2::101]:5060 dst=[2001:db8:6::1]:5060
				osrc=192.0.2.101:5060 odst=198.51.100.1:5060
				file=V6/$path other=primer-v4.sip
			fi
			if [ "$kind" = response ]; then
				echo "$osrc $odst $other" >> "$out"
				echo "$src $dst $file via" >> "$out"
			else
				echo "$src $dst $file" >> "$out"
			fi
		done
	done
done
