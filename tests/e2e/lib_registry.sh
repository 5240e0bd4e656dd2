# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# A private OCI registry for one test, images pushed to it and cosign-style signatures made
# with openssl (source after lib.sh; needs docker-registry, skopeo, curl, openssl, jq).
#   start_registry                        Debian's docker-registry on 127.0.0.1:<free port>,
#                                         storage under $E2E_TMP; exports REGISTRY=127.0.0.1:<port>
#   push_busybox_image NAME:TAG           the busybox OCI image → $REGISTRY/NAME:TAG; prints the
#                                         manifest digest
#   make_cosign_key DIR                   P-256 key pair: DIR/cosign.key, DIR/cosign.pub (PEM)
#   sign_image REPO DIGEST KEYDIR [REF]   a cosign key-based signature at tag sha256-<hex>.sig
#   sign_image_tampered REPO DIGEST KEYDIR       the payload is right, the signature is over
#                                                other bytes
#   sign_image_wrong_digest REPO DIGEST KEYDIR OTHER   a good signature over a payload naming
#                                                      OTHER, stored as DIGEST's signature
# REPO is the repository's name in the registry ("app"); "$REGISTRY/app" is accepted too. REF
# (the payload's docker-reference) defaults to $REGISTRY/REPO. Signing again appends a layer to
# the .sig manifest, as cosign does.

# The config.v1 media type and the "{}" config blob cosign puts in its signature manifests.
COSIGN_CONFIG_MEDIA_TYPE=application/vnd.oci.image.config.v1+json
COSIGN_LAYER_MEDIA_TYPE=application/vnd.dev.cosign.simplesigning.v1+json

# serve_registry DIR STORAGE [CONFIG_TAIL]: docker-registry on port 0 (the kernel picks a free
# one, which it then names in its log), serving STORAGE; sets SERVED_REGISTRY to host:port and
# SERVED_PID.
serve_registry() {
    local r=$1 storage=$2 tail=${3:-} deadline port=
    mkdir -p "$r" "$storage"
    cat >"$r/config.yml" <<EOF
version: 0.1
log:
  level: info
  formatter: text
storage:
  filesystem:
    rootdirectory: $storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:0
$tail
EOF
    docker-registry serve "$r/config.yml" >"$r/registry.log" 2>&1 &
    local pid=$!
    E2E_PIDS+=("$pid")
    deadline=$((SECONDS + 30))
    until [[ -n $port ]]; do
        port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$r/registry.log" | head -n 1)
        [[ -n $port ]] && break
        kill -0 "$pid" 2>/dev/null ||
            fail "docker-registry started" "it exited; last lines of its log:" "$(indent "$(tail -n 20 "$r/registry.log")")"
        ((SECONDS < deadline)) ||
            fail "docker-registry started" "no listening address in its log within 30 s" "$(indent "$(tail -n 20 "$r/registry.log")")"
        sleep 0.1
    done
    SERVED_REGISTRY=127.0.0.1:$port SERVED_PID=$pid
    # Any HTTP answer will do: a registry that asks for a password answers 401.
    wait_daemon "docker-registry (pid $pid) on $SERVED_REGISTRY" "$pid" "$r/registry.log" 30 \
        curl -sS -o /dev/null "http://$SERVED_REGISTRY/v2/"
}

# start_registry: the test's registry; sets and exports REGISTRY, and sets REGISTRY_PID.
start_registry() {
    serve_registry "$E2E_TMP/registry" "$E2E_TMP/registry/storage"
    REGISTRY=$SERVED_REGISTRY REGISTRY_PID=$SERVED_PID
    export REGISTRY
}

# start_private_registry USER PASSWORD: a second registry over the same storage that asks for
# a password (htpasswd with a bcrypt hash, Basic authentication); sets PRIVATE_REGISTRY.
start_private_registry() {
    local r=$E2E_TMP/private-registry
    mkdir -p "$r"
    python3 -W ignore -c 'import crypt, sys; print(sys.argv[1] + ":" + crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))' \
        "$1" "$2" >"$r/htpasswd"
    serve_registry "$r" "$E2E_TMP/registry/storage" "auth:
  htpasswd:
    realm: hardrun-e2e
    path: $r/htpasswd"
    PRIVATE_REGISTRY=$SERVED_REGISTRY
}

# umoci_busybox_layout: an OCI image layout built with umoci (the busybox-static rootfs as one
# layer, tag "e2e"), once per test; prints its directory.
umoci_busybox_layout() {
    local layout=$E2E_TMP/img/umoci bundle=$E2E_TMP/img/umoci-bundle
    if [[ ! -f $layout/index.json ]]; then
        mkdir -p "$E2E_TMP/img"
        { umoci init --layout "$layout" && umoci new --image "$layout:base" &&
            umoci unpack --image "$layout:base" "$bundle" &&
            tar -C "$bundle/rootfs" -xf "$(rootfs_tar)" &&
            umoci repack --image "$layout:base" "$bundle" &&
            umoci config --image "$layout:base" --tag e2e --config.cmd sh \
                --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
                --history.created_by "hardrun e2e: busybox-static rootfs"; } >&2 ||
            fail "umoci built the busybox image in $layout"
        rm -rf "$bundle"
    fi
    echo "$layout"
}

