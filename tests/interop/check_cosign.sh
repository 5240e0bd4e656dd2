#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks `hardrunctl verify-blob` against real cosign/Sigstore artifacts and `hardrunctl scan
# import` against real Trivy, Grype and cosign vuln reports in ../shared/interop (see its
# README.md for where each vector comes from). Prints TAP-like ok/not ok lines and
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
    # The newest build that knows verify-blob and scan import (older build trees may predate them).
    while IFS= read -r candidate; do
        if [[ -x "$candidate" ]] && "$candidate" --help 2>/dev/null | grep -q verify-blob &&
            "$candidate" --help 2>/dev/null | grep -q "scan import"; then
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
# run_and_check NAME WANT_EXIT WANT_TEXT -- COMMAND...: runs COMMAND, checks exit code and output.
run_and_check() {
    local name="$1" want_rc="$2" want_text="$3"
    shift 4
    local out rc
    out="$("$@" 2>&1)"
    rc=$?
    n=$((n + 1))
    if [[ "$rc" == "$want_rc" && "$out" == *"$want_text"* ]]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name (exit $rc, want $want_rc with \"$want_text\"): $out"
        failures=$((failures + 1))
    fi
}
# expect NAME WANT_EXIT WANT_TEXT -- ARGS...: runs verify-blob ARGS.
expect() { run_and_check "$1" "$2" "$3" -- "$ctl" verify-blob "${@:5}"; }

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

# scan import: real scanner output (trivy and grype golden files, cosign's vuln predicate).
scans="$interop/scan-reports"
cache="$tmp/cache"
# expect_scan NAME WANT_EXIT WANT_TEXT -- ARGS...: runs scan import ARGS into $cache.
expect_scan() { run_and_check "$1" "$2" "$3" -- "$ctl" scan import --cache-dir "$cache" "${@:5}"; }
# expect_stored NAME FILE TEXT...: FILE exists, has mode 644, and holds every TEXT.
expect_stored() {
    local name="$1" file="$2" missing=""
    shift 2
    n=$((n + 1))
    if [[ ! -f "$file" ]]; then
        echo "not ok $n - $name ($file was not written)"
        failures=$((failures + 1))
        return
    fi
    for text in "$@"; do [[ "$(cat "$file")" == *"$text"* ]] || missing+=" $text"; done
    if [[ -z "$missing" && "$(stat -c %a "$file")" == 644 ]]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name (mode $(stat -c %a "$file"), missing:$missing)"
        failures=$((failures + 1))
    fi
}
d1="sha256:$(printf '1%.0s' {1..64})"
d2="sha256:$(printf '2%.0s' {1..64})"
d3="sha256:$(printf '3%.0s' {1..64})"
alpine_config=055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1
grype_manifest=ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5

expect_scan "trivy alpine report (ImageID only) binds to its config digest" 0 \
    "bound trivy report (2 findings, created 2021-08-25T12:20:30Z) to config digest sha256:$alpine_config only" -- \
    "$scans/trivy-alpine-39-high-critical.json"
expect_stored "trivy alpine summary is stored by config digest" "$cache/scans/config/sha256/$alpine_config.json" \
    '"scanner":"trivy"' '"created_at":1629894030' '"config_digest":"sha256:'"$alpine_config"'"' \
    '["CVE-2019-14697","musl","1.1.20-r4","critical","1.1.20-r5"]' \
    '["CVE-2019-14697","musl-utils",' '"repositories":["ghcr.io/aquasecurity/trivy-test-images"]'
expect_scan "trivy alpine report binds to --image" 0 \
    "bound trivy report (2 findings, created 2021-08-25T12:20:30Z) to $d1 (from --image)" -- \
    --image "ghcr.io/aquasecurity/trivy-test-images@$d1" "$scans/trivy-alpine-39-high-critical.json"
expect_stored "trivy alpine summary is stored by manifest digest" "$cache/scans/sha256/${d1#sha256:}.json" \
    '"manifest_digests":["'"$d1"'"]' '["CVE-2019-14697","musl",'
expect_scan "trivy debian report binds to --image" 0 \
    "bound trivy report (2 findings, created 2021-08-25T12:20:30Z) to $d2 (from --image)" -- \
    --image="ghcr.io/aquasecurity/trivy-test-images@$d2" "$scans/trivy-debian-buster.json"
expect_stored "trivy debian summary keeps fixed and unfixed findings" "$cache/scans/sha256/${d2#sha256:}.json" \
    '["CVE-2019-18276","bash","5.0-4","low",""]' \
    '["CVE-2019-18224","libidn2-0","2.0.5-1","critical","2.0.5-1+deb10u1"]'
expect_scan "grype report binds to its manifestDigest" 0 \
    "bound grype report (2 findings, creation time unknown) to sha256:$grype_manifest (the report's manifest digest)" -- \
    "$scans/grype-TestJsonImgsPresenter.json"
expect_stored "grype summary keeps fix versions, states and title-case severities" \
    "$cache/scans/sha256/$grype_manifest.json" '"scanner":"grype"' '"created_at":null' \
    '["CVE-1999-0001","package-1","1.1.1","low","1.2.1, 2.1.3, 3.4.0"]' \
    '["CVE-1999-0002","package-2","2.2.2","critical",""]'
expect_scan "grype report refuses an --image it does not describe" 1 "but the report is about sha256:$grype_manifest" -- \
    --image "example.com/app@$d3" "$scans/grype-TestJsonImgsPresenter.json"
expect_scan "cosign vuln predicate without --image names no digest" 1 \
    "the report names no image digest; pass --image" -- "$scans/cosign-vuln-predicate.json"
expect_scan "cosign vuln predicate binds to --image" 0 \
    "bound cosign-vuln report (no scanner result, created 2022-04-12T00:10:00Z) to $d3 (from --image)" -- \
    --image "example.com/app@$d3" "$scans/cosign-vuln-predicate.json"
expect_stored "cosign vuln summary records that it has no findings list" "$cache/scans/sha256/${d3#sha256:}.json" \
    '"scanner":"cosign-vuln"' '"has_findings":false' '"created_at":1649722200'
sed 's/"Severity": "CRITICAL"/"Severity": "SEVERE"/' "$scans/trivy-debian-buster.json" > "$tmp/severe.json"
expect_scan "a report with an unknown severity is refused naming the field" 1 \
    "severe.json: /Results/0/Vulnerabilities/1/Severity \"SEVERE\" is not a severity" -- "$tmp/severe.json"
expect_scan "a report without REPORT is a usage error" 2 "REPORT is required" -- --image "example.com/app@$d3"

echo "1..$n"
if ((failures > 0)); then
    echo "# $failures of $n checks failed"
    exit 1
fi
echo "# all $n checks passed"
