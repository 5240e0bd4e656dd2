#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hardrunctl identity against real engines (private daemons): which image a container was
# created from, found the way the runtime finds it.
# - containerd 1.6: `ctr container create` → Containers/Get + Images/Get over the gRPC socket
#   must give the image's name and the digest `ctr images ls` shows; an unknown container must
#   be explained ("not found").
# - Docker 20.10 (graphdriver store): the image is imported locally (`docker import`, like
#   `docker load` or a build), so repositories.json has no digest for it and hardrunctl must
#   say so. Docker's bundle is not needed: the spec is built from the container's HostnamePath.
source "$(dirname "$0")/lib.sh"
e2e_require_root_and_tools containerd ctr dockerd "$DOCKER_CLI"
[[ -x ${HARDRUNCTL_BIN:-} ]] || e2e_skip "HARDRUNCTL_BIN is not set (path to the built hardrunctl)"
write_policy "$E2E_TMP/policy.json"
start_containerd
ctr_import_busybox

# identity BUNDLE NS ID: runs hardrunctl identity against our containerd; sets OUT and RC.
identity() {
    capture "$HARDRUNCTL_BIN" identity --bundle "$1" --namespace "$2" \
        --containerd-address "$E2E_TMP/c.sock" --timeout-ms 5000 "$3"
}
field() { jq -r "$1" <<<"$OUT"; }

# ---- containerd (ctr) ----
id=ident-$$
name=$($CTR images ls -q | grep -m1 -F "$E2E_IMAGE")
digest=$($CTR images ls | awk -v n="$name" '$1 == n { print $3 }')
assert_match "ctr images ls shows a sha256 digest for $name" "$digest" '^sha256:[0-9a-f]{64}$'
must "ctr container create" $CTR container create "$name" "$id" sh
mkdir -p "$E2E_TMP/ctr-bundle"
$CTR container info "$id" | jq '.Spec' >"$E2E_TMP/ctr-bundle/config.json"

identity "$E2E_TMP/ctr-bundle" default "$id"
assert_eq "ctr: hardrunctl identity exits 0 (complete identity)" "0" "$RC"
assert_eq "ctr: source is containerd" "containerd" "$(field .source)"
assert_eq "ctr: repository is the normalised image name" "docker.io/library/busybox" "$(field .repository)"
assert_eq "ctr: reference is containerd's image name" "$name" "$(field .reference)"
assert_eq "ctr: the manifest digest is the one ctr images ls shows" "$digest" "$(field '.manifest_digests[0]')"
assert_eq "ctr: exactly one digest" "1" "$(field '.manifest_digests | length')"
assert_match "ctr: the target's media type is recorded" "$(field .media_type)" '^application/vnd\.oci\.image\.(manifest|index)\.v1\+json$'

identity "$E2E_TMP/ctr-bundle" default "no-such-$$"
assert_eq "ctr: an unknown container is incomplete (exit 1)" "1" "$RC"
assert_contains "ctr: tried explains containerd's answer" "$(field '.tried | join("\n")')" \
    "containerd: container default/no-such-$$"
assert_contains "ctr: containerd said not found" "$(field '.tried | join("\n")')" "not found"

identity "$E2E_TMP/ctr-bundle" other-ns "$id"
assert_eq "ctr: the namespace is honoured (not found in another one)" "1" "$RC"
must "ctr container rm" $CTR container rm "$id"

# ---- Docker (graphdriver store), an image without a repository digest ----
start_dockerd
docker_import_busybox
must "docker run -d (default runtime)" $DOCKER run -d "$E2E_IMAGE" sleep 300
cid=$(tail -n1 <<<"$OUT")
capture $DOCKER inspect -f '{{.HostnamePath}}' "$cid"
hostname_path=$OUT
assert_eq "docker: HostnamePath lies under our data-root" \
    "$E2E_TMP/d/root/containers/$cid/hostname" "$hostname_path"
image_id=$($DOCKER inspect -f '{{.Image}}' "$cid")
mkdir -p "$E2E_TMP/docker-bundle"
jq -n --arg src "$hostname_path" '{mounts: [{destination: "/etc/hostname", type: "bind",
    source: $src, options: ["rbind", "rprivate"]}]}' >"$E2E_TMP/docker-bundle/config.json"

identity "$E2E_TMP/docker-bundle" moby "$cid"
assert_eq "docker: no complete identity for a locally imported image (exit 1)" "1" "$RC"
assert_eq "docker: no repository digest reported" "0" "$(field '.manifest_digests | length')"
assert_contains "docker: tried explains the missing repository digest" "$(field '.tried[0]')" \
    "docker: image $image_id has no repository digest (built or loaded locally, never pulled)"
assert_eq "docker: every source explained itself" "3" "$(field '.tried | length')"
must "docker rm -f" $DOCKER rm -f "$cid"
