#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `hardrunctl configure` / `unconfigure` against the engines' own readers of their files.
#  1. containerd 1.6: the private config.toml (CRI plugin on, a [..cri.containerd] table of the
#     operator's own) gets a "hardened" handler and --set-as-default; `containerd config dump`
#     (containerd's parser and defaults) must show the handler with runtime_type and BinaryName,
#     and the real daemon must start on the file with its CRI plugin loaded ("ok" in `ctr plugins
#     ls`; the plugin refuses a default_runtime_name that names no handler). A version 1 file
#     (no `version` key) is dumped the same way.
#  2. Docker 20.10: an empty daemon.json gets the runtime "hardrun"; dockerd started on that file
#     runs a hardened container with `docker run --runtime hardrun`.
#  For both: a second configure changes no byte, a malformed file is refused and left byte
#     for byte with no backup, --dry-run writes nothing, and unconfigure gives back the original
#     bytes.
#  3. CRI-O, the file only (CRI-O is not packaged for Debian 12): the drop-in is written by the
#     command line and removed by unconfigure; its contents are checked by the unit tests.
# Not verified, because Debian 12 packages no CRI client (crictl): a container started through
# the CRI handler itself (RunPodSandbox with runtime_handler "hardened"). What stands in for it:
# containerd's own parse of the handler, its CRI plugin accepting it, and `ctr run` with the
# runc.v2 shim given exactly the BinaryName containerd reports. That is the same shim option the
# handler sets, but chosen by ctr, not by the CRI plugin (test_handler.sh covers CRI-style
# namespace and annotations).
source "$(dirname "$0")/lib.sh"
e2e_require_root_and_tools containerd ctr dockerd "$DOCKER_CLI" cmp
[[ -n ${HARDRUNCTL_BIN:-} && -x ${HARDRUNCTL_BIN:-} ]] ||
    e2e_skip "HARDRUNCTL_BIN is not set to an executable (path to the built hardrunctl)"
CTL=$HARDRUNCTL_BIN
write_policy "$E2E_TMP/policy.json"

# same_bytes WHAT EXPECTED-FILE FILE
same_bytes() {
    if cmp -s "$2" "$3"; then
        ok "$1"
    else
        fail "$1" "$3 differs from $2:" "$(indent "$(diff -u "$2" "$3" | head -n 40)")"
    fi
}

# no_backup WHAT FILE: no FILE.hardrun-backup-* was written.
no_backup() {
    local found
    found=$(compgen -G "$2.hardrun-backup-*" || true)
    assert_eq "$1" "" "$found"
}

# section DUMP PREFIX: the lines of the TOML tables of DUMP whose header starts with PREFIX.
section() {
    awk -v h="$2" '/^ *\[/ { on = index($1, h) == 1 } on { sub(/^ +/, ""); print }' <<<"$1"
}

# ---- 1. containerd ----
mkdir -p "$E2E_TMP/ctd"
ct=$E2E_TMP/ctd/config.toml
snapshotter=native
overlay_works "$E2E_TMP/ctd" && snapshotter=overlayfs
E2E_CONTAINERD_CRI=1 E2E_CONTAINERD_EXTRA="[plugins.\"io.containerd.grpc.v1.cri\".containerd]
  snapshotter = \"$snapshotter\"" write_containerd_config "$ct"
cp "$ct" "$ct.orig"

must "configure containerd --dry-run" "$CTL" configure containerd --config "$ct" --path "$HARDRUN_BIN" \
    --set-as-default --dry-run
assert_contains "containerd --dry-run: shows the handler's table" "$OUT" \
    '+[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.hardened]'
assert_contains "containerd --dry-run: shows the default line" "$OUT" \
    '+  default_runtime_name = "hardened"  # hardrun: default runtime "hardened"'
same_bytes "containerd --dry-run: config.toml not written" "$ct.orig" "$ct"
no_backup "containerd --dry-run: no backup" "$ct"

must "configure containerd --set-as-default" "$CTL" configure containerd --config "$ct" \
    --path "$HARDRUN_BIN" --set-as-default
