#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Image trust at `create`, end to end: a real registry (Debian's docker-registry on 127.0.0.1),
# images built with umoci and pushed with skopeo, cosign-format signatures made with openssl and pushed at their
# .sig tags, pulled by Docker (its own image store) and by containerd (ctr), and started
# through hardrun, which finds each image's digest, fetches its signatures into the cache on
# first sight and verifies them against a containers-policy.json (`hardrunctl trust verify`
# under a deadline, which stores an approval on a pass); a second rule gates on imported Trivy
# reports.
#   signed                         → runs, hardened
#   unsigned, wrong key, tampered payload, payload for another digest → refused, with the reason
#   registry down (never-fetched digest) → refused: fails closed
#   approval: a later start of the signed image rides on it; a policy change ends it
#   scan: clean report, clean signed vuln attestation → run; critical fixable CVE, stale report,
#         no report → refused; an attestation signed by another key is not imported
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_registry.sh"
e2e_require_root_and_tools containerd ctr dockerd "$DOCKER_CLI" docker-registry umoci skopeo curl openssl
[[ -n ${HARDRUNCTL_BIN:-} && -x ${HARDRUNCTL_BIN:-} ]] ||
    e2e_skip "HARDRUNCTL_BIN is not set to an executable (path to the built hardrunctl)"
[[ $(dirname "$(readlink -f "$HARDRUNCTL_BIN")") == $(dirname "$(readlink -f "$HARDRUN_BIN")") ]] ||
    e2e_skip "hardrun looks for hardrunctl beside itself: $HARDRUN_BIN and $HARDRUNCTL_BIN differ in directory"

start_registry
KEYS=$E2E_TMP/keys OTHER=$E2E_TMP/other-keys CACHE=$E2E_TMP/cache
make_cosign_key "$KEYS"
make_cosign_key "$OTHER"

# push_variant NAME:TAG: the busybox image with a label of its own (its own digest); prints it.
push_variant() { push_busybox_image "$1" "$1"; }

declare -A D
for name in signed unsigned wrongkey tampered mismatch late; do
    D[$name]=$(push_variant "app/$name:1")
    assert_match "pushed app/$name" "${D[$name]}" '^sha256:[0-9a-f]{64}$'
done
for name in clean critical stale none attested; do
    D[scan-$name]=$(push_variant "scan/$name:1")
done
sign_image app/signed "${D[signed]}" "$KEYS"
sign_image app/wrongkey "${D[wrongkey]}" "$OTHER"
sign_image_tampered app/tampered "${D[tampered]}" "$KEYS"
sign_image_wrong_digest app/mismatch "${D[mismatch]}" "$KEYS" "${D[signed]}"
sign_image app/late "${D[late]}" "$KEYS"
ok "registry $REGISTRY holds 10 images, 5 of them with signatures"

cat >"$E2E_TMP/containers-policy.json" <<EOF
{"default": [{"type": "reject"}],
 "transports": {"docker": {
   "$REGISTRY/app": [{"type": "sigstoreSigned", "keyPath": "$KEYS/cosign.pub",
                      "signedIdentity": {"type": "matchRepository"}}],
   "$REGISTRY/scan": [{"type": "insecureAcceptAnything"}]}}}
EOF
write_policy "$E2E_TMP/policy.json"
jq --arg reg "$REGISTRY" --arg t "$E2E_TMP" '
    .images = {signature_policy: ($t + "/containers-policy.json"), cache_dir: ($t + "/cache"),
               fetch_timeout_ms: 2000}
  | .rules = [{name: "signed-only", match: {images: [($reg + "/app/*")]},
               trust: {signatures: "verify"}},
              {name: "scanned", match: {images: [($reg + "/scan/*")]},
               trust: {signatures: "verify",
                       scan: {mode: "enforce", max_severity: "high", max_age: "1d"}}}]' \
    "$HARDRUN_CONFIG" >"$E2E_TMP/policy.json.new"
