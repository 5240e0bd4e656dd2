// SPDX-License-Identifier: Apache-2.0
// A public key from a PEM SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----", what
// `cosign generate-key-pair` writes as cosign.pub) and signature verification with the
// algorithm the Sigstore algorithm registry assigns to that key:
//   ECDSA P-256 → SHA-256, P-384 → SHA-384, P-521 → SHA-512 (DER SEQUENCE{r, s} signatures),
//   RSA ≥ 2048 bits → PKCS#1 v1.5 with SHA-256, Ed25519 → pure Ed25519 (64-byte signatures).
// OpenSSL stays inside the .cpp: this header names no OpenSSL type.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hardrun::trust {

class PublicKey {
public:
    // kInvalidArgument for anything that is not one PEM public key of a supported kind.
    static Result<PublicKey> from_pem(std::string_view pem);

    PublicKey(PublicKey&&) noexcept;
    PublicKey& operator=(PublicKey&&) noexcept;
    ~PublicKey();

    // kUntrustedImage when `signature` is malformed or does not verify `message`.
    Result<void> verify(std::string_view message, std::string_view signature) const;

    // "ecdsa-p256-sha256", "ecdsa-p384-sha384", "ecdsa-p521-sha512", "rsa-pkcs1v15-sha256",
    // "ed25519": for messages and logs.
    const std::string& algorithm() const;

    // The DER SubjectPublicKeyInfo (Sigstore's key hint is base64(sha256(this))).
    const std::string& spki_der() const;

private:
    struct Impl;
    explicit PublicKey(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Hash helpers over OpenSSL, returning the raw digest bytes.
std::string sha256(std::string_view data);
std::string sha384(std::string_view data);
std::string sha512(std::string_view data);

// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);

// Initialises libcrypto without reading openssl.cnf. For the runtime, which only verifies
// signatures with keys it is given: reading and applying the system configuration costs
// milliseconds on every container start and changes nothing about a verification. Must come
// before any other libcrypto call to take effect; hardrunctl, whose TLS connections should
// follow the system configuration, does not call it.
void init_crypto_without_config();

}  // namespace hardrun::trust
