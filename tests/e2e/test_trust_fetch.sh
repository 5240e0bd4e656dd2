#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `hardrunctl trust fetch` against a real registry (Debian's docker-registry 2.8, which has no
# referrers API) on the loopback, with a cosign-style signature made by lib_registry.sh:
#  1. a signed image fetched by digest: exit 0, one signature stored in the cache (0700
#     directories, 0600 files, a `complete` marker), its payload names the digest and verifies
#     with the public key (hardrunctl verify-blob); the cold fetch time is printed.
#  1b. `hardrunctl trust verify` as an operator runs it: accepted from the cache, an approval
#     stored only once its inputs have been still for 2 s, another key refused, no digest a
#     usage error.
#  2. the same by tag: the tag is resolved to the same digest.
#  3. a repository without signatures: exit 0, "no signatures found", a `complete` marker and no
#     signature file. Same manifest, so same digest: the signed repository's set stays.
#  4. a tampered and a wrong-digest signature are stored as found (the fetcher only checks that
#     they parse; verification is the signature policy's job).
#  5. usage errors exit 2.
#  5b. a registry that asks for a password (htpasswd, Basic): refused without credentials and
#     with a wrong password, fetched with the password from a Docker config.json (--auth-file).
#  6. the registry down: exit 1 naming the URL and curl's error; a socket that accepts but never
#     answers: exit 1 within --timeout-ms (plus process start-up).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_registry.sh"
e2e_require_root_and_tools docker-registry umoci skopeo curl openssl ss
[[ -n ${HARDRUNCTL_BIN:-} && -x ${HARDRUNCTL_BIN:-} ]] ||
    e2e_skip "HARDRUNCTL_BIN is not set to an executable (path to the built hardrunctl)"
CTL=$HARDRUNCTL_BIN
export HARDRUN_CONFIG=$E2E_TMP/no-config.json  # built-in defaults: 127.0.0.1:* is plain HTTP

now_ms() { echo $(($(date +%s%N) / 1000000)); }

