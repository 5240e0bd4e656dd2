#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The demo (as root on Debian 12): installs dependencies, builds hardrun, then runs the same
# busybox container under plain runc and under hardrun, side by side, and shows a refusal.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
source tests/e2e/lib_image.sh
HARDRUN=$PWD/build/release/shim/hardrun HARDRUNCTL=$PWD/build/release/shim/hardrunctl

work=$(mktemp -d /tmp/hardrun-demo.XXXXXX)
trap 'runc --root "$work/root" delete -f demo-refused >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
probe='grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status | tr "\t" " "
echo "uid: $(id -u)"
touch /rootfs-file 2>/dev/null && echo "write /: allowed" || echo "write /: refused"
touch /tmp/f 2>/dev/null && echo "write /tmp: allowed" || echo "write /tmp: refused"
unshare -U true 2>/dev/null && echo "unshare(2): allowed" || echo "unshare(2): refused"'
make_bundle "$work/b" sh -c "$probe" >/dev/null
cp "$work/b/config.json" "$work/engine.json"
cat >"$work/policy.json" <<JSON
{"state_dir": "$work/state", "decision_log": {"sink": "file", "path": "$work/decisions.log"}}
JSON
export HARDRUN_CONFIG=$work/policy.json

echo "== what hardrun would change (hardrunctl explain)"
"$HARDRUNCTL" explain "$work/b" || true
echo
runc --root "$work/root" run --bundle "$work/b" demo-runc >"$work/runc.out"
"$HARDRUN" --root "$work/root" run --bundle "$work/b" demo-hardrun >"$work/hardrun.out"
printf '== the same container\n%-28s | %s\n' "under runc" "under hardrun"
paste -d'|' <(awk '{printf "%-28s\n", $0}' "$work/runc.out") "$work/hardrun.out"

echo
echo "== a container asking for the host's pid namespace"
cp "$work/engine.json" "$work/b/config.json"
edit_bundle "$work/b" '.linux.namespaces |= map(select(.type != "pid"))'
if "$HARDRUN" --root "$work/root" --log "$work/log.json" --log-format json run --bundle "$work/b" demo-refused; then
    echo "demo: hardrun did not refuse it" >&2
    exit 1
fi
echo "runc's log file holds, for the engine to show: $(tail -1 "$work/log.json")"
echo
echo "== decision log ($(wc -l <"$work/decisions.log") entries); the last one:"
tail -1 "$work/decisions.log" | jq .
