#!/bin/sh
# The build: no warning under gcc or clang with the project's warning
# list; the daemon links against libc alone; the man page is clean.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
fail=0
t() {	# t NAME COMMAND...: ok if the command succeeds
	name=$1
	shift
	n=$((n + 1))
	if "$@" > "$tmp/out" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$tmp/out" | head -30
		fail=1
	fi
}
nowarn() {	# nowarn CC: build from scratch into a private dir, no warnings
	make -s -C "$top" B="$tmp/$1" CC="$1" all tests > "$tmp/$1.log" 2>&1 &&
	    ! grep -i 'warning' "$tmp/$1.log" || { cat "$tmp/$1.log"; false; }
}
libc_only() {
	ldd "$tmp/gcc/sipproxy64" | awk '{print $1}' |
	    grep -v -e vdso -e ld-linux -e '^libc\.so' | grep . && return 1
	return 0
}
echo "1..5"
t "gcc builds without a warning" nowarn gcc
if command -v clang >/dev/null 2>&1; then
	t "clang builds without a warning" nowarn clang
else
	n=$((n + 1))
	if [ "${CI:-}" = true ]; then echo "not ok $n - clang missing"; fail=1
	else echo "ok $n # SKIP clang not installed"; fi
fi
t "the daemon links against libc alone" libc_only
t "man page passes mandoc -Tlint" sh -c "mandoc -Tlint -Wwarning '$top/man/sipproxy64.8'"
t "shell scripts parse" sh -c "for f in '$top'/t/*.t '$top'/t/*.sh '$top'/t/net/*.sh; do [ -f \"\$f\" ] || continue; sh -n \"\$f\" || exit 1; done"
exit $fail