mv "$E2E_TMP/policy.json.new" "$HARDRUN_CONFIG"
must "hardrunctl policy check accepts the configuration" "$HARDRUNCTL_BIN" policy check "$HARDRUN_CONFIG"

# trivy_report NAME CREATED SEVERITY: a Trivy JSON report (schema 2) for scan/NAME.
trivy_report() {
    jq -n --arg repo "$REGISTRY/scan/$1" --arg digest "${D[scan-$1]}" --arg created "$2" --arg sev "$3" '{
        SchemaVersion: 2, CreatedAt: $created, ArtifactName: ($repo + ":1"), ArtifactType: "container_image",
        Metadata: {OS: {Family: "debian", Name: "12.8"}, RepoDigests: [($repo + "@" + $digest)],
                   RepoTags: [($repo + ":1")]},
        Results: [{Target: ($repo + ":1 (debian 12.8)"), Class: "os-pkgs", Type: "debian",
                   Vulnerabilities: [
                     {VulnerabilityID: "CVE-2026-1111", PkgName: "libssl3", InstalledVersion: "3.0.14-1",
                      FixedVersion: "3.0.15-1", Severity: $sev},
                     {VulnerabilityID: "CVE-2026-2222", PkgName: "zlib1g", InstalledVersion: "1.2.13",
                      Severity: "LOW"}]}]}' >"$E2E_TMP/trivy-$1.json"
}
trivy_report clean "$(date -u +%Y-%m-%dT%H:%M:%SZ)" MEDIUM
trivy_report critical "$(date -u +%Y-%m-%dT%H:%M:%SZ)" CRITICAL
trivy_report stale "$(date -u -d '-30 days' +%Y-%m-%dT%H:%M:%SZ)" LOW
for name in clean critical stale; do
    must "hardrunctl scan import (scan/$name)" "$HARDRUNCTL_BIN" scan import --cache-dir "$CACHE" "$E2E_TMP/trivy-$name.json"
    assert_contains "scan import bound the report to scan/$name's digest" "$OUT" "${D[scan-$name]}"
done

# A signed cosign vuln attestation (a DSSE envelope over an in-toto statement whose predicate
# holds the Trivy report), made with openssl the way `cosign attest --type vuln` signs.
trivy_report attested "$(date -u +%Y-%m-%dT%H:%M:%SZ)" LOW
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
jq -c --arg name "$REGISTRY/scan/attested" --arg hex "${D[scan-attested]#sha256:}" --arg now "$now" '{
    _type: "https://in-toto.io/Statement/v0.1", predicateType: "https://cosign.sigstore.dev/attestation/vuln/v1",
    subject: [{name: $name, digest: {sha256: $hex}}],
    predicate: {invocation: {parameters: null, uri: "", event_id: "", "builder.id": ""},
                scanner: {uri: "pkg:github/aquasecurity/trivy@0.50.0", version: "0.50.0", result: .},
                metadata: {scanStartedOn: $now, scanFinishedOn: $now}}}' \
    "$E2E_TMP/trivy-attested.json" | tr -d '\n' >"$E2E_TMP/statement.json"
{ printf 'DSSEv1 28 application/vnd.in-toto+json %s ' "$(stat -c %s "$E2E_TMP/statement.json")"
  cat "$E2E_TMP/statement.json"; } >"$E2E_TMP/pae.bin"
openssl dgst -sha256 -sign "$KEYS/cosign.key" -out "$E2E_TMP/pae.sig" "$E2E_TMP/pae.bin"
jq -n --arg p "$(base64 -w0 "$E2E_TMP/statement.json")" --arg s "$(base64 -w0 "$E2E_TMP/pae.sig")" \
    '{payloadType: "application/vnd.in-toto+json", payload: $p, signatures: [{keyid: "", sig: $s}]}' \
    >"$E2E_TMP/attestation.json"
