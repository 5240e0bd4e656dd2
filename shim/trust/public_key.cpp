// SPDX-License-Identifier: Apache-2.0
#include "trust/public_key.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <climits>

namespace hardrun::trust {
namespace {

// RAII for the OpenSSL handles used here.
struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct MdCtxFree { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };
struct BioFree { void operator()(BIO* p) const { BIO_free(p); } };
struct EcdsaSigFree { void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Bio = std::unique_ptr<BIO, BioFree>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;

constexpr std::size_t kMaxPem = 64 * 1024;
constexpr int kMinRsaBits = 2048;

// The first queued OpenSSL error as text, and the queue cleared.
std::string openssl_reason() {
    const unsigned long code = ERR_peek_last_error();
    std::string reason = "unknown OpenSSL error";
    if (code != 0) {
        std::array<char, 256> buf{};
        ERR_error_string_n(code, buf.data(), buf.size());
        reason = buf.data();
    }
    ERR_clear_error();
    return reason;
}

Error bad_key(const std::string& what) {
    return Error(ErrorCode::kInvalidArgument, "public key: " + what);
}

struct Kind {
    std::string algorithm;
    const EVP_MD* md;  // nullptr for Ed25519
    bool ecdsa;
};

Result<Kind> classify(EVP_PKEY* key) {
    if (EVP_PKEY_is_a(key, "ED25519")) return Kind{"ed25519", nullptr, false};
    if (EVP_PKEY_is_a(key, "RSA")) {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits < kMinRsaBits) {
            return bad_key("RSA key of " + std::to_string(bits) + " bits, at least " +
                           std::to_string(kMinRsaBits) + " required");
        }
        return Kind{"rsa-pkcs1v15-sha256", EVP_sha256(), false};
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        std::array<char, 64> group{};
        std::size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(),
                                           group.size(), &len) != 1) {
            return bad_key("EC key without a named curve (" + openssl_reason() + ")");
        }
        const std::string_view name(group.data(), len);
        if (name == "prime256v1" || name == "P-256") return Kind{"ecdsa-p256-sha256", EVP_sha256(), true};
        if (name == "secp384r1" || name == "P-384") return Kind{"ecdsa-p384-sha384", EVP_sha384(), true};
        if (name == "secp521r1" || name == "P-521") return Kind{"ecdsa-p521-sha512", EVP_sha512(), true};
        return bad_key("unsupported EC curve " + std::string(name) + " (P-256, P-384, P-521 are)");
    }
    return bad_key(std::string("unsupported key type ") + EVP_PKEY_get0_type_name(key) +
                   " (ECDSA, Ed25519, RSA are)");
}

// An ECDSA signature must be exactly one DER SEQUENCE{INTEGER r, INTEGER s}: parsed in full
// and re-encoded to the same bytes (no BER leniency, no trailing data).
Result<void> check_ecdsa_der(std::string_view sig) {
    auto fail = [](const std::string& why) {
        ERR_clear_error();
        return Error(ErrorCode::kUntrustedImage,
                     "malformed signature: " + why + " (expected DER SEQUENCE{INTEGER r, INTEGER s})");
    };
    if (sig.empty()) return fail("empty");
    if (sig.size() > 256) return fail(std::to_string(sig.size()) + " bytes is too long");
    const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
    EcdsaSig parsed(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size())));
    if (!parsed) return fail("not DER");
    if (p != reinterpret_cast<const unsigned char*>(sig.data()) + sig.size()) {
        return fail("trailing bytes after the DER sequence");
    }
    unsigned char* der = nullptr;
    const int der_len = i2d_ECDSA_SIG(parsed.get(), &der);
    const bool same = der_len > 0 && static_cast<std::size_t>(der_len) == sig.size() &&
                      std::string_view(reinterpret_cast<const char*>(der), sig.size()) == sig;
    OPENSSL_free(der);
    if (!same) return fail("not canonical DER");
    return ok();
}

std::string digest(const EVP_MD* md, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1) {
        ERR_clear_error();
        return {};
    }
    return std::string(reinterpret_cast<const char*>(out.data()), len);
}

}  // namespace

struct PublicKey::Impl {
    Pkey key;
    Kind kind;
    std::string spki;
};

PublicKey::PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;
PublicKey::~PublicKey() = default;

Result<PublicKey> PublicKey::from_pem(std::string_view pem) {
    if (pem.size() > kMaxPem) return bad_key("PEM larger than 64 KiB");
    if (pem.find("-----BEGIN PUBLIC KEY-----") == std::string_view::npos) {
        return bad_key("no \"-----BEGIN PUBLIC KEY-----\" PEM block");
    }
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return Error(ErrorCode::kInternal, "public key: BIO_new_mem_buf: " + openssl_reason());
    Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return bad_key("cannot parse PEM SubjectPublicKeyInfo: " + openssl_reason());
    auto kind = classify(key.get());
    if (!kind) return kind.error();

    unsigned char* der = nullptr;
    const int der_len = i2d_PUBKEY(key.get(), &der);
    if (der_len <= 0) return Error(ErrorCode::kInternal, "public key: i2d_PUBKEY: " + openssl_reason());
    std::string spki(reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_len));
    OPENSSL_free(der);

    return PublicKey(std::make_unique<Impl>(Impl{std::move(key), std::move(*kind), std::move(spki)}));
}

Result<void> PublicKey::verify(std::string_view message, std::string_view signature) const {
    const Kind& kind = impl_->kind;
    if (kind.ecdsa) HARDRUN_RETURN_IF_ERROR(check_ecdsa_der(signature));
    if (kind.md == nullptr && signature.size() != 64) {
        return Error(ErrorCode::kUntrustedImage,
                     "malformed signature: Ed25519 signatures are 64 bytes, got " +
                         std::to_string(signature.size()));
    }
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx) return Error(ErrorCode::kInternal, "EVP_MD_CTX_new: " + openssl_reason());
    if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, kind.md ? EVP_MD_get0_name(kind.md) : nullptr,
                                nullptr, nullptr, impl_->key.get(), nullptr) != 1) {
        return Error(ErrorCode::kInternal, "EVP_DigestVerifyInit_ex: " + openssl_reason());
    }
    const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                    signature.size(),
                                    reinterpret_cast<const unsigned char*>(message.data()), message.size());
    if (rc != 1) {
        ERR_clear_error();
        return Error(ErrorCode::kUntrustedImage,
                     "signature does not verify with the " + kind.algorithm + " public key");
    }
    return ok();
}

const std::string& PublicKey::algorithm() const { return impl_->kind.algorithm; }
const std::string& PublicKey::spki_der() const { return impl_->spki; }

std::string sha256(std::string_view data) { return digest(EVP_sha256(), data); }
std::string sha384(std::string_view data) { return digest(EVP_sha384(), data); }
std::string sha512(std::string_view data) { return digest(EVP_sha512(), data); }

std::string to_hex(std::string_view bytes) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0xf]);
    }
    return out;
}

void init_crypto_without_config() {
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT, nullptr);
}

}  // namespace hardrun::trust
