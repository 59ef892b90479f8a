#!/bin/sh
# The two build profiles (Makefile): the default (PIE, full RELRO, -O2)
# at most 64 KiB stripped, `make small` (-Os, LTO, no PIE) at most 44
# KiB, both x86-64 and linked against libc alone; and make install /
# uninstall with PREFIX and DESTDIR put exactly the binary and the man
# page in place and take them away.
set -u
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "1..8"
# stripped NAME BINARY LIMIT [TODO]: one test point
stripped() {
	st_fail=$tap_fail
	strip --strip-all -R .comment -o "$tmp/$1.s" "$2" &&
	    sz=$(stat -c %s "$tmp/$1.s") && [ "$sz" -le "$3" ]
	ok $? "the $1 build is ${sz:-?} bytes stripped, at most $3${4:+ # TODO $4}"
	[ -z "${4:-}" ] || tap_fail=$st_fail	# a known failure, reported
	size -A "$tmp/$1.s" | awk 'NR > 2 && $2 > 1000 && $1 != "Total" {
		printf "#   %-14s %6d\n", $1, $2 }'
}
libc_only() {
	ldd "$1" | awk '{print $1}' |
	    grep -v -e vdso -e ld-linux -e '^libc\.so' | grep . >/dev/null && return 1
	file -L "$1" | grep -q 'x86-64'
}
make -s -C "$top" B="$tmp/default" "$tmp/default/sipproxy64" > "$tmp/log" 2>&1
ok $? "the default build"
[ "$tap_last" -eq 0 ] || sed 's/^/# /' "$tmp/log" | tail -20
stripped default "$tmp/default/sipproxy64" 65536
libc_only "$tmp/default/sipproxy64"
ok $? "... x86-64, libc alone"
make -s -C "$top" small > "$tmp/log" 2>&1
ok $? "make small"
[ "$tap_last" -eq 0 ] || sed 's/^/# /' "$tmp/log" | tail -20
stripped small "$top/build/small/sipproxy64" 45056 "not yet: about 11 kB more than 44 KiB at -Os (issue 10)"
libc_only "$top/build/small/sipproxy64"
ok $? "... x86-64, libc alone"

d=$tmp/x
make -s -C "$top" B="$tmp/default" install DESTDIR="$d" PREFIX=/usr > "$tmp/log" 2>&1
[ "$(cd "$d" && find . -type f | sort | tr '\n' ' ')" = \
    "./usr/sbin/sipproxy64 ./usr/share/man/man8/sipproxy64.8 " ] &&
    [ -x "$d/usr/sbin/sipproxy64" ]
ok $? "make install DESTDIR PREFIX=/usr: exactly the binary and the man page: $(cd "$d" && find . -type f | tr '\n' ' ')"
make -s -C "$top" B="$tmp/default" uninstall DESTDIR="$d" PREFIX=/usr > "$tmp/log" 2>&1
[ -z "$(find "$d" -type f)" ]
ok $? "make uninstall removes them"
exit $tap_fail
