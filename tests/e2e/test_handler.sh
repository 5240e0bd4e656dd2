#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hardrun installed the way engine *configuration* names a runtime, rather than per container:
#  1. containerd's config.toml: the v1 linux runtime with `runtime = "<hardrun>"`, chosen by
#     name (`ctr run --runtime io.containerd.runtime.v1.linux`). Deprecated in 1.6, still there.
#  2. What a CRI runtime handler (Kubernetes RuntimeClass) gives the runc.v2 shim: options with
#     BinaryName = hardrun in namespace k8s.io (runc root /run/containerd/runc/k8s.io), plus the
#     annotations CRI writes. Reproduced with ctr, since no CRI client is installable here
#     (Debian 12 has no cri-tools/crictl). A policy rule matching namespace k8s.io and a CRI
#     annotation must be selected. Not covered: the CRI plugin itself (RunPodSandbox, the pause
#     container, the io.cri-containerd.container.metadata extension).
#  3. Docker's daemon.json runtime with runtimeArgs: extra global flags before the command.
# ctr 1.6 cannot take runc options from a file: `--runtime-config-path` is ignored for
# io.containerd.runc.v2 (plain runc runs) and for io.containerd.runc.v1 the shim fails with
# "type with url runtimeoptions.v1.Options: not found"; this test checks the first so the
# comment stays true.
source "$(dirname "$0")/lib.sh"
e2e_require_root_and_tools containerd ctr dockerd "$DOCKER_CLI"
write_policy "$E2E_TMP/policy.json" '.rules = [{name: "cri-net-bind",
    match: {namespaces: ["k8s.io"], annotations: {"io.kubernetes.cri.container-type": "container"}},
    capabilities: ["CAP_NET_BIND_SERVICE"], user: {allow_root: true}}]'
E2E_CONTAINERD_EXTRA="[plugins.\"io.containerd.runtime.v1.linux\"]
  shim = \"containerd-shim\"
  runtime = \"$HARDRUN_BIN\"
  runtime_root = \"$E2E_TMP/v1-root\""
E2E_DOCKER_RUNTIME_ARGS='["--debug"]'
start_dockerd
ctr_import_busybox
ctr_import_busybox k8s.io
docker_import_busybox

# ---- 1. containerd's config names hardrun ----
must "ctr run --runtime io.containerd.runtime.v1.linux (runtime = hardrun in config.toml)" \
    $CTR run --rm --runtime io.containerd.runtime.v1.linux "$E2E_IMAGE" "v1-$$" sh -c "$PROBE"
assert_hardened "v1 linux runtime from config.toml" "$OUT"
capture cat "$E2E_TMP/decisions.log"
assert_contains "decision log names the v1-runtime container" "$OUT" "v1-$$"

# ---- 2. a CRI handler's runc.v2 options, namespace k8s.io ----
CRI_ANN=(--annotation io.kubernetes.cri.container-type=container
    --annotation io.kubernetes.cri.container-name=app
    --annotation io.kubernetes.cri.sandbox-id=0123456789abcdef
    --annotation io.kubernetes.cri.sandbox-name=pod-e2e
    --annotation io.kubernetes.cri.sandbox-namespace=default
    --annotation "io.kubernetes.cri.image-name=docker.io/library/$E2E_IMAGE")
must "ctr -n k8s.io run (BinaryName=hardrun, CRI annotations)" $CTR -n k8s.io run --rm \
    --runc-binary "$HARDRUN_BIN" "${CRI_ANN[@]}" "$E2E_IMAGE" "cri-$$" sh -c "$PROBE"
assert_contains "k8s.io: rule cri-net-bind grants only CAP_NET_BIND_SERVICE" "$OUT" \
    "CapEff: 0000000000000400"
assert_contains "k8s.io: NoNewPrivs is set" "$OUT" "NoNewPrivs: 1"
assert_contains "k8s.io: seccomp filter mode" "$OUT" "Seccomp: 2"
assert_contains "k8s.io: rule allows root, image user kept" "$OUT" "uid=0 gid=0"
assert_contains "k8s.io: rootfs is read-only" "$OUT" "Read-only file system"
capture grep "cri-$$" "$E2E_TMP/decisions.log"
assert_contains "k8s.io: the decision names rule cri-net-bind" "$OUT" "cri-net-bind"

must "ctr -n default run: same annotations, other namespace" $CTR run --rm \
    --runc-binary "$HARDRUN_BIN" "${CRI_ANN[@]}" "$E2E_IMAGE" "notcri-$$" sh -c "$PROBE"
assert_contains "namespace default: the k8s.io rule does not apply" "$OUT" \
    "CapEff: 0000000000000000"
assert_contains "namespace default: uid 65534" "$OUT" "uid=65534"

# ---- 3. Docker runtime with runtimeArgs ----
must "docker run --runtime hardrun with runtimeArgs [--debug]" $DOCKER run --rm \
    --runtime hardrun "$E2E_IMAGE" sh -c "$PROBE"
assert_hardened "docker runtimeArgs" "$OUT"

# ---- the fact in the header comment ----
printf 'BinaryName = "%s"\n' "$HARDRUN_BIN" >"$E2E_TMP/runc-options.toml"
must "ctr run --runtime-config-path with runc.v2 runs" $CTR run --rm \
    --runtime io.containerd.runc.v2 --runtime-config-path "$E2E_TMP/runc-options.toml" \
    "$E2E_IMAGE" "cfgpath-$$" id -u
assert_eq "--runtime-config-path is ignored by ctr for runc.v2 (plain runc, root)" "0" "$OUT"