# push_busybox_image NAME:TAG [VARIANT]: pushes the umoci-built busybox image (with label
# org.example.variant=VARIANT, which gives it a digest of its own) with skopeo; prints the
# manifest digest of $REGISTRY/NAME:TAG.
push_busybox_image() {
    local ref=$1 variant=${2:-} layout tag=e2e digestfile
    layout=$(umoci_busybox_layout)
    if [[ -n $variant ]]; then
        tag=variant-${variant//[^a-zA-Z0-9]/-}
        umoci config --image "$layout:e2e" --tag "$tag" --config.label "org.example.variant=$variant" >&2 ||
            fail "umoci labelled the busybox image $variant"
    fi
    digestfile=$(mktemp "$E2E_TMP/digest.XXXXXX")
    skopeo copy --quiet --dest-tls-verify=false --digestfile "$digestfile" \
        "oci:$layout:$tag" "docker://$REGISTRY/$ref" >&2 ||
        fail "skopeo pushed $ref to $REGISTRY"
    cat "$digestfile"
    rm -f "$digestfile"
}

# make_cosign_key DIR
make_cosign_key() {
    mkdir -p "$1"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1/cosign.key" 2>/dev/null
    openssl pkey -in "$1/cosign.key" -pubout -out "$1/cosign.pub"
}

# cosign_payload REF DIGEST: the simple-signing payload exactly as cosign writes it (Go's
# encoding/json of its struct: no spaces, this key order, "optional":null, no newline).
cosign_payload() {
    printf '{"critical":{"identity":{"docker-reference":"%s"},"image":{"docker-manifest-digest":"%s"},"type":"cosign container image signature"},"optional":null}' \
        "$1" "$2"
}

registry_repo_name() { echo "${1#"$REGISTRY"/}"; }

# upload_blob NAME FILE: the blob upload API (POST, then PUT to the Location with ?digest=);
# prints "sha256:<hex> <size>".
upload_blob() {
    local name=$1 file=$2 digest size location sep
    digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
    size=$(stat -c %s "$file")
    location=$(curl -fsS -X POST -o /dev/null -D - "http://$REGISTRY/v2/$name/blobs/uploads/" |
        tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    [[ -n $location ]] || fail "blob upload started for $name" "no Location header"
    [[ $location == /* ]] && location=http://$REGISTRY$location
    sep='?'
    [[ $location == *'?'* ]] && sep='&'
    curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" \
        "$location${sep}digest=$digest" >/dev/null || fail "blob $digest uploaded to $name"
    echo "$digest $size"
}

# push_cosign_signature NAME DIGEST PAYLOAD-FILE SIGNATURE-DER-FILE: adds one layer to the
# manifest at tag sha256-<hex>.sig (creating it), as `cosign sign` does.
push_cosign_signature() {
    local name=$1 digest=$2 payload=$3 der=$4 tag layer config existing manifest
    tag=${digest/:/-}.sig
    printf '{}' >"$E2E_TMP/cosign-config.json"
    config=($(upload_blob "$name" "$E2E_TMP/cosign-config.json"))
    layer=($(upload_blob "$name" "$payload"))
    existing=$(curl -fsS -H "Accept: application/vnd.oci.image.manifest.v1+json" \
        "http://$REGISTRY/v2/$name/manifests/$tag" 2>/dev/null || echo '{"layers":[]}')
    manifest=$(jq -c --arg cd "${config[0]}" --argjson cs "${config[1]}" --arg ct "$COSIGN_CONFIG_MEDIA_TYPE" \
        --arg ld "${layer[0]}" --argjson ls "${layer[1]}" --arg lt "$COSIGN_LAYER_MEDIA_TYPE" \
        --arg sig "$(base64 -w0 "$der")" '{schemaVersion: 2,
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            config: {mediaType: $ct, size: $cs, digest: $cd},
            layers: (.layers + [{mediaType: $lt, size: $ls, digest: $ld,
                annotations: {"dev.cosignproject.cosign/signature": $sig}}])}' <<<"$existing")
    curl -fsS -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" \
        --data-binary "$manifest" "http://$REGISTRY/v2/$name/manifests/$tag" >/dev/null ||
        fail "signature manifest pushed to $name:$tag"
}

# sign_payload_file KEYDIR PAYLOAD-FILE OUT-DER: ECDSA P-256 over SHA-256 of the exact bytes.
sign_payload_file() {
    openssl dgst -sha256 -sign "$1/cosign.key" -out "$3" "$2"
}

# sign_image REPO DIGEST KEYDIR [DOCKER-REFERENCE] [PAYLOAD-DIGEST]: a cosign signature stored
# where DIGEST's signatures are looked up, over a payload naming PAYLOAD-DIGEST (default DIGEST).
sign_image() {
    local name ref d=$E2E_TMP/sign
    name=$(registry_repo_name "$1")
    ref=${4:-$REGISTRY/$name}
    mkdir -p "$d"
    cosign_payload "$ref" "${5:-$2}" >"$d/payload.json"
    sign_payload_file "$3" "$d/payload.json" "$d/payload.sig"
    push_cosign_signature "$name" "$2" "$d/payload.json" "$d/payload.sig"
}

# sign_image_tampered REPO DIGEST KEYDIR: the stored payload names DIGEST, but the signature
# was made over a payload with other bytes (a different "optional").
sign_image_tampered() {
    local name d=$E2E_TMP/sign
    name=$(registry_repo_name "$1")
    mkdir -p "$d"
    cosign_payload "$REGISTRY/$name" "$2" >"$d/payload.json"
    sed 's/"optional":null/"optional":{"tampered":"yes"}/' "$d/payload.json" >"$d/other.json"
    sign_payload_file "$3" "$d/other.json" "$d/payload.sig"
    push_cosign_signature "$name" "$2" "$d/payload.json" "$d/payload.sig"
}

# sign_image_wrong_digest REPO DIGEST KEYDIR OTHER-DIGEST: a good signature over a payload that
# names OTHER-DIGEST, stored where DIGEST's signatures are looked up.
sign_image_wrong_digest() { sign_image "$1" "$2" "$3" "" "$4"; }
