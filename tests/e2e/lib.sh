# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Shared helpers for hardrun's end-to-end tests; source it, never run it. The tests need root and
# drive real runc, crun, containerd and dockerd. Every daemon is private to one test: sockets,
# state, images and logs live in one temp dir that the EXIT trap tears down (containers first,
# then daemons by pid, then mounts, then files).
# Env: HARDRUN_BIN (required), HARDRUN_SRC (defaults to this checkout), CI=true turns a skip into
# a failure, E2E_KEEP=1 keeps the temp dir for a post-mortem (E2E_KEEP_ON_FAILURE=1: only when
# the test failed), E2E_KEEP_GOING=1 reports every failed assertion instead of the first.
set -Eeuo pipefail

E2E_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HARDRUN_SRC=${HARDRUN_SRC:-$(cd "$E2E_LIB_DIR/../.." && pwd)}
# docker.io's own client: /usr/local/bin may hold a newer one that dockerd 20.10 does not speak.
DOCKER_CLI=${DOCKER_CLI:-/usr/bin/docker}
E2E_NAME=$(basename "${0%.sh}")
E2E_PIDS=()      # daemons we started, stopped in reverse order
E2E_CLEANUPS=()  # commands run (in reverse order) before the daemons stop
E2E_STARTED=$SECONDS

source "$E2E_LIB_DIR/lib_assert.sh"
source "$E2E_LIB_DIR/lib_image.sh"
source "$E2E_LIB_DIR/lib_daemons.sh"

# ---- skipping ---------------------------------------------------------------------------------

e2e_skip() {
    echo "E2E SKIPPED: $E2E_NAME: $*" >&2
    if [[ ${CI:-} == true ]]; then
        echo "E2E FAILED: $E2E_NAME: CI=true and CI must never skip the e2e suite" >&2
        exit 1
    fi
    exit 77
}

# e2e_require_root_and_tools [TOOL...]: root, an executable HARDRUN_BIN and the tools every test
# uses, plus the ones named.
e2e_require_root_and_tools() {
    [[ $EUID -eq 0 ]] || e2e_skip "needs root (runs real containers)"
    [[ -n ${HARDRUN_BIN:-} ]] || e2e_skip "HARDRUN_BIN is not set (path to the built hardrun)"
    [[ -x $HARDRUN_BIN ]] || e2e_skip "HARDRUN_BIN=$HARDRUN_BIN is not an executable file"
    local tool
    for tool in runc jq busybox sha256sum tar timeout findmnt mountpoint "$@"; do
        command -v "$tool" >/dev/null 2>&1 || e2e_skip "missing tool: $tool"
    done
    [[ -d /sys/fs/cgroup ]] || e2e_skip "no /sys/fs/cgroup"
    e2e_init
}

# ---- per-test temp dir and teardown ----------------------------------------------------------

e2e_init() {
    # Short: containerd and dockerd put unix sockets here (108-byte limit).
    E2E_TMP=$(mktemp -d /tmp/hre.XXXXXX)
    chmod 755 "$E2E_TMP"
    export E2E_TMP
    export DOCKER_CONFIG=$E2E_TMP/docker-client  # never read or write ~/.docker
    trap e2e_teardown EXIT
    trap 'exit 130' INT TERM
    echo "# $E2E_NAME: temp dir $E2E_TMP, HARDRUN_BIN=$HARDRUN_BIN"
}

e2e_on_teardown() { E2E_CLEANUPS+=("$*"); }