assert_contains "configure containerd: says to restart containerd" "$OUT" "restart containerd"
capture bash -c "ls $ct.hardrun-backup-*"
assert_match "configure containerd: a backup was written" "$OUT" 'config\.toml\.hardrun-backup-[0-9]{8}T[0-9]{6}Z$'
same_bytes "configure containerd: the backup holds the original" "$ct.orig" "$OUT"
cp "$ct" "$ct.configured"
must "configure containerd again" "$CTL" configure containerd --config "$ct" --path "$HARDRUN_BIN" \
    --set-as-default
assert_contains "configure containerd again: already configured" "$OUT" "already configured"
same_bytes "configure containerd again: config.toml byte-identical" "$ct.configured" "$ct"

must "containerd config dump reads the configured file" containerd --config "$ct" config dump
dump=$OUT
handler=$(section "$dump" '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.hardened')
assert_contains "config dump: handler hardened is runc.v2" "$handler" 'runtime_type = "io.containerd.runc.v2"'
assert_contains "config dump: handler hardened runs hardrun" "$handler" "BinaryName = \"$HARDRUN_BIN\""
assert_contains "config dump: hardened is the CRI default" "$dump" 'default_runtime_name = "hardened"'
assert_contains "config dump: the operator's snapshotter is kept" "$dump" "snapshotter = \"$snapshotter\""
binary=$(awk -F'"' '/^BinaryName = / { print $2 }' <<<"$handler")

start_containerd "$ct"
capture $CTR plugins ls
assert_match "containerd: the CRI plugin loaded the configured file" "$OUT" \
    '^io\.containerd\.grpc\.v1 +cri +.* ok *$'
# The CRI plugin logs the configuration it parsed (containerd 1.6 prints it with Go's %+v).
cri_line=$(grep -m1 -o 'Start cri plugin with config .*' "$E2E_TMP/c/containerd.log" || true)
assert_contains "CRI plugin's parsed config: hardened is the default" "$cri_line" "DefaultRuntimeName:hardened"
assert_contains "CRI plugin's parsed config: handler hardened runs hardrun via runc.v2" "$cri_line" \
    "hardened:{Type:io.containerd.runc.v2 "
assert_contains "CRI plugin's parsed config: BinaryName" "$cri_line" "Options:map[BinaryName:$HARDRUN_BIN]"
ctr_import_busybox
must "ctr run with the runc.v2 shim and the BinaryName containerd reports" $CTR run --rm \
    --runtime io.containerd.runc.v2 --runc-binary "$binary" "$E2E_IMAGE" "cfg-$$" sh -c "$PROBE"
assert_hardened "BinaryName from containerd's config" "$OUT"

bad=$E2E_TMP/ctd/bad.toml
printf 'version = 2\n[plugins\nx = 1\n' >"$bad"
cp "$bad" "$bad.orig"
must_fail "configure containerd refuses a malformed config.toml" "$CTL" configure containerd \
    --config "$bad" --path "$HARDRUN_BIN"
assert_contains "malformed config.toml: the error names file, line and column" "$OUT" \
    "$bad: not valid TOML at line 2, column 9"
same_bytes "malformed config.toml: left byte for byte" "$bad.orig" "$bad"
no_backup "malformed config.toml: no backup" "$bad"

v1=$E2E_TMP/ctd/v1.toml
printf 'root = "%s"\n' "$E2E_TMP/c/root" >"$v1"
must "configure containerd: a version 1 file" "$CTL" configure containerd --config "$v1" \
    --path "$HARDRUN_BIN"
assert_contains "version 1: a note says so" "$OUT" "version 1"
must "containerd config dump reads the version 1 file" containerd --config "$v1" config dump
assert_contains "version 1 dump: the handler runs hardrun" \
    "$(section "$OUT" '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.hardened')" \
    "BinaryName = \"$HARDRUN_BIN\""

must "unconfigure containerd --dry-run" "$CTL" unconfigure containerd --config "$ct" --dry-run
assert_contains "unconfigure --dry-run: shows the block going" "$OUT" \
    '-[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.hardened]'
same_bytes "unconfigure --dry-run: config.toml not written" "$ct.configured" "$ct"
must "unconfigure containerd" "$CTL" unconfigure containerd --config "$ct"
same_bytes "unconfigure containerd: the original bytes are back" "$ct.orig" "$ct"
must "unconfigure containerd again" "$CTL" unconfigure containerd --config "$ct"
assert_contains "unconfigure containerd again: nothing to remove" "$OUT" "nothing changed"