start_registry
KEYS=$E2E_TMP/keys
make_cosign_key "$KEYS"
DIGEST=$(push_busybox_image app:v1)
assert_match "skopeo printed a manifest digest" "$DIGEST" '^sha256:[0-9a-f]{64}$'
sign_image app "$DIGEST" "$KEYS"
HEX=${DIGEST#sha256:}

# 1. by digest
CACHE=$E2E_TMP/cache
t0=$(now_ms)
must "trust fetch by digest" "$CTL" trust fetch --cache-dir "$CACHE" "$REGISTRY/app@$DIGEST"
elapsed=$(($(now_ms) - t0))
echo "# cold fetch (hardrunctl start-up, 1 image, 1 cosign signature, loopback registry): $elapsed ms"
assert_contains "the digest is printed" "$OUT" "$DIGEST"
assert_contains "one cosign signature is reported" "$OUT" "stored cosign signature"
SET=$CACHE/signatures/$REGISTRY/app/sha256/$HEX
files=("$SET"/*.json)
assert_eq "one signature file is cached" 1 "${#files[@]}"
assert_eq "the set is marked complete" yes "$([[ -f $SET/complete ]] && echo yes)"
assert_eq "the digest's directory is 0700" 700 "$(stat -c %a "$SET")"
assert_eq "the signature file is 0600" 600 "$(stat -c %a "${files[0]}")"
assert_eq "the cached kind is cosign" cosign "$(jq -r .kind "${files[0]}")"
jq -r .payload "${files[0]}" | base64 -d >"$E2E_TMP/payload.json"
jq -r .signature "${files[0]}" | base64 -d >"$E2E_TMP/payload.sig"
assert_eq "the cached payload names the digest" "$DIGEST" \
    "$(jq -r '.critical.image["docker-manifest-digest"]' "$E2E_TMP/payload.json")"
assert_eq "the cached payload names the repository" "$REGISTRY/app" \
    "$(jq -r '.critical.identity["docker-reference"]' "$E2E_TMP/payload.json")"
must "the cached signature verifies with the public key" \
    "$CTL" verify-blob --key "$KEYS/cosign.pub" --signature "$E2E_TMP/payload.sig" "$E2E_TMP/payload.json"

# 1b. trust verify
jq -n --arg r "$REGISTRY/app" --arg k "$KEYS/cosign.pub" '{default: [{type: "reject"}],
    transports: {docker: {($r): [{type: "sigstoreSigned", keyPath: $k, signedIdentity: {type: "matchRepository"}}]}}}' \
    >"$E2E_TMP/policy.json"
VERIFY=("$CTL" trust verify --policy "$E2E_TMP/policy.json" --cache-dir "$CACHE" --no-fetch --json
        --reference "$REGISTRY/app:v1" "$REGISTRY/app@$DIGEST")
stored_approval() { jq -r --arg d "$DIGEST" '.digests[$d].approval_stored' <<<"$OUT"; }
capture "${VERIFY[@]}"
assert_eq "trust verify: accepted, exit 0" 0 "$RC"
assert_eq "trust verify: the answer says accepted" true "$(jq -r .accepted <<<"$OUT")"
assert_contains "trust verify: no approval over inputs written a moment ago" "$(stored_approval)" \
    "changed less than 2000 ms ago"
sleep 2.1
capture "${VERIFY[@]}"
assert_eq "trust verify again: the approval is stored" stored "$(stored_approval)"
APPROVAL=$CACHE/approvals/$REGISTRY/app/sha256/$HEX.json
assert_eq "the approval file is 0600" 600 "$(stat -c %a "$APPROVAL")"
assert_eq "the approval records the policy and the key among its inputs" 2 \
    "$(jq --arg p "$E2E_TMP/policy.json" --arg k "$KEYS/cosign.pub" '[.inputs[].path | select(. == $p or . == $k)] | length' "$APPROVAL")"
make_cosign_key "$E2E_TMP/other-keys"
jq --arg k "$E2E_TMP/other-keys/cosign.pub" '.transports.docker[][0].keyPath = $k' "$E2E_TMP/policy.json" \
    >"$E2E_TMP/policy-other.json"
capture "$CTL" trust verify --policy "$E2E_TMP/policy-other.json" --cache-dir "$CACHE" --no-fetch "$REGISTRY/app@$DIGEST"
assert_eq "trust verify under another key: exit 1" 1 "$RC"
assert_contains "trust verify under another key: it says why" "$OUT" "not signed by a trusted key"
capture "$CTL" trust verify "$REGISTRY/app:v1"
assert_eq "trust verify without a digest: exit 2" 2 "$RC"

# 2. by tag
must "trust fetch by tag" "$CTL" trust fetch --cache-dir "$CACHE" "$REGISTRY/app:v1"
assert_eq "the tag resolves to the pushed digest" "$DIGEST" "$(head -n 1 <<<"$OUT")"
files=("$SET"/*.json)
assert_eq "fetching again keeps one signature file" 1 "${#files[@]}"

# 3. unsigned
push_busybox_image plain:v1 >/dev/null
must "trust fetch of an unsigned repository" "$CTL" trust fetch --cache-dir "$CACHE" "$REGISTRY/plain:v1"
assert_contains "no signatures are reported" "$OUT" "no signatures found for $REGISTRY/plain@$DIGEST"
SET2=$CACHE/signatures/$REGISTRY/plain/sha256/$HEX
assert_eq "the empty set is marked complete" yes "$([[ -f $SET2/complete ]] && echo yes)"
assert_eq "no signature file is cached" 0 "$(find "$SET2" -name '*.json' | wc -l)"
files=("$SET"/*.json)
assert_eq "the same digest in the signed repository keeps its signature" 1 "${#files[@]}"

# 4. bad signatures are fetched as they are
DIGEST_T=$(push_busybox_image tampered:v1)
sign_image_tampered tampered "$DIGEST_T" "$KEYS"
sign_image_wrong_digest tampered "$DIGEST_T" "$KEYS" "sha256:$(printf '%064d' 0)"
must "trust fetch of tampered signatures" "$CTL" trust fetch --cache-dir "$E2E_TMP/cache3" "$REGISTRY/tampered@$DIGEST_T"
assert_eq "both signature layers are stored" 2 "$(grep -c '^stored cosign signature' <<<"$OUT")"

# 5. usage
capture "$CTL" trust fetch --cache-dir "$CACHE"
assert_eq "no IMAGE: exit 2" 2 "$RC"
capture "$CTL" trust fetch --timeout-ms soon "$REGISTRY/app:v1"
assert_eq "a bad --timeout-ms: exit 2" 2 "$RC"
capture "$CTL" trust fetch "$REGISTRY/app@sha256:abc"
assert_eq "a malformed digest: exit 2" 2 "$RC"

# 5b. a registry that asks for a password, over the same storage
start_private_registry alice 's3cret pass'
ok "a password-protected registry on $PRIVATE_REGISTRY"
auth_file() { jq -n --arg k "$1" --arg a "$(printf '%s' "$2" | base64 -w0)" '{auths: {($k): {auth: $a}}}'; }
auth_file "$PRIVATE_REGISTRY" 'alice:s3cret pass' >"$E2E_TMP/config.json"
auth_file "$PRIVATE_REGISTRY" 'alice:wrong' >"$E2E_TMP/wrong.json"
auth_file "other.example.com" 'alice:s3cret pass' >"$E2E_TMP/other.json"
capture "$CTL" trust fetch --cache-dir "$E2E_TMP/cache-private" --auth-file "$E2E_TMP/other.json" \
    "$PRIVATE_REGISTRY/app@$DIGEST"
assert_eq "private registry, no credentials for it: exit 1" 1 "$RC"
assert_contains "private registry, no credentials: it says so" "$OUT" "asks for credentials and none are configured"
capture "$CTL" trust fetch --cache-dir "$E2E_TMP/cache-private" --auth-file "$E2E_TMP/wrong.json" \
    "$PRIVATE_REGISTRY/app@$DIGEST"
assert_eq "private registry, wrong password: exit 1" 1 "$RC"
assert_contains "private registry, wrong password: HTTP 401" "$OUT" "HTTP 401"
must "private registry, the password from a Docker config.json" "$CTL" trust fetch \
    --cache-dir "$E2E_TMP/cache-private" --auth-file "$E2E_TMP/missing.json" --auth-file "$E2E_TMP/config.json" \
    "$PRIVATE_REGISTRY/app@$DIGEST"
assert_contains "private registry: one signature stored" "$OUT" "stored cosign signature"
[[ -f $E2E_TMP/cache-private/signatures/$PRIVATE_REGISTRY/app/sha256/$HEX/complete ]] ||
    fail "private registry: the set is marked complete"
ok "private registry: the set is marked complete"
assert_contains "private registry: the log shows a Basic login" \
    "$(cat "$E2E_TMP/private-registry/registry.log")" 'auth.user.name=alice'

# 6. registry down, and a registry that never answers
capture "$CTL" trust fetch --cache-dir "$CACHE" "$REGISTRY/nosuch:v1"
assert_eq "an unknown tag: exit 1" 1 "$RC"
assert_contains "an unknown tag: the URL is named" "$OUT" "http://$REGISTRY/v2/nosuch/manifests/v1"
stop_pid "$REGISTRY_PID"
capture "$CTL" trust fetch --cache-dir "$CACHE" --timeout-ms 2000 "$REGISTRY/app:v1"
assert_eq "registry down: exit 1" 1 "$RC"
assert_contains "registry down: the URL is named" "$OUT" "http://$REGISTRY/v2/app/manifests/v1"
assert_contains "registry down: curl's error is named" "$OUT" "curl error 7"

port=
for candidate in $(shuf -i 20000-60000 -n 20); do
    [[ -z $(ss -Htln "sport = :$candidate") ]] && { port=$candidate; break; }
done
[[ -n $port ]] || fail "found a free port for a silent listener"
# nc's input is a fifo a sleep holds open (so nc never sends EOF); both are killed at teardown
# and neither holds the test's own output open.
mkfifo "$E2E_TMP/silent.in"
sleep 600 >"$E2E_TMP/silent.in" 2>/dev/null </dev/null &
E2E_PIDS+=("$!")
busybox nc -l -p "$port" <"$E2E_TMP/silent.in" >/dev/null 2>&1 &
E2E_PIDS+=("$!")
wait_for "a silent listener on 127.0.0.1:$port" 10 bash -c "[[ -n \$(ss -Htln 'sport = :$port') ]]"
t0=$(now_ms)
capture "$CTL" trust fetch --cache-dir "$CACHE" --timeout-ms 700 "127.0.0.1:$port/app:v1"
elapsed=$(($(now_ms) - t0))
echo "# silent registry: exit $RC after $elapsed ms with --timeout-ms 700"
assert_eq "silent registry: exit 1" 1 "$RC"
assert_contains "silent registry: the timeout is named" "$OUT" "timed out (deadline 700 ms)"
assert_contains "silent registry: the URL is named" "$OUT" "http://127.0.0.1:$port/v2/app/manifests/v1"
if ((elapsed < 1500)); then
    ok "silent registry: gave up within the bound ($elapsed ms for 700 ms)"
else
    fail "silent registry: gave up within the bound" "took $elapsed ms for --timeout-ms 700"
fi
