#!/bin/sh
# The README's first command, run as a test: the demonstration call
# between an IPv4 and an IPv6 phone must go through, audio both ways.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT INT TERM
if [ "$(id -u)" -ne 0 ] || ! command -v sipp >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "1..1"; echo "not ok 1 - needs root and sipp"; exit 1
	fi
	echo "1..0 # SKIP needs root and sipp (sip-tester)"; exit 0
fi
echo "1..3"
timeout 120 sh "$top/t/demo.sh" > "$out" 2>&1
rc=$?
if [ $rc -eq 0 ]; then echo "ok 1 - t/demo.sh exits 0"; else
	echo "not ok 1 - t/demo.sh exits $rc"; sed 's/^/# /' "$out" | tail -40; fi
if grep -q 'The call went through' "$out"; then echo "ok 2 - the call went through"
else echo "not ok 2 - the call went through"; fi
if grep -q 'REGISTER sip:\[2001:db8:6::5\]' "$out"; then
	echo "ok 3 - the registrar saw the REGISTER in IPv6"
else echo "not ok 3 - the registrar saw the REGISTER in IPv6"; fi
[ $rc -eq 0 ]
