#!/bin/sh
# The Debian package: built with dpkg-buildpackage in a copy of the tree
# (which re-runs the unit and golden tests; the vectors are put beside the
# copy as ../shared is beside this tree), clean under lintian, installed
# with dpkg -i (sipproxy64 -V runs from it, the user and the key file's
# directory are there), its unit accepted by systemd-analyze verify, and
# purged without a file of it left behind (the system user stays, as
# Debian policy wants: files may still belong to it).
set -u
. "$(dirname "$0")/tap.sh"
need_root dpkg-buildpackage lintian dh systemd-analyze
tmp=$(mktemp -d)
cleanup() {
	dpkg -s sipproxy64 >/dev/null 2>&1 && dpkg --purge sipproxy64 >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
dpkg -s sipproxy64 >/dev/null 2>&1 && skip_all "a sipproxy64 package is installed here already"
echo "1..11"
mkdir "$tmp/src"
(cd "$top" && tar --exclude=./.git --exclude=./build --exclude='./obj' \
    --exclude=./sipproxy64 -cf - .) | (cd "$tmp/src" && tar -xf -)
[ -d "$top/../shared" ] && ln -s "$top/../shared" "$tmp/shared"
(cd "$tmp/src" && dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1
ok $? "dpkg-buildpackage -us -uc -b builds the package"
[ "$tap_last" -eq 0 ] || tail -20 "$tmp/build.log" | sed 's/^/# /'
grep -q '^t/20-golden.t .. ok' "$tmp/build.log" &&
    grep -q '^t/10-unit.t .... ok' "$tmp/build.log"
ok $? "... running the unit and golden tests"
deb=$(ls "$tmp"/sipproxy64_*_*.deb 2>/dev/null | head -1)
lintian --fail-on error,warning "$tmp"/sipproxy64_*.changes > "$tmp/lintian" 2>&1
grep -E '^[EW]: ' "$tmp/lintian" | sed 's/^/# /'
! grep -qE '^[EW]: ' "$tmp/lintian"
ok $? "lintian: no error, no warning"
dpkg -i "$deb" > "$tmp/install.log" 2>&1
ok $? "dpkg -i installs it"
[ "$tap_last" -eq 0 ] || sed 's/^/# /' "$tmp/install.log"
v=$(/usr/sbin/sipproxy64 -V)
[ "$v" = "sipproxy64 $(sed -n '1s/.*(\(.*\)).*/\1/p' "$top/debian/changelog")" ]
ok $? "/usr/sbin/sipproxy64 -V runs: $v"
[ -f /usr/share/man/man8/sipproxy64.8.gz ] && [ -f /etc/default/sipproxy64 ] &&
    [ -f /etc/sipproxy64/pairs ] && [ -x /usr/libexec/sipproxy64/standins ]
ok $? "the man page, /etc/default/sipproxy64, /etc/sipproxy64/pairs and the helpers are in place"
u=$(getent passwd sipproxy64 | cut -d: -f3)
[ -n "$u" ] && [ "$u" -lt 1000 ] &&
    [ "$(stat -c '%U %a' /var/lib/sipproxy64)" = "sipproxy64 700" ]
ok $? "a system user sipproxy64 (uid ${u:-none}) owns /var/lib/sipproxy64, mode 0700"
systemd-analyze verify /lib/systemd/system/sipproxy64.service > "$tmp/verify" 2>&1
ok $? "systemd-analyze verify accepts the unit"
sed 's/^/# /' "$tmp/verify"
# the key file the daemon makes at its first start must go with the purge
echo 00112233445566778899aabbccddeeff > /var/lib/sipproxy64/key
dpkg -L sipproxy64 | grep -v -e '^/\.$' > "$tmp/files"
dpkg --purge sipproxy64 > "$tmp/purge.log" 2>&1
ok $? "dpkg --purge removes it"
left=
while read -r f; do	# each of its paths names it; the rest are shared dirs
	case $f in
	*sipproxy64*) [ -e "$f" ] || [ -L "$f" ] && left="$left $f" ;;
	*) [ -e "$f" ] && [ ! -d "$f" ] && left="$left $f" ;;
	esac
done < "$tmp/files"
[ -z "$left" ] && [ ! -e /var/lib/sipproxy64 ] && [ ! -e /etc/default/sipproxy64 ]
ok $? "no file of the package is left:${left:- none}"
getent passwd sipproxy64 > /dev/null
ok $? "the system user stays after the purge (policy 9.2.2)"
exit $tap_fail
