#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The whole test suite, as CI runs it (as root on Debian 12): installs dependencies, builds with
# -Werror, runs the unit tests, the unit tests under ASan/UBSan, the fuzzers for a bounded
# number of inputs, the end-to-end suite against real runc, crun, containerd and dockerd, and
# the benchmarks. End-to-end tests may not be skipped: a skip is a failure here.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=${CI:-true}   # the e2e scripts turn "cannot run" into a failure under CI
jobs=$(nproc)
passed=0 failed=0
step() { printf '\n=== %s (%s)\n' "$1" "$(date +%T)"; }

# ctest_tally DIR PRESET: runs a test preset, adds its counts, fails on any failure or skip.
ctest_tally() {
    local log
    log=$(mktemp)
    set +e
    ctest --preset "$1" --no-tests=error 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    set -e
    local total fails
    total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log" | tail -1)
    fails=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
    passed=$((passed + ${total:-0} - ${fails:-0})) failed=$((failed + ${fails:-0}))
    if grep -qE '\*\*\*Skipped|Not Run' "$log"; then
        echo "run.sh: a test of preset $1 was skipped; that is a failure" >&2
        rc=1 failed=$((failed + 1))
    fi
    rm -f "$log"
    return "$rc"
}

step "dependencies"
bash .ci/install-deps.sh

step "release build (-Werror)"
cmake --preset release
cmake --build --preset release -j"$jobs"

status=0
step "unit tests"
ctest_tally unit || status=1

step "interop: real cosign artefacts (../shared/interop, when present)"
interop=$(cd .. && pwd)/shared/interop
if [[ -d $interop ]]; then
    if bash tests/interop/check_cosign.sh build/release/shim/hardrunctl; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)) status=1
    fi
else
    echo "interop: $interop is absent; the project's own tests make their own keys"
fi

step "ASan/UBSan build and unit tests"
cmake --preset asan
cmake --build --preset asan -j"$jobs"
ctest_tally unit-asan || status=1

step "fuzzers (bounded)"
cmake --preset fuzz
cmake --build --preset fuzz -j"$jobs" --target fuzz_cli fuzz_policy fuzz_spec fuzz_trust fuzz_scan fuzz_identity
ctest_tally fuzz || status=1

step "end-to-end tests (real runc, crun, containerd, dockerd)"
ctest_tally e2e || status=1

step "benchmarks"
ctest_tally bench || status=1

printf '\nall: %d passed, %d failed\n' "$passed" "$failed"
exit "$status"