capture "$HARDRUNCTL_BIN" scan import --cache-dir "$CACHE" --key "$OTHER/cosign.pub" "$E2E_TMP/attestation.json"
assert_eq "scan import --key: an attestation signed by another key is refused" 1 "$RC"
assert_contains "scan import --key: it says the signature does not verify" "$OUT" "does not verify"
must "hardrunctl scan import --key (signed vuln attestation for scan/attested)" \
    "$HARDRUNCTL_BIN" scan import --cache-dir "$CACHE" --key "$KEYS/cosign.pub" "$E2E_TMP/attestation.json"
assert_contains "scan import bound the attestation to scan/attested's digest" "$OUT" "${D[scan-attested]}"

start_dockerd

# docker_try NAME: pull $REGISTRY/NAME:1 and run the probe in it through hardrun.
docker_try() {
    must "docker pull $1" $DOCKER pull -q "$REGISTRY/$1:1"
    capture $DOCKER run --rm --runtime hardrun "$REGISTRY/$1:1" sh -c "$PROBE"
}
# refused WHAT WANT...: the last run failed and its output names hardrun and each WANT.
refused() {
    local what=$1 want
    shift
    [[ $RC -ne 0 ]] || fail "$what: refused" "it ran; output:" "$(indent "$OUT")"
    assert_contains "$what: refused by hardrun" "$OUT" "hardrun: refused container"
    for want in "$@"; do assert_contains "$what: the message says \"$want\"" "$OUT" "$want"; done
}

docker_try app/signed
[[ $RC -eq 0 ]] || fail "docker: the signed image runs" "exit $RC:" "$(indent "$OUT")"
assert_hardened "docker: signed image" "$OUT"
capture tail -n 1 "$E2E_TMP/decisions.log"
assert_contains "decision log: the image's digest" "$OUT" "${D[signed]}"
assert_match "decision log: identity from Docker's store" "$OUT" '"source" *: *"docker"'
assert_match "decision log: the signature was accepted" "$OUT" '"accepted" *: *true'
[[ -n $(ls "$CACHE/signatures/$REGISTRY/app/signed/sha256/${D[signed]#sha256:}/" 2>/dev/null) ]] ||
    fail "the signature of app/signed was fetched into the cache"
ok "the signature of app/signed was fetched into the cache"

docker_try app/unsigned
refused "docker: unsigned image" "$REGISTRY/app/unsigned@${D[unsigned]}" "no signature was found"
docker_try app/wrongkey
refused "docker: image signed with another key" "$REGISTRY/app/wrongkey@${D[wrongkey]}" "not signed by a trusted key"
docker_try app/tampered
refused "docker: tampered signature payload" "$REGISTRY/app/tampered@${D[tampered]}"
docker_try app/mismatch
refused "docker: signature for another digest" "$REGISTRY/app/mismatch@${D[mismatch]}" "signed for another digest"

docker_try scan/clean
[[ $RC -eq 0 ]] || fail "docker: the image with a clean report runs" "exit $RC:" "$(indent "$OUT")"
ok "docker: the image with a clean report runs"
docker_try scan/attested
[[ $RC -eq 0 ]] || fail "docker: the image with a clean signed attestation runs" "exit $RC:" "$(indent "$OUT")"
ok "docker: the image with a clean signed attestation runs"
docker_try scan/critical
refused "docker: critical fixable CVE" "CVE-2026-1111" "libssl3" "critical" "3.0.15-1"
assert_not_contains "docker: the unfixable low CVE does not block" "$OUT" "CVE-2026-2222"
docker_try scan/stale
refused "docker: stale scan report" "scan/stale"
docker_try scan/none
refused "docker: no scan report" "no scan report"

