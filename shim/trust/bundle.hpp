// SPDX-License-Identifier: Apache-2.0
// Sigstore bundles (media types v0.1, v0.2, v0.3) verified with a known public key:
// `messageSignature` (a signature over the artifact, plus its digest) and `dsseEnvelope`
// (a DSSE signature over PAE(payloadType, payload), usually an in-toto statement).
// Transparency-log entries (verificationMaterial.tlogEntries) are parsed here and checked by
// rekor_set.hpp when a policy names a Rekor key; inclusion proofs, RFC 3161 timestamps and
// Fulcio certificates are passed over, never checked. Key-based trust only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "trust/public_key.hpp"

namespace hardrun::trust {

struct MessageSignature {
    std::string digest_algorithm;  // "SHA2_256", "SHA2_384" or "SHA2_512"
    std::string digest;            // raw bytes
    std::string signature;         // raw bytes (DER for ECDSA)
};

struct DsseEnvelope {
    std::string payload_type;
    std::string payload;    // decoded bytes
    std::string signature;  // decoded bytes of the one signature
};

// One verificationMaterial.tlogEntries[] element (protobuf JSON: 64-bit integers may be
// strings, bytes are base64).
struct TlogEntry {
    std::int64_t log_index = 0;
    std::string log_id;  // logId.keyId, as lower-case hex
    std::string kind;     // kindVersion.kind: "dsse", "hashedrekord", ...
    std::string version;  // kindVersion.version: "0.0.1"
    std::int64_t integrated_time = 0;
    std::optional<std::string> signed_entry_timestamp;  // inclusionPromise, decoded bytes
    std::string canonicalized_body;                      // decoded bytes
};

struct Bundle {
    std::string media_type;
    std::optional<std::string> public_key_hint;  // verificationMaterial.publicKey.hint
    std::vector<TlogEntry> tlog_entries;
    std::optional<MessageSignature> message_signature;  // exactly one of these two
    std::optional<DsseEnvelope> dsse_envelope;
};

struct InTotoSubject {
    std::string name;
    std::map<std::string, std::string> digest;  // algorithm ("sha256") → hex
};

struct InTotoStatement {
    std::string predicate_type;
    std::vector<InTotoSubject> subjects;
};

inline constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";

// kUntrustedImage naming the field for anything malformed.
Result<Bundle> parse_bundle(std::string_view json_text);

// A bare DSSE envelope ({"payloadType", "payload", "signatures": [{"sig"}]}), as
// `cosign download attestation` prints one; exactly one signature.
Result<DsseEnvelope> parse_dsse_envelope(std::string_view json_text);

// DSSE v1 pre-authentication encoding:
// "DSSEv1" SP len(type) SP type SP len(payload) SP payload, lengths in ASCII decimal.
std::string dsse_pae(std::string_view payload_type, std::string_view payload);

Result<InTotoStatement> parse_in_toto_statement(std::string_view payload);

// Verifies `bundle` for `artifact` with `key`. messageSignature: the artifact's digest must
// equal messageDigest and the signature must verify over the artifact. dsseEnvelope: the
// signature must verify over the PAE, the payload must be an in-toto statement, and one
// subject digest (sha256/sha384/sha512) must match the artifact.
Result<void> verify_bundle(const Bundle& bundle, const PublicKey& key, std::string_view artifact);

}  // namespace hardrun::trust
