// SPDX-License-Identifier: Apache-2.0
// Test-time key generation and signing with OpenSSL, producing what cosign produces:
// a PEM SubjectPublicKeyInfo and a DER (ECDSA) or raw (Ed25519) signature.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hardrun::testing {

struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct MdCtxFree { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };
struct BioFree { void operator()(BIO* p) const { BIO_free(p); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// kind: "P-256", "P-384", "P-521", "ED25519", "RSA-2048", "RSA-1024".
inline Pkey generate_key(std::string_view kind) {
    EVP_PKEY* key = nullptr;
    if (kind == "ED25519") key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    else if (kind == "RSA-2048") key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
    else if (kind == "RSA-1024") key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(1024));
    else key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", std::string(kind).c_str());
    if (key == nullptr) throw std::runtime_error("keygen failed for " + std::string(kind));
    return Pkey(key);
}

inline std::string public_pem(EVP_PKEY* key) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) throw std::runtime_error("PEM_write_bio_PUBKEY");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

// md: "SHA256"/"SHA384"/"SHA512", or "" for Ed25519.
inline std::string sign(EVP_PKEY* key, std::string_view md, std::string_view message) {
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    const std::string md_name(md);
    if (EVP_DigestSignInit_ex(ctx.get(), nullptr, md.empty() ? nullptr : md_name.c_str(), nullptr,
                              nullptr, key, nullptr) != 1) {
        throw std::runtime_error("EVP_DigestSignInit_ex");
    }
    std::size_t len = 0;
    const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, msg, message.size()) != 1) throw std::runtime_error("size");
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, msg, message.size()) != 1) {
        throw std::runtime_error("EVP_DigestSign");
    }
    sig.resize(len);
    return sig;
}

}  // namespace hardrun::testing
