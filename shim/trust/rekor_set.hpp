// SPDX-License-Identifier: Apache-2.0
// cosign's Rekor bundle for a key-based signature (the "dev.sigstore.cosign/bundle" layer
// annotation): proof, signed by the transparency log, that the signature was logged.
//   {"SignedEntryTimestamp": base64,
//    "Payload": {"body": base64, "integratedTime": int, "logIndex": int, "logID": hex}}
// Checked here:
//   - the SET is the Rekor key's signature over the canonical JSON (sorted keys, no spaces) of
//     {body, integratedTime, logID, logIndex};
//   - logID is the hex sha256 of that Rekor key's DER SubjectPublicKeyInfo;
//   - body is a hashedrekord v0.0.1 entry whose data hash is sha256(payload), whose signature
//     is this signature and whose public key is the signing key.
// A Sigstore bundle's transparency-log entries (verify_bundle_tlog) are checked the same way:
// one entry with an inclusion promise (SET) over {body, integratedTime, logID, logIndex} by a
// trusted Rekor key, whose body is a dsse v0.0.1 entry recording sha256 of this envelope's
// payload and this signature with the signing key.
// Not checked (containers/image does not either): integratedTime against anything, inclusion
// proofs. Pure code over OpenSSL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "trust/bundle.hpp"
#include "trust/containers_policy.hpp"
#include "trust/public_key.hpp"

namespace hardrun::trust {

// kUntrustedImage "Rekor bundle: <what>" on any failure.
Result<void> verify_rekor_bundle(std::string_view bundle_json,
                                 const std::vector<TrustedKey>& rekor_keys, const PublicKey& signer,
                                 std::string_view signature, std::string_view payload);

// kUntrustedImage "Rekor entry: <what>" unless one of `entries` passes (see above).
Result<void> verify_bundle_tlog(const std::vector<TlogEntry>& entries, const std::vector<TrustedKey>& rekor_keys,
                                const PublicKey& signer, const DsseEnvelope& envelope);

// The bytes the SET signs, for the fields of a Rekor bundle's Payload.
std::string rekor_set_signed_content(std::string_view body, std::int64_t integrated_time,
                                     std::string_view log_id, std::int64_t log_index);

}  // namespace hardrun::trust
