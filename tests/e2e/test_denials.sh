#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What hardrun must refuse, through Docker, ctr and a direct call: the host pid and network
# namespaces, a bind mount of a protected host path, a host device, a privileged container.
# Each must fail with hardrun's reason in what the user sees (the shim turns the last error line
# of --log into "OCI runtime create failed: <msg>"), and leave nothing behind.
source "$(dirname "$0")/lib.sh"
e2e_require_root_and_tools containerd ctr dockerd "$DOCKER_CLI"
write_policy "$E2E_TMP/policy.json"
start_dockerd
docker_import_busybox
ctr_import_busybox

DEVICE=
for d in /dev/fuse /dev/net/tun /dev/loop-control /dev/kmsg; do
    [[ -c $d ]] && DEVICE=$d && break
done
[[ -n $DEVICE ]] || e2e_skip "no character device to pass in (/dev/fuse, /dev/net/tun, ...)"

# refused WHO WHY-REGEX: after must_fail, the output must carry hardrun's refusal and reason.
refused() {
    echo "# $1: the user sees: $(grep -m1 'hardrun' <<<"$OUT" | cut -c1-400 || true)"
    assert_contains "$1: hardrun's refusal reaches the user" "$OUT" "hardrun: refused"
    assert_match "$1: the reason is given" "$OUT" "$2"
}

# ---- Docker ----
docker_denied() {
    local what=$1 why=$2 name=deny-$((++n))
    shift 2
    must_fail "docker $what is refused" $DOCKER run --rm --name "$name" --runtime hardrun "$@" \
        "$E2E_IMAGE" true
    refused "docker $what" "$why"
    capture $DOCKER ps -aq --filter "name=^$name\$"
    assert_eq "docker $what: no container left" "" "$OUT"
}
n=0
docker_denied --pid=host "host pid namespace" --pid=host
docker_denied --net=host "host network namespace" --net=host
docker_denied "-v /etc:/h" "protected host path /etc" -v /etc:/h:ro
docker_denied "--device $DEVICE" "device $DEVICE" --device "$DEVICE"
docker_denied --privileged "privileged|capabilit|device" --privileged
capture $CTR -n moby tasks ls -q
assert_eq "containerd: no moby task left" "" "$OUT"

# ---- ctr (containerd's runc.v2 shim with BinaryName=hardrun) ----
ctr_denied() {
    local what=$1 why=$2 id=deny-$((++n))
    shift 2
    must_fail "ctr $what is refused" $CTR run --rm --runc-binary "$HARDRUN_BIN" "$@" \
        "$E2E_IMAGE" "$id" true
    refused "ctr $what" "$why"
    capture $CTR tasks ls -q
    assert_not_contains "ctr $what: no task left" "$OUT" "$id"
    capture $CTR containers ls -q
    if [[ $OUT == *"$id"* ]]; then  # ctr run --rm only removes what it started
        must "ctr $what: container record removable" $CTR containers rm "$id"
    fi
    assert_eq "ctr $what: no bundle left" "false" \
        "$([[ -e $E2E_TMP/c/state/io.containerd.runtime.v2.task/default/$id ]] && echo true || echo false)"
}
ctr_denied "--with-ns pid:/proc/1/ns/pid" "host pid namespace" --with-ns pid:/proc/1/ns/pid
ctr_denied --net-host "host network namespace" --net-host
ctr_denied "--mount /etc" "protected host path /etc" \
    --mount type=bind,src=/etc,dst=/h,options=rbind:ro
ctr_denied "--device $DEVICE" "device $DEVICE" --device "$DEVICE"

# ---- direct call: the error contract ----
b=$E2E_TMP/deny-bundle
make_bundle "$b" true
edit_bundle "$b" '.linux.namespaces |= map(select(.type != "pid"))'
cp "$b/config.json" "$E2E_TMP/deny.orig.json"
e2e_on_teardown runc_remove_all runc "$E2E_TMP/hr-root"
must_fail "hardrun create with the host pid namespace is refused" "$HARDRUN_BIN" \
    --root "$E2E_TMP/hr-root" --log "$E2E_TMP/deny-log.json" --log-format json \
    create --bundle "$b" deny-direct
refused "hardrun create" "host pid namespace"
assert_eq "refusal exits 1" "1" "$RC"
if cmp -s "$b/config.json" "$E2E_TMP/deny.orig.json"; then
    ok "refused create leaves config.json byte-for-byte unchanged"
else
    fail "refused create leaves config.json byte-for-byte unchanged" \
        "$(diff <(jq -S . "$E2E_TMP/deny.orig.json") <(jq -S . "$b/config.json") | head -20)"
fi
capture jq -c 'select(.level == "error") | .msg' "$E2E_TMP/deny-log.json"
assert_contains "--log has the refusal as a runc-format error line" "$OUT" '"hardrun: refused'
capture runc --root "$E2E_TMP/hr-root" list -q
assert_eq "no runc container left" "" "$OUT"
