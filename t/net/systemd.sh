# systemd.sh - a real systemd for the service tests, sourced after
# t/net/lib.sh: /lib/systemd/systemd as PID 1 of a private PID, mount and
# cgroup namespace, in a cgroup of its own ($sd_cg), with overlays on
# /usr, /etc and /var (the package's files appear there, the host's stay
# as they are) and its own /run, /tmp and /etc/systemd/system. Its only
# target is empty: nothing starts but what the test starts. The host
# keeps nothing of it: sd_down ends it (its PID 1 and so all of it) and
# removes its cgroups; its files are in $tmp, which lib.sh removes.
#
# sd_up UNIT-FILE DROP-IN: systemd running, the unit installed as
#   /lib/systemd/system/sipproxy64.service with DROP-IN (text) beside it
#   in /etc/systemd/system/sipproxy64.service.d/; the package's binary
#   and scripts in /usr/sbin and /usr/libexec/sipproxy64; $tmp/default as
#   /etc/default/sipproxy64, $tmp/pairs as /etc/sipproxy64/pairs; the
#   user sipproxy64. Returns non-zero with the reason on standard error.
# sd COMMAND...: systemctl COMMAND... inside
# sd_procs: the host PIDs of sipproxy64.service's processes, one a line
# sd_host PID: the host PID of the service's process PID (a PID inside)

sd_base=$tmp/sd
sd_pid=
sd_unshare=
sd_cg=

sd_cgroot() {
	for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
		[ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ] &&
		    { echo "$d"; return 0; }
	done
	return 1
}

# sd_files UNIT DROP-IN: the upper layers of the overlays
sd_files() {
	u=$sd_base/up
	mkdir -p "$u/usr/sbin" "$u/usr/libexec/sipproxy64" \
	    "$u/usr/lib/systemd/system" "$u/etc/default" "$u/etc/sipproxy64" \
	    "$u/var" "$sd_base/units/sipproxy64.service.d" "$sd_base/wk/usr" \
	    "$sd_base/wk/etc" "$sd_base/wk/var" || return 1
	cp "$top/sipproxy64" "$u/usr/sbin/sipproxy64" &&
	    cp "$top/debian/sipproxy64-standins" \
	    "$u/usr/libexec/sipproxy64/standins" &&
	    cp "$top/debian/sipproxy64-handover" \
	    "$u/usr/libexec/sipproxy64/handover" &&
	    cp "$1" "$u/usr/lib/systemd/system/sipproxy64.service" &&
	    cp "$tmp/default" "$u/etc/default/sipproxy64" &&
	    cp "$tmp/pairs" "$u/etc/sipproxy64/pairs" || return 1
	{ cat /etc/passwd; echo "sipproxy64:x:64064:64064::/var/lib/sipproxy64:/usr/sbin/nologin"; } > "$u/etc/passwd"
	{ cat /etc/group; echo "sipproxy64:x:64064:"; } > "$u/etc/group"
	printf '[Unit]\nDescription=the test: nothing\n' \
	    > "$sd_base/units/sp64-test.target"
	ln -s sp64-test.target "$sd_base/units/default.target"
	printf '%s\n' "$2" > "$sd_base/units/sipproxy64.service.d/test.conf"
}

# sd_inner NETNS: the script that unshare runs in the new namespaces:
# the mounts, then systemd
sd_inner() {
	cat <<EOT
set -e
b='$sd_base'
mount -t cgroup2 cgroup2 /sys/fs/cgroup
for d in usr etc var; do
	mount -t overlay overlay \\
	    -o "lowerdir=/\$d,upperdir=\$b/up/\$d,workdir=\$b/wk/\$d" "/\$d"
done
mount -t tmpfs tmpfs /etc/systemd/system
cp -a "\$b/units/." /etc/systemd/system/
touch "\$b/netns"
mount --bind "/run/netns/$1" "\$b/netns"
# the other network namespaces (other tests'): not held from in here
for f in /run/netns/*; do umount -l "\$f" 2>/dev/null || :; done
mount -t tmpfs tmpfs /run
mkdir /run/netns
touch "/run/netns/$1"
mount --bind "\$b/netns" "/run/netns/$1"
mount -t tmpfs tmpfs /tmp
exec env -i container=sp64-test PATH=/usr/sbin:/usr/bin:/sbin:/bin \\
    /lib/systemd/systemd --system --log-target=console
EOT
}

sd_up() {
	[ -x /lib/systemd/systemd ] || { echo "no /lib/systemd/systemd" >&2; return 1; }
	command -v unshare nsenter >/dev/null || { echo "no unshare or nsenter" >&2; return 1; }
	r=$(sd_cgroot) || { echo "no cgroup2 hierarchy" >&2; return 1; }
	sd_files "$1" "$2" || { echo "cannot lay out the files" >&2; return 1; }
	sd_cg=$r/sp64-test-$$
	mkdir "$sd_cg" || return 1
	sd_inner "$NS_PX" > "$sd_base/inner.sh"
	# the shell puts itself in the cgroup, then becomes unshare
	sh -c 'echo $$ > "$1/cgroup.procs" &&
	    exec unshare --pid --fork --kill-child --mount --cgroup \
	    --propagation private --mount-proc sh "$2"' \
	    sh "$sd_cg" "$sd_base/inner.sh" > "$sd_base/console" 2>&1 &
	sd_unshare=$!
	wait_for 10 sd_found || { cat "$sd_base/console" >&2; return 1; }
	wait_for 20 sd_running || {
		echo "systemd is $(sd is-system-running 2>&1)" >&2
		return 1
	}
}
sd_found() {
	sd_pid=$(head -1 "$sd_cg/init.scope/cgroup.procs" 2>/dev/null)
	[ -n "$sd_pid" ]
}
sd_running() {
	case $(sd is-system-running 2>/dev/null) in
	running | degraded) return 0 ;;
	esac
	return 1
}
sd() { nsenter -t "$sd_pid" -m -p -- systemctl "$@"; }
sd_procs() {
	cat "$sd_cg/system.slice/sipproxy64.service/cgroup.procs" 2>/dev/null
}
sd_host() {
	for p in $(sd_procs); do
		[ "$(awk '/^NSpid:/ { print $NF }' "/proc/$p/status" 2>/dev/null)" = "$1" ] &&
		    { echo "$p"; return 0; }
	done
	return 1
}

sd_down() {
	if [ -n "$sd_pid" ] && kill -0 "$sd_pid" 2>/dev/null; then
		sd poweroff >/dev/null 2>&1
		wait_for 10 sd_gone || kill -KILL "$sd_pid" 2>/dev/null
	fi
	if [ -n "$sd_unshare" ]; then
		kill -0 "$sd_unshare" 2>/dev/null && kill "$sd_unshare"
		wait "$sd_unshare" 2>/dev/null
	fi
	[ -z "$sd_cg" ] || [ ! -d "$sd_cg" ] ||
	    find "$sd_cg" -depth -type d -exec rmdir {} \; 2>/dev/null
	[ -z "$sd_cg" ] || [ ! -d "$sd_cg" ] || echo "# left behind: $sd_cg"
}
sd_gone() { ! kill -0 "$sd_pid" 2>/dev/null; }
