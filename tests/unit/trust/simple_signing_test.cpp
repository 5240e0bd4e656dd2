// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "trust/simple_signing.hpp"

using hardrun::ErrorCode;
using hardrun::trust::parse_simple_signing;

namespace {

const std::string kDigest = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";

std::string payload(const std::string& type, const std::string& digest, const std::string& optional = "null",
                    const std::string& extra_critical = "") {
    return R"({"critical":{"identity":{"docker-reference":"192.168.64.2:5000/cosign-signed-single-sample"},)"
           R"("image":{"docker-manifest-digest":")" + digest + R"("},"type":")" + type + "\"" + extra_critical +
           R"(},"optional":)" + optional + "}";
}

}  // namespace

TEST_CASE("the payload cosign writes parses into reference, digest and optional", "[trust][simple-signing]") {
    auto parsed = parse_simple_signing(payload("cosign container image signature", kDigest));
    REQUIRE(parsed);
    CHECK(parsed->reference == "192.168.64.2:5000/cosign-signed-single-sample");
    CHECK(parsed->manifest_digest == kDigest);
    CHECK(parsed->optional.is_null());
}

TEST_CASE("optional annotations are kept as JSON", "[trust][simple-signing]") {
    auto parsed = parse_simple_signing(payload("cosign container image signature", kDigest, R"({"creator":"ci"})"));
    REQUIRE(parsed);
    CHECK(parsed->optional.at("creator") == "ci");
}

TEST_CASE("payloads that deviate from cosign's shape are refused, naming the field", "[trust][simple-signing]") {
    const auto [text, reason] = GENERATE(table<std::string, std::string>({
        {payload("cosign container image signatur", kDigest), "/critical/type is"},
        {payload("atomic container signature", kDigest), "/critical/type is"},
        {payload("cosign container image signature", "sha256:634A8F35"), "docker-manifest-digest"},
        {payload("cosign container image signature", kDigest.substr(0, kDigest.size() - 1)), "docker-manifest-digest"},
        {payload("cosign container image signature", "sha512:" + kDigest.substr(7)), "docker-manifest-digest"},
        {payload("cosign container image signature", kDigest, "[]"), "/optional"},
        {payload("cosign container image signature", kDigest, "null", R"(,"extra":1)"), "unknown field /critical/extra"},
        {R"({"critical":{}})", "/critical/identity is missing"},
        {R"({"optional":null})", "/critical is missing"},
        {R"({"critical":{},"more":1})", "unknown top-level field /more"},
        {"[]", "not a JSON object"},
        {"{", "not valid JSON"},
    }));
    auto parsed = parse_simple_signing(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code() == ErrorCode::kUntrustedImage);
    CHECK_THAT(parsed.error().message(), Catch::Contains(reason));
}
