#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Start-up cost of hardrun against plain runc on one busybox bundle, interleaved runs:
#   runc(engine spec)   what the engine asked for, un-hardened
#   runc(hardened spec) the very container hardrun produces, started by runc directly
#   hardrun(engine spec) hardrun rewriting the engine's spec, then exec'ing runc
#   hardrun(trust)      the same, plus image identity from a Docker-layout store, a cosign
#                       signature approved earlier (as on a node that ran the image before) and a
#                       scan gate (needs HARDRUNCTL_BIN); and, once per run, `hardrunctl trust
#                       verify`, what a start without an approval adds
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
# Engines bind-mount /etc/hostname (Docker from its container directory); every case carries
# the same mount, so the trust case's specs differ from the others only in its source.
echo bench >"$work/hostname"
jq --arg src "$work/hostname" '.mounts += [{destination: "/etc/hostname", type: "bind", source: $src,
    options: ["rbind", "ro"]}]' "$work/b/config.json" >"$work/engine.json"
cp "$work/engine.json" "$work/b/config.json"
cat >"$work/policy.json" <<JSON
{"runtime": {"path": "$RUNC"}, "state_dir": "$work/state", "engine_managed_paths": ["$work/hostname"],
 "decision_log": {"sink": "file", "path": "$work/decisions.log"}}
JSON
export HARDRUN_CONFIG=$work/policy.json
"$HARDRUN_BIN" --root "$work/root" run --bundle "$work/b" warm >/dev/null
cp "$work/b/config.json" "$work/hardened.json"
cmp -s "$work/engine.json" "$work/hardened.json" && { echo "bench_start: hardrun changed nothing" >&2; exit 1; }

