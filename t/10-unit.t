#!/bin/sh
# The unit tests of the C modules (t/unit/*.c): one binary that prints
# TAP itself. Built here if needed; SAN=1 in the environment builds it
# with the sanitizers (after a make clean).
top=$(cd "$(dirname "$0")/.." && pwd)
unit=$top/obj/unit
make -s -C "$top" tests >&2 || {
	echo "1..1"
	echo "not ok 1 - make tests"
	exit 1
}
exec "$unit"
