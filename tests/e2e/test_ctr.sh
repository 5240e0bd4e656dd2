#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# containerd 1.6 (private daemon) with hardrun as the runc.v2 shim's BinaryName, set per
# container by `ctr run --runc-binary`: the shim calls hardrun with --root /run/containerd/runc/
# default, --log <bundle>/log.json --log-format json. The container must be hardened, the
# lifecycle must pass through (ctr 1.6 has no `task update`), and nothing may be left behind.
source "$(dirname "$0")/lib.sh"
e2e_require_root_and_tools containerd ctr
write_policy "$E2E_TMP/policy.json"
start_containerd
ctr_import_busybox

RUN=($CTR run --runc-binary "$HARDRUN_BIN")
BUNDLES=$E2E_TMP/c/state/io.containerd.runtime.v2.task/default

must "ctr run --rm through hardrun" "${RUN[@]}" --rm "$E2E_IMAGE" "probe-$$" sh -c "$PROBE"
assert_hardened "ctr run" "$OUT"
hardened=$OUT
must "ctr run --rm with plain runc" $CTR run --rm --runc-binary "$(command -v runc)" "$E2E_IMAGE" "plain-$$" sh -c "$PROBE"
assert_contains "ctr plain: runs as root" "$OUT" "uid=0 gid=0"
assert_not_contains "ctr plain: has capabilities" "$OUT" "CapEff: 0000000000000000"
assert_contains "ctr plain: no seccomp (ctr sets none)" "$OUT" "Seccomp: 0"
echo "# ctr: what the container saw, hardrun (<) vs plain runc (>):"
diff <(echo "$hardened") <(echo "$OUT") | sed 's/^/#   /' || true

capture cat "$E2E_TMP/decisions.log"
assert_contains "decision log names the ctr container" "$OUT" "probe-$$"

# ---- lifecycle ----
id=lc-$$
task_status() { $CTR task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $3 }'; }
task_is() { [[ $(task_status "$1") == "$2" ]]; }

must "ctr run -d through hardrun" "${RUN[@]}" -d "$E2E_IMAGE" "$id" sleep 300
wait_for "ctr: task is RUNNING" 15 task_is "$id" RUNNING
# ctr's spec has no cgroupfs mount, so the pids limit is read from the host (cgroup v1 path
# /default/<id>, or the v2 one).
capture cat "/sys/fs/cgroup/pids/default/$id/pids.max" "/sys/fs/cgroup/default/$id/pids.max"
assert_match "ctr: pids limit 1024 on the container's cgroup (seen from the host)" "$OUT" '^1024$'
must "ctr task ps" $CTR task ps "$id"
assert_match "ctr task ps lists a pid" "$OUT" '^[0-9]+ '
must "ctr task exec" $CTR task exec --exec-id probe "$id" sh -c "$PROBE"
assert_exec_hardened "ctr task exec" "$OUT"
capture $CTR task exec --exec-id root --user 0 "$id" sh -c "$PROBE"
if [[ $RC -ne 0 ]]; then
    assert_contains "ctr task exec --user 0: refused by hardrun" "$OUT" "hardrun:"
else
    assert_exec_hardened "ctr task exec --user 0: neutralised" "$OUT"
fi
must "ctr task pause" $CTR task pause "$id"
assert_eq "ctr: task is PAUSED" "PAUSED" "$(task_status "$id")"
must "ctr task resume" $CTR task resume "$id"
assert_eq "ctr: task is RUNNING again" "RUNNING" "$(task_status "$id")"
must "ctr task kill -s SIGKILL" $CTR task kill -s SIGKILL "$id"
wait_for "ctr: task is STOPPED" 15 task_is "$id" STOPPED
must "ctr task rm" $CTR task rm "$id"
must "ctr container rm" $CTR container rm "$id"

# ---- nothing left behind ----
capture $CTR container ls -q
assert_eq "ctr: no containers left" "" "$OUT"
capture $CTR task ls -q
assert_eq "ctr: no tasks left" "" "$OUT"
capture ls -A "$BUNDLES"
assert_eq "ctr: no bundles left under the shim's state" "" "$OUT"
capture $CTR snapshots ls
assert_not_contains "ctr: no snapshot of the lifecycle container" "$OUT" "$id"
