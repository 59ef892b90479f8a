#!/bin/sh
# The README's first command, run as a test: the demonstration call
# between an IPv4 and an IPv6 phone must go through, audio both ways.
set -u
. "$(dirname "$0")/tap.sh"
out=$(mktemp)
trap 'rm -f "$out"' EXIT INT TERM
need_root ip sipp
echo "1..3"
timeout 120 sh "$top/t/demo.sh" > "$out" 2>&1
rc=$?
ok $rc "t/demo.sh exits 0 (it said $rc)"
[ $rc -eq 0 ] || sed 's/^/# /' "$out" | tail -40
grep -q 'The call went through' "$out"
ok $? "the call went through, audio both ways"
grep -q 'REGISTER sip:\[2001:db8:6::5\]' "$out"
ok $? "the registrar saw the REGISTER in IPv6"
exit $tap_fail
