# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Assertions and command capture for the e2e tests (sourced by lib.sh). Every assertion prints
# "ok - <what>" or "not ok - <what>" with what was expected and what was seen, and the first
# failure ends the test (E2E_KEEP_GOING=1: report every failure, then exit 1 at the end).

E2E_PASSED=0
E2E_FAILED=0

ok() {
    E2E_PASSED=$((E2E_PASSED + 1))
    echo "ok - $*"
}

# indent TEXT: show multi-line output under a failure.
indent() { printf '%s\n' "$1" | sed 's/^/  | /'; }

# fail WHAT [DETAIL...]: report and end the test.
fail() {
    local what=$1
    shift
    echo "not ok - $what"
    local line
    for line in "$@"; do printf '%s\n' "$line" | sed 's/^/  /'; done
    E2E_FAILED=$((E2E_FAILED + 1))
    [[ ${E2E_KEEP_GOING:-0} == 1 ]] && return 0
    echo "# $E2E_NAME: $E2E_PASSED assertions passed before this failure"
    exit 1
}

# assert_eq WHAT EXPECTED SEEN
assert_eq() {
    if [[ $3 == "$2" ]]; then
        ok "$1"
    else
        fail "$1" "expected: '$2'" "seen:     '$3'"
    fi
}

# assert_contains WHAT HAYSTACK NEEDLE
assert_contains() {
    if [[ $2 == *"$3"* ]]; then
        ok "$1"
    else
        fail "$1" "expected output containing: '$3'" "seen:" "$(indent "$2")"
    fi
}

# assert_not_contains WHAT HAYSTACK NEEDLE
assert_not_contains() {
    if [[ $2 != *"$3"* ]]; then
        ok "$1"
    else
        fail "$1" "expected output without: '$3'" "seen:" "$(indent "$2")"
    fi
}

# assert_match WHAT HAYSTACK ERE (case-insensitive, any line)
assert_match() {
    if grep -qiE -- "$3" <<<"$2"; then
        ok "$1"
    else
        fail "$1" "expected a line matching /$3/i" "seen:" "$(indent "$2")"
    fi
}

# capture CMD...: run with a time limit, never tripping set -e. Sets OUT (stdout+stderr) and RC.
# Output goes through a file, not a pipe: a container that inherits it (runc create, a runtime
# that did not refuse) would otherwise keep $(...) waiting forever.
capture() {
    local t=${E2E_CMD_TIMEOUT:-120} f=$E2E_TMP/capture.out
    set +e
    timeout -k 5 "$t" "$@" >"$f" 2>&1 </dev/null
    RC=$?
    set -e
    OUT=$(cat "$f")
    rm -f "$f"
    if [[ $RC -eq 124 || $RC -eq 137 ]]; then
        OUT+=$'\n'"(timed out after $t s: $*)"
    fi
}

# must WHAT CMD...: CMD must succeed; output kept in OUT.
must() {
    local what=$1
    shift
    capture "$@"
    if [[ $RC -ne 0 ]]; then
        fail "$what" "command: $*" "expected exit 0, seen exit $RC; output:" "$(indent "$OUT")"
    else
        ok "$what"
    fi
}

# must_fail WHAT CMD...: CMD must fail; output kept in OUT.
must_fail() {
    local what=$1
    shift
    capture "$@"
    if [[ $RC -eq 0 ]]; then
        fail "$what" "command: $*" "expected a non-zero exit, seen 0; output:" "$(indent "$OUT")"
    else
        ok "$what (exit $RC)"
    fi
}

# wait_for WHAT SECONDS CMD...: poll CMD until it succeeds.
wait_for() {
    local what=$1 secs=$2 deadline=$((SECONDS + $2))
    shift 2
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            capture "$@"
            fail "$what" "still false after $secs s: $*" "last output (exit $RC):" "$(indent "$OUT")"
            return 0
        fi
        sleep 0.2
    done
    ok "$what"
}
