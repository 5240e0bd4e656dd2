// SPDX-License-Identifier: Apache-2.0
// The signature policy: containers-policy.json(5), the file podman, CRI-O and skopeo read
// (/etc/containers/policy.json), parsed as strictly as containers/image parses it: unknown,
// duplicated or ill-typed fields reject the whole file, and every error names the file and
// the JSONPath of the offending value:
//   /etc/containers/policy.json: $.transports.docker["quay.io"][0].keyPath: ...
//
//   {"default": [requirement, ...],                     required, non-empty
//    "transports": {"docker": {scope: [requirement, ...], "": [...]},
//                   "<other transport>": {...}}}        parsed and kept, never consulted
//
// Requirements: insecureAcceptAnything, reject, signedBy (GPG; parsed, never satisfied by
// hardrun), signedBaseLayer (parsed; containers/image does not implement it either) and
// sigstoreSigned (keyPath | keyPaths | keyData | keyDatas | fulcio | pki, optional Rekor key(s),
// signedIdentity). Public keys and Rekor keys are read and parsed here, at load, so evaluating
// the policy on a container start does no file I/O; a key that cannot be read or parsed is a
// load error. hardrun's additional rule: keyPath and rekorPublicKeyPath must be absolute.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.hpp"
#include "trust/public_key.hpp"
#include "trust/signed_identity.hpp"

namespace hardrun::trust {

// A parsed public key and where it came from ("/etc/pki/cosign.pub", "keyDatas[1]").
struct TrustedKey {
    std::string source;
    PublicKey key;
};

struct InsecureAcceptAnything {};
struct Reject {};

// GPG "simple signing": kept for `explain`, never evaluated to accepted.
struct SignedBy {
    std::string key_type;  // GPGKeys, signedByGPGKeys, X509Certificates, signedByX509CAs
    SignedIdentity identity;
};

struct SignedBaseLayer {
    SignedIdentity base_layer_identity;
};

struct SigstoreSigned {
    std::vector<TrustedKey> keys;        // keyPath/keyPaths/keyData/keyDatas; empty with fulcio/pki
    std::vector<TrustedKey> rekor_keys;  // ECDSA; empty when no Rekor key is configured
    bool fulcio = false;                 // keyless (Fulcio certificates): parsed, not evaluated
    bool pki = false;                    // X.509 PKI certificates: parsed, not evaluated
    SignedIdentity identity;
};

using PolicyRequirement =
    std::variant<InsecureAcceptAnything, Reject, SignedBy, SignedBaseLayer, SigstoreSigned>;
using PolicyRequirements = std::vector<PolicyRequirement>;

// The JSON spelling of a requirement's type ("sigstoreSigned").
std::string_view requirement_type_name(const PolicyRequirement& requirement);

struct SignaturePolicy {
    std::string origin;  // the file it came from, for messages
    PolicyRequirements default_requirements;
    // transport name → scope → requirements. Only "docker" is consulted.
    std::map<std::string, std::map<std::string, PolicyRequirements>> transports;
};

// Reads a key file named in the policy (an absolute path); injectable for tests.
using KeyFileReader = std::function<Result<std::string>(const std::string& path)>;

// Reads a regular file of at most 64 KiB.
Result<std::string> read_key_file(const std::string& path);

// kInvalidPolicy "<origin>: <JSONPath>: <what>" for anything malformed, including a key that
// cannot be read or parsed.
Result<SignaturePolicy> parse_signature_policy(std::string_view text, const std::string& origin,
                                               const KeyFileReader& read_key = read_key_file);

// Reads `path` (at most 1 MiB) and parses it; kNotFound/kIo when it cannot be read.
Result<SignaturePolicy> load_signature_policy(const std::string& path,
                                              const KeyFileReader& read_key = read_key_file);

}  // namespace hardrun::trust
