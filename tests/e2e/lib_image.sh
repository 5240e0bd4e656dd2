# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Root filesystems, OCI bundles and the "busybox:e2e" image, all built locally from the static
# /bin/busybox (sourced by lib.sh). No registry is ever contacted.

E2E_IMAGE=busybox:e2e

# make_busybox_rootfs DIR: a minimal rootfs with busybox applets, root and nobody (65534).
make_busybox_rootfs() {
    local d=$1
    mkdir -p "$d"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,proc,sys,dev,run,var/tmp,tmp}
    chmod 1777 "$d/tmp" "$d/var/tmp"
    cp "$(readlink -f /bin/busybox)" "$d/bin/busybox"
    # busybox is static, so it can install its own applet links inside the new root.
    chroot "$d" /bin/busybox --install -s /bin
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
        'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$d/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$d/etc/group"
    : >"$d/etc/hosts"
    : >"$d/etc/resolv.conf"
    echo e2e >"$d/etc/hostname"
}

# make_bundle DIR [ARG...]: an OCI bundle from `runc spec`, made more permissive than a typical
# engine's spec (writable rootfs, no_new_privileges off, nothing masked or read-only in /proc
# and /sys) so that every part of hardrun's rewrite is observable.
make_bundle() {
    local b=$1
    shift
    mkdir -p "$b"
    make_busybox_rootfs "$b/rootfs"
    (cd "$b" && runc spec)
    local args
    # Not `jq --args`: jq 1.6 would take a "-c" among the args as its own option.
    args=$(for a in "$@"; do jq -n --arg a "$a" '$a'; done | jq -cs .)
    jq --argjson a "$args" '.process.args = $a | .process.terminal = false
        | .process.noNewPrivileges = false | .root.readonly = false
        | .linux.maskedPaths = [] | .linux.readonlyPaths = [] | .hostname = "e2e"' "$b/config.json" >"$b/config.json.new"
    mv "$b/config.json.new" "$b/config.json"
}

# edit_bundle BUNDLE JQ-FILTER: change config.json in place.
edit_bundle() {
    jq "$2" "$1/config.json" >"$1/config.json.new"
    mv "$1/config.json.new" "$1/config.json"
}

# rootfs_tar: path of a tar of the busybox rootfs, built once per test.
rootfs_tar() {
    local tar=$E2E_TMP/img/rootfs.tar
    if [[ ! -f $tar ]]; then
        mkdir -p "$E2E_TMP/img"
        make_busybox_rootfs "$E2E_TMP/img/rootfs"
        tar --numeric-owner -C "$E2E_TMP/img/rootfs" -cf "$tar" .
    fi
    echo "$tar"
}

# oci_blob DIR FILE: move FILE into DIR/blobs/sha256 under its digest; prints "sha256:<hex> size".
oci_blob() {
    local hex size
    hex=$(sha256sum "$2" | cut -d' ' -f1)
    size=$(stat -c %s "$2")
    mv "$2" "$1/blobs/sha256/$hex"
    echo "sha256:$hex $size"
}

# make_oci_archive OUT.tar NAME TAG: an OCI image layout archive (one uncompressed layer) whose
# index names the manifest TAG (org.opencontainers.image.ref.name); import it with
# `ctr images import --base-name NAME` to get NAME:TAG.
make_oci_archive() {
    local out=$1 tag=$3 dir=$E2E_TMP/img/oci arch layer config manifest
    rm -rf "$dir"
    mkdir -p "$dir/blobs/sha256"
    arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    cp "$(rootfs_tar)" "$dir/layer.tar"
    layer=($(oci_blob "$dir" "$dir/layer.tar"))
    jq -cn --arg arch "$arch" --arg diff "${layer[0]}" '{architecture: $arch, os: "linux",
        config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                 Cmd: ["sh"], WorkingDir: "/"},
        rootfs: {type: "layers", diff_ids: [$diff]},
        history: [{created_by: "hardrun e2e: busybox-static rootfs"}]}' >"$dir/config.json"
    config=($(oci_blob "$dir" "$dir/config.json"))
    jq -cn --arg cd "${config[0]}" --argjson cs "${config[1]}" \
        --arg ld "${layer[0]}" --argjson ls "${layer[1]}" '{schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
        layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $ld, size: $ls}]}' \
        >"$dir/manifest.json"
    manifest=($(oci_blob "$dir" "$dir/manifest.json"))
    jq -cn --arg md "${manifest[0]}" --argjson ms "${manifest[1]}" --arg tag "$tag" \
        --arg arch "$arch" '{schemaVersion: 2, manifests: [{
            mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms,
            platform: {architecture: $arch, os: "linux"},
            annotations: {"org.opencontainers.image.ref.name": $tag}}]}' >"$dir/index.json"
    echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
    tar -C "$dir" -cf "$out" oci-layout index.json blobs
}

# ctr_import_busybox [NAMESPACE]: busybox:e2e into our containerd (namespace default).
ctr_import_busybox() {
    local ns=${1:-default} archive=$E2E_TMP/img/busybox-oci.tar
    [[ -f $archive ]] || make_oci_archive "$archive" "${E2E_IMAGE%%:*}" "${E2E_IMAGE#*:}"
    must "ctr: imported $E2E_IMAGE into namespace $ns" \
        $CTR -n "$ns" images import --base-name "${E2E_IMAGE%%:*}" "$archive"
    capture $CTR -n "$ns" images ls -q
    assert_contains "ctr: $E2E_IMAGE is listed in namespace $ns" "$OUT" "$E2E_IMAGE"
}

# docker_import_busybox: busybox:e2e into our dockerd.
docker_import_busybox() {
    must "docker: imported $E2E_IMAGE" \
        $DOCKER import --change 'CMD ["sh"]' "$(rootfs_tar)" "$E2E_IMAGE"
}
