# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# hardrun driven directly with runc's command line, as an engine would (sourced by the
# test_runc_direct and test_crun scripts). RUNTIME is the real runtime hardrun wraps (the policy
# names it); plain runs use it without hardrun to show what hardrun changed.

# direct_setup RUNTIME: globals HR (hardrun with the globals an engine sends) and PLAIN.
direct_setup() {
    RUNTIME=$1
    HR_ROOT=$E2E_TMP/hr-root
    HR_LOG=$E2E_TMP/hr-log.json
    HR=("$HARDRUN_BIN" --root "$HR_ROOT" --log "$HR_LOG" --log-format json)
    PLAIN=("$RUNTIME" --root "$E2E_TMP/plain-root")
    e2e_on_teardown runc_remove_all "$RUNTIME" "$HR_ROOT"
    e2e_on_teardown runc_remove_all "$RUNTIME" "$E2E_TMP/plain-root"
}

# direct_hardened_vs_plain LABEL: run the probe through hardrun, then the untouched bundle
# through the plain runtime, and show the difference.
direct_hardened_vs_plain() {
    local label=$1 b=$E2E_TMP/probe hardened
    make_bundle "$b" sh -c "$PROBE"
    cp "$b/config.json" "$E2E_TMP/config.orig.json"
    must "$label: hardrun run exits 0" "${HR[@]}" run --bundle "$b" "hr-probe-$$"
    hardened=$OUT
    assert_hardened "$label via hardrun" "$hardened"
    if cmp -s "$b/config.json" "$E2E_TMP/config.orig.json"; then
        fail "$label: hardrun rewrote config.json" "config.json is byte-for-byte unchanged"
    else
        ok "$label: hardrun rewrote config.json in the bundle"
    fi

    cp "$E2E_TMP/config.orig.json" "$b/config.json"
    must "$label: plain $RUNTIME run exits 0" "${PLAIN[@]}" run --bundle "$b" "plain-probe-$$"
    assert_contains "$label plain: probe ran" "$OUT" "probe-done"
    assert_not_contains "$label plain: CapEff is not empty" "$OUT" "CapEff: 0000000000000000"
    assert_contains "$label plain: runs as root" "$OUT" "uid=0 gid=0"
    assert_contains "$label plain: no seccomp" "$OUT" "Seccomp: 0"
    assert_contains "$label plain: NoNewPrivs off" "$OUT" "NoNewPrivs: 0"
    assert_contains "$label plain: rootfs writable" "$OUT" "rootfs=writable"
    assert_not_contains "$label plain: /proc/keys not masked" "$OUT" "keys=masked"
    echo "# $label: what the container saw, hardrun (<) vs plain $RUNTIME (>):"
    diff <(echo "$hardened") <(echo "$OUT") | sed 's/^/#   /' || true
}

# direct_state ID: the container's status as the runtime reports it ("" if none).
direct_state() { "${HR[@]}" state "$1" 2>/dev/null | jq -r .status 2>/dev/null || true; }

state_is() { [[ $(direct_state "$1") == "$2" ]]; }

# assert_refused_or_neutralised WHAT: after `capture`, a privilege request must either be
# refused by hardrun or have no effect (no capabilities, not root).
assert_refused_or_neutralised() {
    if [[ $RC -ne 0 ]]; then
        assert_contains "$1: refused by hardrun" "$OUT" "hardrun:"
    else
        assert_exec_hardened "$1: neutralised" "$OUT"
    fi
}

# direct_lifecycle LABEL: create, start, state, ps, pause, resume, exec, kill, delete.
direct_lifecycle() {
    local label=$1 b=$E2E_TMP/lc id=hr-lc-$$
    make_bundle "$b" sh -c 'echo started; exec sleep 300'
    cp "$b/config.json" "$E2E_TMP/lc.orig.json"
    # The container inherits create's stdio: give it a file, never a pipe we wait on.
    if ! timeout 60 "${HR[@]}" create --bundle "$b" --pid-file "$E2E_TMP/lc.pid" "$id" \
        </dev/null >"$E2E_TMP/lc.out" 2>&1; then
        fail "$label: hardrun create" "output:" "$(indent "$(cat "$E2E_TMP/lc.out")")" \
            "--log file:" "$(indent "$(cat "$HR_LOG" 2>&1)")"
    fi
    ok "$label: hardrun create exits 0"
    assert_eq "$label: state after create" "created" "$(direct_state "$id")"
    [[ -s $E2E_TMP/lc.pid ]] || fail "$label: create wrote --pid-file" "$E2E_TMP/lc.pid is empty"
    ok "$label: create wrote --pid-file ($(cat "$E2E_TMP/lc.pid"))"
    must "$label: hardrun start" "${HR[@]}" start "$id"
    wait_for "$label: state is running" 10 state_is "$id" running
    wait_for "$label: container printed 'started'" 10 grep -q started "$E2E_TMP/lc.out"

    must "$label: hardrun ps --format json" "${HR[@]}" ps --format json "$id"
    assert_eq "$label: ps lists the container's pids" "true" \
        "$(jq -c 'type == "array" and length > 0 and all(type == "number")' <<<"$OUT" 2>&1)"
    must "$label: hardrun pause" "${HR[@]}" pause "$id"
    assert_eq "$label: state after pause" "paused" "$(direct_state "$id")"
    must "$label: hardrun resume" "${HR[@]}" resume "$id"
    assert_eq "$label: state after resume" "running" "$(direct_state "$id")"

    must "$label: hardrun exec" "${HR[@]}" exec "$id" sh -c "$PROBE"
    assert_exec_hardened "$label exec" "$OUT"
    capture "${HR[@]}" exec --user 0:0 --cap CAP_SYS_ADMIN "$id" sh -c "$PROBE"
    assert_refused_or_neutralised "$label exec --user 0:0 --cap CAP_SYS_ADMIN"
    jq --arg probe "$PROBE" '.process | .args = ["sh", "-c", $probe] | .user = {uid: 0, gid: 0}
        | .capabilities = {bounding: ["CAP_SYS_ADMIN"], effective: ["CAP_SYS_ADMIN"],
                           permitted: ["CAP_SYS_ADMIN"]} | .noNewPrivileges = false' \
        "$E2E_TMP/lc.orig.json" >"$E2E_TMP/process.json"
    capture "${HR[@]}" exec --process "$E2E_TMP/process.json" "$id"
    assert_refused_or_neutralised "$label exec --process (root, CAP_SYS_ADMIN)"

    must "$label: hardrun kill KILL" "${HR[@]}" kill "$id" KILL
    wait_for "$label: state is stopped" 10 state_is "$id" stopped
    must "$label: hardrun delete" "${HR[@]}" delete "$id"
    assert_eq "$label: no state after delete" "" "$(direct_state "$id")"
}
