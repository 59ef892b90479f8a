#!/bin/sh
# all.sh - the whole test suite, as root on a Debian machine: installs
# what is missing, builds with gcc and clang (warnings are errors), runs
# every t/*.t through prove. With CI=true a missing prerequisite is a
# failure; otherwise a test that cannot run says why and skips.
set -eu
cd "$(dirname "$0")/.."
sh t/deps.sh || { [ "${CI:-}" != true ] || exit 1; }
make -s clean
make -s WERROR=1 all tests
exec prove --timer t/*.t
