#!/bin/sh
# The relay tests again, with sipproxy64 built with AddressSanitizer and
# UBSan (t/60-relay.t and t/61-relay-limits.t), and under valgrind
# (t/60-relay.t): every point must pass again, and neither checker may
# report anything (errors, leaks) from the relay, the SIP path or exit.
set -u
. "$(dirname "$0")/tap.sh"
need_root ip ss sipp valgrind
make -s -C "$top" B=build/san SAN=1 all > /dev/null 2>&1 ||
    { echo "1..1"; echo "not ok 1 - sanitizer build"; exit 1; }
make -s -C "$top" all tests > /dev/null 2>&1 ||
    { echo "1..1"; echo "not ok 1 - build"; exit 1; }
nm "$top/build/san/sipproxy64" | grep -q __asan_init ||
    { echo "1..1"; echo "not ok 1 - the sanitizer build has no ASan"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "1..6"

# checked NAME TEST: run TEST (its own namespaces, its own clean-up) with
# the environment given; two points: all its points pass, no report
checked() {
	name=$1 t=$2
	shift 2
	mkdir -p "$tmp/$name"
	env "$@" sh "$top/t/$t" > "$tmp/$name/tap" 2>&1
	rc=$?
	n=$(grep -c '^ok ' "$tmp/$name/tap")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tmp/$name/tap")
	[ $rc -eq 0 ] && [ "$n" = "$plan" ]
	ok $? "$name: $t passes again ($n of ${plan:-?} points)"
	[ $rc -eq 0 ] || grep -v '^ok ' "$tmp/$name/tap" | tail -30 | sed 's/^/# /'
	# valgrind opens its log file in any case (one per process run),
	# the sanitizers only to report
	set -- "$tmp/$name"/report*
	[ -e "$1" ] || set --
	files=$#
	if [ $# -gt 0 ] && [ -n "$(cat "$@")" ]; then
		ok 1 "$name: no report from the checker"
		cat "$@" | head -40 | sed 's/^/# /'
	else
		case $name in
		valgrind*) [ "$files" -gt 0 ]; ok $? "$name: no report from the checker ($files processes ran under it)" ;;
		*) ok 0 "$name: no report from the checker" ;;
		esac
	fi
}

for t in 60-relay.t 61-relay-limits.t; do
	checked "asan-ubsan-${t%.t}" "$t" PX_BIN="$top/build/san/sipproxy64" \
	    ASAN_OPTIONS="log_path=$tmp/asan-ubsan-${t%.t}/report:detect_leaks=1" \
	    UBSAN_OPTIONS="log_path=$tmp/asan-ubsan-${t%.t}/report:print_stacktrace=1"
done
checked valgrind-60-relay 60-relay.t \
    PX_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --log-file=$tmp/valgrind-60-relay/report.%p"
exit $tap_fail