# ---- containerd (ctr): identity from containerd's API -----------------------------------------
RUN=($CTR run --runc-binary "$HARDRUN_BIN" --rm)
must "ctr pull app/signed" $CTR images pull --plain-http "$REGISTRY/app/signed:1"
capture "${RUN[@]}" "$REGISTRY/app/signed:1" "signed-$$" sh -c "$PROBE"
[[ $RC -eq 0 ]] || fail "ctr: the signed image runs" "exit $RC:" "$(indent "$OUT")"
assert_hardened "ctr: signed image" "$OUT"
capture tail -n 1 "$E2E_TMP/decisions.log"
assert_match "decision log: identity from containerd" "$OUT" '"source" *: *"containerd"'
must "ctr pull app/wrongkey" $CTR images pull --plain-http "$REGISTRY/app/wrongkey:1"
capture "${RUN[@]}" "$REGISTRY/app/wrongkey:1" "wrongkey-$$" true
refused "ctr: image signed with another key" "$REGISTRY/app/wrongkey@${D[wrongkey]}"

# ---- the registry goes away: a digest never fetched is refused, not let through -------------
must "docker pull app/late" $DOCKER pull -q "$REGISTRY/app/late:1"
registry_pid=$(pgrep -f "docker-registry serve $E2E_TMP/registry/config.yml")
stop_pid "$registry_pid"
ok "registry stopped"
start=$SECONDS
capture $DOCKER run --rm --runtime hardrun "$REGISTRY/app/late:1" true
refused "docker: registry down" "$REGISTRY/app/late@${D[late]}" "the signature fetch failed"
((SECONDS - start < 20)) || fail "the refusal came within the fetch deadline" "took $((SECONDS - start)) s"
ok "the refusal came within $((SECONDS - start)) s"
# The signed image's signatures are cached: it still runs with the registry down.
capture $DOCKER run --rm --runtime hardrun "$REGISTRY/app/signed:1" true
[[ $RC -eq 0 ]] || fail "docker: the signed image runs from the cache with the registry down" "exit $RC:" "$(indent "$OUT")"
ok "docker: the signed image runs from the cache with the registry down"

# ---- approvals: later starts need no cryptography; a change of policy ends them -------------
# An approval is stored once every input (policy, key, signature set) has been still for 2 s.
sleep 2
capture $DOCKER run --rm --runtime hardrun "$REGISTRY/app/signed:1" true
[[ $RC -eq 0 ]] || fail "docker: the signed image runs again" "exit $RC:" "$(indent "$OUT")"
approval=$CACHE/approvals/$REGISTRY/app/signed/sha256/${D[signed]#sha256:}.json
[[ -f $approval ]] || fail "an approval of app/signed was stored" "$(ls -R "$CACHE/approvals" 2>&1)"
ok "an approval of app/signed was stored"
capture $DOCKER run --rm --runtime hardrun "$REGISTRY/app/signed:1" sh -c "$PROBE"
[[ $RC -eq 0 ]] || fail "docker: the signed image runs on its approval" "exit $RC:" "$(indent "$OUT")"
assert_hardened "docker: signed image on its approval" "$OUT"
capture tail -n 1 "$E2E_TMP/decisions.log"
assert_match "decision log: the start rode on the approval" "$OUT" '"approval" *: *\{ *"verified_at"'
# From now on only the other key is trusted: the approval no longer holds.
jq --arg key "$OTHER/cosign.pub" '.transports.docker["'"$REGISTRY"'/app"][0].keyPath = $key' \
    "$E2E_TMP/containers-policy.json" >"$E2E_TMP/containers-policy.json.new"
mv "$E2E_TMP/containers-policy.json.new" "$E2E_TMP/containers-policy.json"
capture $DOCKER run --rm --runtime hardrun "$REGISTRY/app/signed:1" true
refused "docker: the approved image after its key was withdrawn" "$REGISTRY/app/signed@${D[signed]}" \
    "not signed by a trusted key"
capture tail -n 1 "$E2E_TMP/decisions.log"
assert_contains "decision log: the approval ended with the policy" "$OUT" "containers-policy.json changed since the approval"