# ---- the trust case: an image "127.0.0.1:5000/bench:1" as Docker's store records it, its
# signature in the cache as a fetch leaves it, an approval, and an imported Trivy report.
trust=0
if [[ -n ${HARDRUNCTL_BIN:-} ]]; then
    trust=1
    repo=127.0.0.1:5000/bench manifest=sha256:$(printf bench-manifest | sha256sum | cut -d' ' -f1)
    config=sha256:$(printf bench-config | sha256sum | cut -d' ' -f1)
    data=$work/docker
    mkdir -p "$data/image/overlay2" "$work/keys" "$work/specs"
    jq -n --arg r "$repo" --arg m "$manifest" --arg c "$config" \
        '{Repositories: {($r): {($r + ":1"): $c, ($r + "@" + $m): $c}}}' >"$data/image/overlay2/repositories.json"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/keys/k.pem" 2>/dev/null
    openssl pkey -in "$work/keys/k.pem" -pubout -out "$work/keys/k.pub"
    printf '{"critical":{"identity":{"docker-reference":"%s"},"image":{"docker-manifest-digest":"%s"},"type":"cosign container image signature"},"optional":null}' \
        "$repo" "$manifest" >"$work/keys/payload"
    openssl dgst -sha256 -sign "$work/keys/k.pem" -out "$work/keys/sig" "$work/keys/payload"
    sigdir=$work/cache/signatures/$repo/sha256/${manifest#sha256:}
    mkdir -p "$sigdir"
    chmod 0700 "$sigdir"
    jq -n --arg p "$(base64 -w0 "$work/keys/payload")" --arg s "$(base64 -w0 "$work/keys/sig")" \
        '{kind: "cosign", payload: $p, signature: $s, source: "bench", fetched_at: "2026-01-01T00:00:00Z"}' >"$sigdir/sig.json"
    jq -n --argjson n "$(date +%s)" '{fetched_at: "now", fetched_at_unix: $n}' >"$sigdir/complete"
    chmod 0600 "$sigdir"/*
    jq -n --arg r "$repo" --arg m "$manifest" --arg c "$config" --arg t "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
        SchemaVersion: 2, CreatedAt: $t, ArtifactName: ($r + ":1"), ArtifactType: "container_image",
        Metadata: {ImageID: $c, RepoDigests: [($r + "@" + $m)]},
        Results: [{Target: "bench", Class: "os-pkgs", Type: "debian", Vulnerabilities: [
            {VulnerabilityID: "CVE-2026-0001", PkgName: "zlib1g", InstalledVersion: "1", Severity: "LOW"}]}]}' \
        >"$work/trivy.json"
    "$HARDRUNCTL_BIN" scan import --cache-dir "$work/cache" "$work/trivy.json" >/dev/null
    printf '{"default":[{"type":"reject"}],"transports":{"docker":{"%s":[{"type":"sigstoreSigned","keyPath":"%s","signedIdentity":{"type":"matchRepository"}}]}}}' \
        "$repo" "$work/keys/k.pub" >"$work/containers-policy.json"
    jq --arg w "$work" '. + {images: {signature_policy: ($w + "/containers-policy.json"), cache_dir: ($w + "/cache"),
        fetch_on_miss: false}, engine_managed_paths: [($w + "/docker/containers/*")], default: {trust: {signatures: "verify", scan: {mode: "enforce", max_severity: "high"}}}}' \
        "$work/policy.json" >"$work/trust-policy.json"
    # The approval a first start would leave: stored once the inputs have been still for 2 s.
    verify=("$HARDRUNCTL_BIN" trust verify --policy "$work/containers-policy.json" --cache-dir "$work/cache"
            --timeout-ms 1000 --no-fetch --reference "$repo:1" "$repo@$manifest")
    sleep 2.1
    "${verify[@]}" >/dev/null || { echo "bench_start: trust verify refused the bench image" >&2; exit 1; }
    [[ -f $work/cache/approvals/$repo/sha256/${manifest#sha256:}.json ]] ||
        { echo "bench_start: trust verify stored no approval" >&2; exit 1; }
    # One spec per container: Docker's /etc/hostname mount names the container's own directory.
    for ((i = 0; i < RUNS + 3; i++)); do
        mkdir -p "$data/containers/t$i"
        echo bench >"$data/containers/t$i/hostname"
        jq -n --arg img "$repo:1" --arg c "$config" '{Config: {Image: $img}, Image: $c, Driver: "overlay2"}' \
            >"$data/containers/t$i/config.v2.json"
        jq --arg src "$data/containers/t$i/hostname" '(.mounts[] | select(.destination == "/etc/hostname")).source = $src' \
            "$work/engine.json" >"$work/specs/t$i.json"
    done
fi

declare -a t_plain t_hard t_hardrun t_trust t_verify
now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }
timed() { local s e; s=$(now_us); "$@" >/dev/null 2>&1 || { echo "bench_start: failed: $*" >&2; exit 1; }; e=$(now_us); echo $((e - s)); }
for ((i = 0; i < RUNS + 3; i++)); do
    cp "$work/engine.json" "$work/b/config.json"
    a=$(timed "$RUNC" --root "$work/root" run --bundle "$work/b" "p$i")
    cp "$work/hardened.json" "$work/b/config.json"
    b=$(timed "$RUNC" --root "$work/root" run --bundle "$work/b" "h$i")
    cp "$work/engine.json" "$work/b/config.json"
    c=$(timed "$HARDRUN_BIN" --root "$work/root" run --bundle "$work/b" "r$i")
    d=0
    if ((trust)); then
        cp "$work/specs/t$i.json" "$work/b/config.json"
        d=$(HARDRUN_CONFIG=$work/trust-policy.json timed "$HARDRUN_BIN" --root "$work/root" run --bundle "$work/b" "t$i")
        t_verify+=("$(timed "${verify[@]}")")
    fi
    ((i < 3)) && continue  # warm-up
    t_plain+=("$a") t_hard+=("$b") t_hardrun+=("$c") t_trust+=("$d")
done

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
mp=$(median "${t_plain[@]}") mh=$(median "${t_hard[@]}") mr=$(median "${t_hardrun[@]}") mt=$(median "${t_trust[@]}")
# Each iteration runs the cases back to back, so the ratio within an iteration is spared the
# machine's slow drifts; its median is the steadier figure.
paired() { local -n num=$1 den=$2; local i; for i in "${!num[@]}"; do echo "${num[$i]} ${den[$i]}"; done |
    awk '{print $1 / $2}' | sort -n | awk '{v[NR]=$1} END {printf "%.3f", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
pr=$(paired t_hardrun t_hard) pt=0
((trust)) && pt=$(paired t_trust t_hard)
mv=0
if ((trust)); then
    mv=$(median "${t_verify[@]}")
    last=$(tail -n 1 "$work/decisions.log")
    grep -q '"verdict" *: *"allowed"' <<<"$last" ||
        { echo "bench_start: the trust case was not allowed; last decision:" >&2; echo "$last" >&2; exit 1; }
    grep -q '"approval" *: *{ *"verified_at"' <<<"$last" ||
        { echo "bench_start: the trust case did not ride on its approval; last decision:" >&2; echo "$last" >&2; exit 1; }
fi
awk -v p="$mp" -v h="$mh" -v r="$mr" -v t="$mt" -v v="$mv" -v n="$RUNS" -v pr="$pr" -v pt="$pt" 'BEGIN {
    printf "bench: %d runs each, median wall time of `run` (busybox `true`)\n", n
    printf "bench: runc run, engine spec         %8.2f ms\n", p / 1000
    printf "bench: runc run, hardened spec       %8.2f ms\n", h / 1000
    printf "bench: hardrun run, engine spec      %8.2f ms\n", r / 1000
    printf "bench: ratio hardrun / runc(hardened spec) = %.3f  (hardrun itself; target <= 1.03)\n", r / h
    printf "bench: paired ratio hardrun / runc(hardened spec) = %.3f  (median of per-iteration ratios)\n", pr
    printf "bench: ratio hardrun / runc(engine spec)   = %.3f  (including what hardening costs runc)\n", r / p
    if (t > 0) {
        printf "bench: hardrun run, signature + scan %8.2f ms  (approval and scan summary cached)\n", t / 1000
        printf "bench: ratio hardrun(trust) / runc(hardened spec) = %.3f  (target <= 1.05)\n", t / h
        printf "bench: paired ratio hardrun(trust) / runc(hardened spec) = %.3f\n", pt
        printf "bench: hardrunctl trust verify       %8.2f ms  (added to a start without an approval)\n", v / 1000
    }
}'