e2e_teardown() {
    local rc=$? i
    set +eu
    [[ $rc -eq 0 && $E2E_FAILED -gt 0 ]] && rc=1
    trap - ERR
    for ((i = ${#E2E_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${E2E_CLEANUPS[i]}" >>"$E2E_TMP/teardown.log" 2>&1
    done
    for ((i = ${#E2E_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${E2E_PIDS[i]}"
    done
    kill_leftover_shims
    unmount_under "$E2E_TMP"
    if [[ ${E2E_KEEP:-0} == 1 || $rc -ne 0 && ${E2E_KEEP_ON_FAILURE:-0} == 1 ]]; then
        echo "# kept $E2E_TMP"
    else
        rm -rf --one-file-system "$E2E_TMP"
    fi
    echo "# $E2E_NAME: $E2E_PASSED passed, $E2E_FAILED failed, $((SECONDS - E2E_STARTED)) s, exit $rc"
    exit "$rc"
}

# stop_pid PID: SIGTERM, up to 20 s, then SIGKILL. Only for processes this test started.
stop_pid() {
    local pid=$1 n
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for ((n = 0; n < 100; n++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    echo "# pid $pid ignored SIGTERM for 20 s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}

# Shims our containerd started carry its socket path (inside our temp dir) on their command line,
# and container processes have their root inside it: all ours. Normally gone by now; anything
# left (a test that failed half-way) is killed by pid.
kill_leftover_shims() {
    [[ -n ${E2E_TMP:-} ]] || return 0
    local f pid
    for f in /proc/[0-9]*/cmdline; do
        pid=${f#/proc/}
        pid=${pid%/cmdline}
        [[ $pid != "$$" && $pid != "$BASHPID" ]] || continue
        if { tr '\0' ' ' <"$f"; } 2>/dev/null | grep -q -- "-address $E2E_TMP/" ||
            [[ $(readlink "/proc/$pid/root" 2>/dev/null) == "$E2E_TMP/"* ]]; then
            echo "# killing leftover process $pid: $({ tr '\0' ' ' <"$f"; } 2>/dev/null)" >&2
            kill -KILL "$pid" 2>/dev/null
        fi
    done
}

# unmount_under DIR: lazily unmount everything mounted below DIR, deepest first.
unmount_under() {
    local m
    awk -v p="$1/" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# ---- the probe run inside containers ----------------------------------------------------------

# Prints what a container sees of its own confinement, one "key" line each (tabs squeezed).
# shellcheck disable=SC2016,SC2034  # expanded in the container; used by the test scripts
PROBE='grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\t" " "
echo "uid=$(id -u) gid=$(id -g)"
touch /rootfs-write 2>&1 && echo "rootfs=writable"
touch /tmp/ok && echo "tmp=writable"
unshare -U true 2>&1 && echo "unshare=allowed"
echo "pids.max=$(cat /sys/fs/cgroup/pids/pids.max 2>&1)"
[ -c /proc/keys ] && echo "keys=masked"
[ -z "$(ls /sys/firmware 2>/dev/null)" ] && echo "firmware=masked"
awk '"'"'$2 == "/proc/sys" { print "procsys=" substr($4, 1, 2) }'"'"' /proc/mounts
echo probe-done'

# assert_hardened WHO OUTPUT: what every hardened container must show.
assert_hardened() {
    local who=$1 out=$2
    assert_contains "$who: probe ran to the end" "$out" "probe-done"
    assert_contains "$who: CapEff is empty" "$out" "CapEff: 0000000000000000"
    assert_contains "$who: NoNewPrivs is set" "$out" "NoNewPrivs: 1"
    assert_contains "$who: seccomp filter mode" "$out" "Seccomp: 2"
    assert_contains "$who: runs as uid 65534" "$out" "uid=65534 gid=65534"
    assert_contains "$who: rootfs is read-only" "$out" "Read-only file system"
    assert_not_contains "$who: rootfs write did not succeed" "$out" "rootfs=writable"
    assert_contains "$who: /tmp is writable" "$out" "tmp=writable"
    assert_contains "$who: unshare -U is denied" "$out" "Operation not permitted"
    assert_not_contains "$who: unshare -U did not succeed" "$out" "unshare=allowed"
    if [[ $out == *"pids.max=cat: can't open"* ]]; then
        # containerd's default spec mounts no cgroupfs: the test checks from the host instead.
        echo "# $who: pids.max not visible inside (no /sys/fs/cgroup mount in this spec)"
    else
        assert_contains "$who: pids limit applied" "$out" "pids.max=1024"
    fi
    assert_contains "$who: /proc/keys is masked" "$out" "keys=masked"
    assert_contains "$who: /sys/firmware is masked" "$out" "firmware=masked"
    assert_contains "$who: /proc/sys is read-only" "$out" "procsys=ro"
}

# assert_exec_hardened WHO OUTPUT: an exec'd process in a hardened container (no fs checks).
assert_exec_hardened() {
    local who=$1 out=$2
    assert_contains "$who: probe ran to the end" "$out" "probe-done"
    assert_contains "$who: CapEff is empty" "$out" "CapEff: 0000000000000000"
    assert_contains "$who: NoNewPrivs is set" "$out" "NoNewPrivs: 1"
    assert_contains "$who: seccomp filter mode" "$out" "Seccomp: 2"
    assert_not_contains "$who: not root" "$out" "uid=0 "
}

# ---- policy -------------------------------------------------------------------------------------

# write_policy FILE [JQ-FILTER]: hardrun's policy with this test's temp paths, edited by the
# filter, and exported as HARDRUN_CONFIG (daemons started later inherit it).
write_policy() {
    local file=$1 filter=${2:-.}
    jq -n --arg t "$E2E_TMP" '{
        runtime: {path: "/usr/sbin/runc"},
        decision_log: {sink: "file", path: ($t + "/decisions.log")},
        state_dir: ($t + "/hardrun-state"),
        default: {mode: "enforce", capabilities: [],
                  user: {allow_root: false, uid: 65534, gid: 65534},
                  no_new_privileges: true, readonly_rootfs: true,
                  writable_paths: ["/tmp", "/var/tmp", "/run"], seccomp: "default",
                  apparmor: {profile: "hardrun-default", required: false}, pids_limit: 1024,
                  allow: {privileged: false, host_namespaces: [], host_paths: [], devices: []}}
    }' | jq "$filter" >"$file"
    export HARDRUN_CONFIG=$file
}
