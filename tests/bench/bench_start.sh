#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Start-up cost of hardrun against plain runc on one busybox bundle, interleaved runs:
#   runc(engine spec)   what the engine asked for, un-hardened
#   runc(hardened spec) the very container hardrun produces, started by runc directly
#   hardrun(engine spec) hardrun rewriting the engine's spec, then exec'ing runc
# hardrun / runc(hardened) is hardrun's own overhead; hardrun / runc(engine) also counts what
# the hardening costs runc (mounts, seccomp compilation). Usage: bench_start.sh [RUNS] (>= 30).
set -euo pipefail
RUNS=${1:-30}
HARDRUN_BIN=${HARDRUN_BIN:?set HARDRUN_BIN to the hardrun binary}
RUNC=${RUNC:-/usr/sbin/runc}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
[[ $(id -u) == 0 ]] || { echo "bench_start: needs root (runc creates containers)" >&2; exit 1; }
source "$SRC/tests/e2e/lib_image.sh"

# Engines keep bundles and runtime state on tmpfs (/run), so the benchmark does too.
work=$(mktemp -d /dev/shm/hardrun-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
make_bundle "$work/b" true >/dev/null
cp "$work/b/config.json" "$work/engine.json"
cat >"$work/policy.json" <<JSON
{"runtime": {"path": "$RUNC"}, "state_dir": "$work/state",
 "decision_log": {"sink": "file", "path": "$work/decisions.log"}}
JSON
export HARDRUN_CONFIG=$work/policy.json
"$HARDRUN_BIN" --root "$work/root" run --bundle "$work/b" warm >/dev/null
cp "$work/b/config.json" "$work/hardened.json"
cmp -s "$work/engine.json" "$work/hardened.json" && { echo "bench_start: hardrun changed nothing" >&2; exit 1; }

declare -a t_plain t_hard t_hardrun
now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }
timed() { local s e; s=$(now_us); "$@" >/dev/null 2>&1 || { echo "bench_start: failed: $*" >&2; exit 1; }; e=$(now_us); echo $((e - s)); }
for ((i = 0; i < RUNS + 3; i++)); do
    cp "$work/engine.json" "$work/b/config.json"
    a=$(timed "$RUNC" --root "$work/root" run --bundle "$work/b" "p$i")
    cp "$work/hardened.json" "$work/b/config.json"
    b=$(timed "$RUNC" --root "$work/root" run --bundle "$work/b" "h$i")
    cp "$work/engine.json" "$work/b/config.json"
    c=$(timed "$HARDRUN_BIN" --root "$work/root" run --bundle "$work/b" "r$i")
    ((i < 3)) && continue  # warm-up
    t_plain+=("$a") t_hard+=("$b") t_hardrun+=("$c")
done

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
mp=$(median "${t_plain[@]}") mh=$(median "${t_hard[@]}") mr=$(median "${t_hardrun[@]}")
awk -v p="$mp" -v h="$mh" -v r="$mr" -v n="$RUNS" 'BEGIN {
    printf "bench: %d runs each, median wall time of `run` (busybox `true`)\n", n
    printf "bench: runc run, engine spec         %8.2f ms\n", p / 1000
    printf "bench: runc run, hardened spec       %8.2f ms\n", h / 1000
    printf "bench: hardrun run, engine spec      %8.2f ms\n", r / 1000
    printf "bench: ratio hardrun / runc(hardened spec) = %.3f  (hardrun itself; target <= 1.03)\n", r / h
    printf "bench: ratio hardrun / runc(engine spec)   = %.3f  (including what hardening costs runc)\n", r / p
}'
