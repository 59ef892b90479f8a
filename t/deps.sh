#!/bin/sh
# deps.sh - install from Debian's packages whatever the demonstration and
# the tests need and this machine lacks. Run as root; does nothing when
# everything is there. Usage: sh t/deps.sh [demo]
set -eu
need="gcc:gcc make:make perl:perl ip:iproute2 ss:iproute2 sipp:sip-tester python3:python3"
if [ "${1:-}" != demo ]; then
	need="$need clang:clang valgrind:valgrind mandoc:mandoc prove:perl"
	# the package test (t/95-package.t)
	need="$need dh:debhelper lintian:lintian dpkg-buildpackage:dpkg-dev"
	need="$need systemd-analyze:systemd"
	# t/70-interop.t: a real registrar and real phones
	need="$need kamailio:kamailio baresip:baresip-core sox:sox"
	# t/73-interop-linphone.t: a second real phone
	need="$need linphonec:linphone-cli"
fi
missing=
for pair in $need; do
	cmd=${pair%%:*}
	pkg=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done
# libFuzzer and the sanitizer runtimes for clang
if [ "${1:-}" != demo ] &&
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a \
    >/dev/null 2>&1; then
	missing="$missing libclang-rt-dev"
fi
[ -n "$missing" ] || exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
