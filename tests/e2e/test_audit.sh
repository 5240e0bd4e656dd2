#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Audit mode: hardrun decides and logs, but changes nothing. With the default rule in "audit",
# config.json must stay byte-for-byte the same across `create`, the container must run exactly
# as written (root, capabilities, no seccomp), even one enforce mode would refuse (host pid
# namespace), and the decision log must get a JSON line with "mode":"audit". A rule selected by
# annotation can put one container in audit while the default still enforces.
source "$(dirname "$0")/lib.sh"
e2e_require_root_and_tools containerd ctr
write_policy "$E2E_TMP/policy.json" '.default.mode = "audit"'
DLOG=$E2E_TMP/decisions.log
ROOT=$E2E_TMP/hr-root
HR=("$HARDRUN_BIN" --root "$ROOT" --log "$E2E_TMP/hr-log.json" --log-format json)
e2e_on_teardown runc_remove_all runc "$ROOT"

state_of() { "${HR[@]}" state "$1" 2>/dev/null | jq -r .status 2>/dev/null || true; }
state_is() { [[ $(state_of "$1") == "$2" ]]; }

# create_start_wait WHAT BUNDLE ID: create (config.json must not change), start, wait for exit.
# The container's output is left in OUT.
create_start_wait() {
    local what=$1 b=$2 id=$3
    cp "$b/config.json" "$E2E_TMP/$id.orig.json"
    if ! timeout 60 "${HR[@]}" create --bundle "$b" "$id" </dev/null >"$E2E_TMP/$id.out" 2>&1; then
        fail "$what: hardrun create" "$(cat "$E2E_TMP/$id.out")"
    else
        ok "$what: hardrun create exits 0"
    fi
    if cmp "$b/config.json" "$E2E_TMP/$id.orig.json"; then
        ok "$what: config.json byte-for-byte unchanged by create"
    else
        fail "$what: config.json byte-for-byte unchanged by create" \
            "$(diff <(jq -S . "$E2E_TMP/$id.orig.json") <(jq -S . "$b/config.json") | head -30)"
    fi
    must "$what: hardrun start" "${HR[@]}" start "$id"
    wait_for "$what: container ran to the end" 15 state_is "$id" stopped
    must "$what: hardrun delete" "${HR[@]}" delete "$id"
    OUT=$(cat "$E2E_TMP/$id.out")
}

# ---- default rule in audit ----
make_bundle "$E2E_TMP/a" sh -c "$PROBE"
create_start_wait "audit" "$E2E_TMP/a" audit-$$
assert_contains "audit: probe ran" "$OUT" "probe-done"
assert_contains "audit: still root" "$OUT" "uid=0 gid=0"
assert_contains "audit: no seccomp added" "$OUT" "Seccomp: 0"
assert_not_contains "audit: capabilities kept" "$OUT" "CapEff: 0000000000000000"
assert_contains "audit: rootfs still writable" "$OUT" "rootfs=writable"

capture cat "$DLOG"
assert_match "decision log has a \"mode\":\"audit\" line" "$OUT" '"mode" *: *"audit"'
capture jq -c . "$DLOG"
assert_eq "decision log is one JSON value per line" "0" "$RC"
assert_contains "decision log names the container" "$OUT" "audit-$$"

# ---- what enforce would refuse runs in audit, and is logged ----
# shellcheck disable=SC2016  # expanded in the container
make_bundle "$E2E_TMP/p" sh -c 'echo pid1=$(cat /proc/1/comm)'
edit_bundle "$E2E_TMP/p" '.linux.namespaces |= map(select(.type != "pid"))'
create_start_wait "audit, host pid namespace" "$E2E_TMP/p" hostpid-$$
assert_not_contains "audit, host pid: ran in the host pid namespace" "$OUT" "pid1=sh"
capture grep "hostpid-$$" "$DLOG"
assert_match "audit, host pid: the would-be refusal is logged" "$OUT" "host pid namespace"

# ---- ctr in audit ----
start_containerd
ctr_import_busybox
must "ctr run (audit) through hardrun" $CTR run --rm --runc-binary "$HARDRUN_BIN" \
    "$E2E_IMAGE" "ctr-audit-$$" sh -c "$PROBE"
assert_contains "ctr audit: still root" "$OUT" "uid=0 gid=0"
assert_contains "ctr audit: no seccomp added (ctr sets none)" "$OUT" "Seccomp: 0"
capture grep "ctr-audit-$$" "$DLOG"
assert_match "ctr audit: decision logged with mode audit" "$OUT" '"mode" *: *"audit"'

# ---- enforce by default, audit for one rule selected by annotation ----
write_policy "$E2E_TMP/policy.json" '.rules = [{name: "audit-annotated",
    match: {annotations: {"e2e.hardrun/audit": "y*"}}, mode: "audit"}]'
make_bundle "$E2E_TMP/r" sh -c "$PROBE"
edit_bundle "$E2E_TMP/r" '.annotations["e2e.hardrun/audit"] = "yes"'
create_start_wait "rule audit-annotated" "$E2E_TMP/r" rule-$$
assert_contains "rule audit-annotated: still root" "$OUT" "uid=0 gid=0"
capture grep "rule-$$" "$DLOG"
assert_contains "rule audit-annotated: decision names the rule" "$OUT" "audit-annotated"

make_bundle "$E2E_TMP/e" sh -c "$PROBE"
must "without the annotation: enforce (hardrun run)" "${HR[@]}" run --bundle "$E2E_TMP/e" enf-$$
assert_hardened "without the annotation" "$OUT"
