// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "trust/base64.hpp"

using hardrun::ErrorCode;
using hardrun::trust::base64_decode;
using hardrun::trust::base64_encode;

TEST_CASE("base64 decodes the RFC 4648 test vectors and encodes them back", "[trust][base64]") {
    const auto [plain, encoded] = GENERATE(table<std::string, std::string>({
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    }));
    auto decoded = base64_decode(encoded);
    REQUIRE(decoded);
    CHECK(*decoded == plain);
    CHECK(base64_encode(plain) == encoded);
}

TEST_CASE("base64 tolerates the whitespace and newline cosign leaves around a signature", "[trust][base64]") {
    auto decoded = base64_decode(" Zm9v\r\nYmFy\n");
    REQUIRE(decoded);
    CHECK(*decoded == "foobar");
}

TEST_CASE("base64 rejects anything that is not strict standard base64", "[trust][base64]") {
    const auto [input, reason] = GENERATE(table<std::string, std::string>({
        {"Zm9v!", "outside the alphabet"},
        {"Zm9-", "outside the alphabet"},   // URL-safe alphabet is not accepted
        {"Zm9_", "outside the alphabet"},
        {"Zg", "missing '=' padding"},
        {"Zm9", "missing '=' padding"},
        {"Z===", "misplaced '='"},
        {"Zg===", "misplaced '='"},
        {"Zg==Zg==", "data after '=' padding"},
        {"Zh==", "non-zero trailing bits"},
        {"Zm9=", "non-zero trailing bits"},
    }));
    auto decoded = base64_decode(input);
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error().code() == ErrorCode::kInvalidArgument);
    CHECK_THAT(decoded.error().message(), Catch::Contains(reason));
}