# ---- 2. Docker ----
mkdir -p "$E2E_TMP/docker"
dj=$E2E_TMP/docker/daemon.json
: >"$dj"
must "configure docker: empty daemon.json" "$CTL" configure docker --config "$dj" --path "$HARDRUN_BIN"
assert_contains "configure docker: says to restart dockerd" "$OUT" "restart dockerd"
assert_eq "daemon.json: runtimes.hardrun.path" "$HARDRUN_BIN" "$(jq -r '.runtimes.hardrun.path' "$dj")"
cp "$dj" "$dj.configured"
must "configure docker again" "$CTL" configure docker --config "$dj" --path "$HARDRUN_BIN"
assert_contains "configure docker again: already configured" "$OUT" "already configured"
same_bytes "configure docker again: daemon.json byte-identical" "$dj.configured" "$dj"

# dockerd on the containerd started above (its config has just been unconfigured on disk; the
# running daemon keeps what it read, and dockerd only needs its socket).
start_dockerd "$dj"
docker_import_busybox
must "docker run --runtime hardrun (runtime registered by hardrunctl)" $DOCKER run --rm \
    --runtime hardrun "$E2E_IMAGE" sh -c "$PROBE"
assert_hardened "docker with the configured daemon.json" "$OUT"

other=$E2E_TMP/docker/other.json
jq -n '{"storage-driver": "vfs", "log-opts": {"max-size": "10m", "max-file": "3"}, debug: true}' >"$other"
cp "$other" "$other.orig"
must "configure docker --dry-run" "$CTL" configure docker --config "$other" --path "$HARDRUN_BIN" \
    --set-as-default --dry-run
assert_contains "docker --dry-run: shows the default" "$OUT" '+  "default-runtime": "hardrun"'
same_bytes "docker --dry-run: daemon.json not written" "$other.orig" "$other"
must "configure docker --set-as-default: daemon.json with other keys" "$CTL" configure docker \
    --config "$other" --path "$HARDRUN_BIN" --set-as-default
assert_eq "other keys kept, in their order" \
    '["storage-driver","log-opts","debug","runtimes","default-runtime"]' "$(jq -c keys_unsorted "$other")"
assert_eq "other values kept" '{"max-size":"10m","max-file":"3"}|true' \
    "$(jq -c '.["log-opts"]' "$other")|$(jq -c .debug "$other")"
assert_eq "default-runtime set" "hardrun" "$(jq -r '.["default-runtime"]' "$other")"
must "unconfigure docker" "$CTL" unconfigure docker --config "$other"
same_bytes "unconfigure docker: the original bytes are back" "$other.orig" "$other"

bad=$E2E_TMP/docker/bad.json
printf '{"debug": true,,}\n' >"$bad"
cp "$bad" "$bad.orig"
must_fail "configure docker refuses a malformed daemon.json" "$CTL" configure docker --config "$bad" \
    --path "$HARDRUN_BIN"
assert_contains "malformed daemon.json: the error names file and byte" "$OUT" \
    "$bad: not valid JSON at byte 16"
same_bytes "malformed daemon.json: left byte for byte" "$bad.orig" "$bad"
no_backup "malformed daemon.json: no backup" "$bad"

# ---- 3. CRI-O: the drop-in only (no crio to read it on Debian 12) ----
crio_dir=$E2E_TMP/crio.conf.d
must "configure crio --set-as-default" "$CTL" configure crio --config-dir "$crio_dir" \
    --path "$HARDRUN_BIN" --set-as-default
assert_contains "configure crio: says to restart crio" "$OUT" "restart crio"
dropin=$(cat "$crio_dir/99-hardrun.conf")
assert_contains "crio drop-in: the handler's table" "$dropin" "[crio.runtime.runtimes.hardened]"
assert_contains "crio drop-in: runtime_path" "$dropin" "runtime_path = \"$HARDRUN_BIN\""
assert_contains "crio drop-in: default_runtime" "$dropin" 'default_runtime = "hardened"'
must "unconfigure crio" "$CTL" unconfigure crio --config-dir "$crio_dir"
assert_contains "unconfigure crio: the drop-in held nothing else" "$OUT" "was removed"
assert_eq "unconfigure crio: no drop-in left" "" "$(compgen -G "$crio_dir/99-hardrun.conf" || true)"
