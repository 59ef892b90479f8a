# tap.sh - what every t/*.t shell script shares: TAP output and the rule
# for missing prerequisites (with CI=true a failure, otherwise a skip that
# says why). Sourced; sets $top.
top=$(cd "$(dirname "$0")/.." && pwd)
tap_n=0
tap_fail=0

# skip_all WHY: the whole script cannot run here
skip_all() {
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - cannot run: $*"
		exit 1
	fi
	echo "1..0 # SKIP $*"
	exit 0
}

# need_root TOOL...: root, and each tool on the PATH
need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip_all "needs $t"
	done
}

# ok STATUS NAME: one test point from an exit status (0 = pass)
ok() {
	tap_n=$((tap_n + 1))
	tap_last=$1
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_fail=1
	fi
}

# wait_for SECONDS COMMAND...: poll every 0.1 s until the command succeeds
wait_for() {
	tap_i=0
	tap_lim=$(($1 * 10))
	shift
	while [ $tap_i -lt $tap_lim ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		tap_i=$((tap_i + 1))
	done
	return 1
}
