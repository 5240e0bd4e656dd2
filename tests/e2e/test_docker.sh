#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Docker 20.10 (private dockerd on our private containerd) with a daemon.json runtime "hardrun"
# ({"runtimes": {"hardrun": {"path": HARDRUN_BIN}}}; dockerd hands it to the runc.v2 shim as
# BinaryName, namespace "moby"). The container must be hardened, `docker exec --privileged` must
# not escape it, and the lifecycle (exec, logs, pause, update, stop, start, kill, rm) must work.
source "$(dirname "$0")/lib.sh"
e2e_require_root_and_tools containerd ctr dockerd "$DOCKER_CLI"
write_policy "$E2E_TMP/policy.json"
start_dockerd
docker_import_busybox

must "docker run --rm --runtime hardrun" $DOCKER run --rm --runtime hardrun "$E2E_IMAGE" \
    sh -c "$PROBE"
assert_hardened "docker run" "$OUT"
hardened=$OUT
must "docker run --rm with the default runtime (runc)" $DOCKER run --rm "$E2E_IMAGE" sh -c "$PROBE"
assert_contains "docker plain: runs as root" "$OUT" "uid=0 gid=0"
assert_not_contains "docker plain: has capabilities" "$OUT" "CapEff: 0000000000000000"
assert_contains "docker plain: rootfs writable" "$OUT" "rootfs=writable"
echo "# docker: what the container saw, hardrun (<) vs runc (>):"
diff <(echo "$hardened") <(echo "$OUT") | sed 's/^/#   /' || true

# ---- lifecycle ----
lc=lc-$$
status() { $DOCKER inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }
status_is() { [[ $(status "$1") == "$2" ]]; }
in_lc() { capture $DOCKER exec "$lc" "$@"; }

must "docker run -d --runtime hardrun" $DOCKER run -d --name "$lc" --runtime hardrun \
    "$E2E_IMAGE" sh -c 'echo hello-from-lc; exec sleep 300'
wait_for "docker: container is running" 15 status_is "$lc" running
wait_for "docker logs shows the container's output" 10 \
    sh -c "$DOCKER logs $lc 2>&1 | grep -q hello-from-lc"

must "docker exec" $DOCKER exec "$lc" sh -c "$PROBE"
assert_exec_hardened "docker exec" "$OUT"
must "docker exec --privileged (still runs)" $DOCKER exec --privileged "$lc" sh -c "$PROBE"
assert_exec_hardened "docker exec --privileged" "$OUT"
capture $DOCKER exec -u 0 "$lc" sh -c "$PROBE"
if [[ $RC -ne 0 ]]; then
    assert_contains "docker exec -u 0: refused by hardrun" "$OUT" "hardrun:"
else
    assert_exec_hardened "docker exec -u 0: neutralised" "$OUT"
fi

must "docker pause" $DOCKER pause "$lc"
assert_eq "docker: container is paused" "paused" "$(status "$lc")"
must "docker unpause" $DOCKER unpause "$lc"
assert_eq "docker: container is running again" "running" "$(status "$lc")"

must "docker update --pids-limit 200" $DOCKER update --pids-limit 200 "$lc"
in_lc cat /sys/fs/cgroup/pids/pids.max
assert_eq "docker update: pids.max seen inside" "200" "$OUT"
must "docker update --memory 64m --memory-swap 128m" \
    $DOCKER update --memory 64m --memory-swap 128m "$lc"
in_lc cat /sys/fs/cgroup/memory/memory.limit_in_bytes
assert_eq "docker update: memory limit seen inside" "67108864" "$OUT"

must "docker stop -t 1" $DOCKER stop -t 1 "$lc"
assert_eq "docker: container exited" "exited" "$(status "$lc")"
must "docker start (a second create through hardrun)" $DOCKER start "$lc"
wait_for "docker: container is running after start" 15 status_is "$lc" running
in_lc sh -c "$PROBE"
assert_exec_hardened "docker exec after restart" "$OUT"
must "docker kill" $DOCKER kill "$lc"
wait_for "docker: container exited after kill" 15 status_is "$lc" exited
must "docker rm" $DOCKER rm "$lc"

# ---- nothing left behind ----
capture $DOCKER ps -aq
assert_eq "docker: no containers left" "" "$OUT"
capture $CTR -n moby containers ls -q
assert_eq "containerd: no moby containers left" "" "$OUT"
capture $CTR -n moby tasks ls -q
assert_eq "containerd: no moby tasks left" "" "$OUT"
