#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks `hardrunctl verify-blob` against real cosign/Sigstore artifacts in ../shared/interop
# (see its README.md for where each vector comes from). Prints TAP-like ok/not ok lines and
# exits non-zero when any check fails; exits 0 when the interop folder is absent.
#
# usage: tests/interop/check_cosign.sh [HARDRUNCTL]
#   HARDRUNCTL defaults to $HARDRUNCTL, then build/*/shim/hardrunctl, then hardrunctl on PATH.
set -u

here="$(cd "$(dirname "$0")" && pwd)"
interop="$(dirname "$0")/../../../shared/interop"
if [[ ! -d "$interop" ]]; then
    echo "# interop vectors absent ($interop): nothing checked"
    exit 0
fi
interop="$(cd "$interop" && pwd)"

ctl="${1:-${HARDRUNCTL:-}}"
if [[ -z "$ctl" ]]; then
    # The newest build that knows verify-blob (older build trees may predate it).
    while IFS= read -r candidate; do
        if [[ -x "$candidate" ]] && "$candidate" --help 2>/dev/null | grep -q verify-blob; then
            ctl="$candidate"
            break
        fi
    done < <(ls -t "$here"/../../build/*/shim/hardrunctl 2>/dev/null)
fi
[[ -z "$ctl" ]] && ctl="$(command -v hardrunctl || true)"
if [[ -z "$ctl" || ! -x "$ctl" ]]; then
    echo "not ok - no hardrunctl binary found (pass it as the first argument)"
    exit 1
fi
echo "# using $ctl"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failures=0
n=0
# expect NAME WANT_EXIT WANT_TEXT -- ARGS...: runs verify-blob, checks exit code and output.
expect() {
    local name="$1" want_rc="$2" want_text="$3"
    shift 4
    local out rc
    out="$("$ctl" verify-blob "$@" 2>&1)"
    rc=$?
    n=$((n + 1))
    if [[ "$rc" == "$want_rc" && "$out" == *"$want_text"* ]]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name (exit $rc, want $want_rc with \"$want_text\"): $out"
        failures=$((failures + 1))
    fi
}

v1="$interop/v1-containers-image-dir-img-cosign-valid"
v2="$interop/v2-containers-image-dir-img-cosign-key-rekor-valid"
v3="$interop/v3-sigstore-go-bundle-publish-dsse"
v4="$interop/v4-sigstore-go-messageSignature-hello-world"

# v1: real cosign key-based image signature (simple signing payload).
expect "v1 cosign signature (base64) verifies" 0 "Verified OK" -- \
    --key "$v1/cosign.pub" --signature "$v1/signature.b64" "$v1/payload.json"
expect "v1 cosign signature (raw DER) verifies" 0 "Verified OK" -- \
    --key="$v1/cosign.pub" --signature="$v1/signature.der" "$v1/payload.json"
sed 's/cosign-signed-single-sample/cosign-signed-single-sampl3/' "$v1/payload.json" > "$tmp/tampered.json"
expect "v1 tampered payload is refused" 1 "does not verify" -- \
    --key "$v1/cosign.pub" --signature "$v1/signature.b64" "$tmp/tampered.json"
expect "v1 manifest (not the payload) is refused" 1 "does not verify" -- \
    --key "$v1/cosign.pub" --signature "$v1/signature.b64" "$v1/manifest.json"

# v2: real cosign signature with a Rekor bundle (the Rekor part is not checked).
expect "v2 cosign signature verifies with cosign2.pub" 0 "Verified OK" -- \
    --key "$v2/cosign2.pub" --signature "$v2/signature.b64" "$v2/payload.json"
expect "v2 cosign signature is refused with the wrong key" 1 "does not verify" -- \
    --key "$v2/cosign.pub" --signature "$v2/signature.b64" "$v2/payload.json"

# v4: Sigstore bundle v0.3 with a messageSignature over hello_world.txt.
expect "v4 messageSignature bundle verifies" 0 "Verified OK" -- \
    --key "$v4/pub.pem" --bundle "$v4/bundle.json" "$v4/hello_world.txt"
printf 'hello world\n' > "$tmp/hello_newline.txt"
expect "v4 bundle is refused for a different file" 1 "does not match" -- \
    --key "$v4/pub.pem" --bundle "$v4/bundle.json" "$tmp/hello_newline.txt"
expect "v4 bundle is refused with the wrong key" 1 "does not verify" -- \
    --key "$v1/cosign.pub" --bundle "$v4/bundle.json" "$v4/hello_world.txt"

# v3: real DSSE bundle (npm publish attestation). The npm tarball it names is not shipped,
# so the DSSE signature is shown to verify by the error that comes only after it: the
# artifact does not match the statement's subject. With the wrong key it fails earlier.
expect "v3 DSSE signature verifies (subject mismatch reported after it)" 1 "does not match any subject" -- \
    --key "$v3/publish_key.pub" --bundle "$v3/bundle-publish.json" "$v3/statement.json"
expect "v3 DSSE bundle is refused with the wrong key" 1 "bundle DSSE envelope: signature does not verify" -- \
    --key "$v1/cosign.pub" --bundle "$v3/bundle-publish.json" "$v3/statement.json"

# Usage errors.
expect "missing --key is a usage error" 2 "--key is required" -- \
    --signature "$v1/signature.b64" "$v1/payload.json"
expect "--signature with --bundle is a usage error" 2 "exactly one of" -- \
    --key "$v1/cosign.pub" --signature "$v1/signature.b64" --bundle "$v4/bundle.json" "$v1/payload.json"

echo "1..$n"
if ((failures > 0)); then
    echo "# $failures of $n checks failed"
    exit 1
fi
echo "# all $n checks passed"
