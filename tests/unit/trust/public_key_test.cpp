// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "trust/base64.hpp"
#include "trust/public_key.hpp"
#include "trust_support.hpp"

using hardrun::ErrorCode;
using hardrun::trust::base64_decode;
using hardrun::trust::base64_encode;
using hardrun::trust::PublicKey;
namespace t = hardrun::testing;

namespace {

const std::string kPayload =
    R"({"critical":{"identity":{"docker-reference":"registry.example/app"},)"
    R"("image":{"docker-manifest-digest":"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00"},)"
    R"("type":"cosign container image signature"},"optional":null})";

struct KeyKind {
    std::string kind;
    std::string md;
    std::string algorithm;
};

}  // namespace

TEST_CASE("a signature made the way cosign makes it verifies, for every supported key type", "[trust][key]") {
    const auto k = GENERATE(values<KeyKind>({
        {"P-256", "SHA256", "ecdsa-p256-sha256"},
        {"P-384", "SHA384", "ecdsa-p384-sha384"},
        {"P-521", "SHA512", "ecdsa-p521-sha512"},
        {"ED25519", "", "ed25519"},
        {"RSA-2048", "SHA256", "rsa-pkcs1v15-sha256"},
    }));
    CAPTURE(k.kind);
    auto pkey = t::generate_key(k.kind);
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    CHECK(key->algorithm() == k.algorithm);

    // cosign stores base64 of the DER signature; decode it as a reader would.
    const std::string b64 = base64_encode(t::sign(pkey.get(), k.md, kPayload)) + "\n";
    auto sig = base64_decode(b64);
    REQUIRE(sig);
    CHECK(key->verify(kPayload, *sig));

    SECTION("a tampered message fails") {
        std::string tampered = kPayload;
        tampered[tampered.size() - 3] = 'X';
        auto verified = key->verify(tampered, *sig);
        REQUIRE_FALSE(verified);
        CHECK(verified.error().code() == ErrorCode::kUntrustedImage);
        CHECK_THAT(verified.error().message(), Catch::Contains("does not verify"));
    }
    SECTION("another key of the same kind fails") {
        auto other = t::generate_key(k.kind);
        auto other_key = PublicKey::from_pem(t::public_pem(other.get()));
        REQUIRE(other_key);
        auto verified = other_key->verify(kPayload, *sig);
        REQUIRE_FALSE(verified);
        CHECK(verified.error().code() == ErrorCode::kUntrustedImage);
    }
}

TEST_CASE("an ECDSA P-384 key does not accept a signature over SHA-256", "[trust][key]") {
    auto pkey = t::generate_key("P-384");
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    CHECK_FALSE(key->verify(kPayload, t::sign(pkey.get(), "SHA256", kPayload)));
}

TEST_CASE("malformed ECDSA signatures are refused with a reason", "[trust][key]") {
    auto pkey = t::generate_key("P-256");
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    const std::string good = t::sign(pkey.get(), "SHA256", kPayload);
    const auto [signature, reason] = GENERATE_COPY(table<std::string, std::string>({
        {"", "empty"},
        {"not der at all", "not DER"},
        {good + std::string(1, '\0'), "trailing bytes"},
        {good.substr(0, good.size() - 1), "not DER"},
    }));
    auto verified = key->verify(kPayload, signature);
    REQUIRE_FALSE(verified);
    CHECK(verified.error().code() == ErrorCode::kUntrustedImage);
    CHECK_THAT(verified.error().message(), Catch::Contains("malformed signature") && Catch::Contains(reason));
}

TEST_CASE("an Ed25519 signature of the wrong length is refused before verification", "[trust][key]") {
    auto pkey = t::generate_key("ED25519");
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    auto verified = key->verify(kPayload, std::string(63, 'a'));
    REQUIRE_FALSE(verified);
    CHECK_THAT(verified.error().message(), Catch::Contains("64 bytes"));
}

TEST_CASE("malformed or unsupported public keys are refused with kInvalidArgument", "[trust][key]") {
    const std::string rsa1024 = t::public_pem(t::generate_key("RSA-1024").get());
    const std::string k1 = t::public_pem(t::generate_key("secp256k1").get());
    const auto [pem, reason] = GENERATE_COPY(table<std::string, std::string>({
        {"", "no \"-----BEGIN PUBLIC KEY-----\""},
        {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "no \"-----BEGIN PUBLIC KEY-----\""},
        {"-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n", "cannot parse"},
        {"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n", "cannot parse"},
        {rsa1024, "1024 bits"},
        {k1, "unsupported EC curve secp256k1"},
    }));
    auto key = PublicKey::from_pem(pem);
    REQUIRE_FALSE(key);
    CHECK(key.error().code() == ErrorCode::kInvalidArgument);
    CHECK_THAT(key.error().message(), Catch::StartsWith("public key: ") && Catch::Contains(reason));
}

TEST_CASE("the SPKI DER behind the key hint round-trips and hashes to hex", "[trust][key]") {
    auto pkey = t::generate_key("P-256");
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    CHECK(key->spki_der().size() == 91);  // P-256 SubjectPublicKeyInfo
    CHECK(hardrun::trust::to_hex(hardrun::trust::sha256("hello world")) ==
          "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
}
