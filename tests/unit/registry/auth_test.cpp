// SPDX-License-Identifier: Apache-2.0
#include "registry/auth.hpp"

#include <string>

#include <catch2/catch.hpp>

using namespace hardrun::registry;

TEST_CASE("Docker Hub's Bearer challenge parses into realm, service and scope",
          "[registry][auth]") {
    auto c = parse_www_authenticate(
        R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull")");
    REQUIRE(c);
    CHECK(c->scheme == "bearer");
    CHECK(c->params.at("realm") == "https://auth.docker.io/token");
    CHECK(c->params.at("service") == "registry.docker.io");
    CHECK(c->params.at("scope") == "repository:library/busybox:pull");
}

TEST_CASE("challenge parameters may be tokens, spaced, escaped, and any case", "[registry][auth]") {
    auto c = parse_www_authenticate(
        R"(  BEARER Realm = "https://r/t" , service=reg.example , x="a\"b\\c")");
    REQUIRE(c);
    CHECK(c->scheme == "bearer");
    CHECK(c->params.at("realm") == "https://r/t");
    CHECK(c->params.at("service") == "reg.example");
    CHECK(c->params.at("x") == "a\"b\\c");
}

TEST_CASE("only the first of several challenges is used", "[registry][auth]") {
    auto c = parse_www_authenticate(R"(Bearer realm="https://r/t", Basic realm="x")");
    REQUIRE(c);
    CHECK(c->scheme == "bearer");
    CHECK(c->params.size() == 1);
    CHECK(c->params.at("realm") == "https://r/t");
}

TEST_CASE("malformed WWW-Authenticate values are refused with the offset", "[registry][auth]") {
    const std::string header =
        GENERATE(as<std::string>{}, "", "   ", "=x", R"(Bearer realm="unterminated)",
                 "Bearer realm=", R"(Bearer realm="a" service="b")", "Bearer token68==");
    auto c = parse_www_authenticate(header);
    CAPTURE(header);
    REQUIRE_FALSE(c);
    CHECK(c.error().code() == hardrun::ErrorCode::kInvalidArgument);
    CHECK(c.error().message().find("offset") != std::string::npos);
}

TEST_CASE("the token URL carries service and scope, percent-encoded", "[registry][auth]") {
    auto c = parse_www_authenticate(
        R"(Bearer realm="https://auth.example/token",service="reg example",scope="repository:a/b:pull")");
    REQUIRE(c);
    auto url = token_request_url(*c, "repository:ignored:pull");
    REQUIRE(url);
    CHECK(*url ==
          "https://auth.example/token?service=reg%20example&scope=repository%3Aa%2Fb%3Apull");
}

TEST_CASE(
    "the token URL uses the default scope when the challenge has none, and keeps the realm's query",
    "[registry][auth]") {
    auto c = parse_www_authenticate(R"(Bearer realm="http://127.0.0.1:1/token?x=1")");
    REQUIRE(c);
    auto url = token_request_url(*c, "repository:app:pull");
    REQUIRE(url);
    CHECK(*url == "http://127.0.0.1:1/token?x=1&scope=repository%3Aapp%3Apull");
}

TEST_CASE("token URLs are refused for Basic, a missing realm or a realm that is not http(s)",
          "[registry][auth]") {
    const std::string header =
        GENERATE(as<std::string>{}, R"(Basic realm="x")", R"(Bearer service="s")",
                 R"(Bearer realm="file:///etc/passwd")");
    auto c = parse_www_authenticate(header);
    REQUIRE(c);
    auto url = token_request_url(*c, "");
    CAPTURE(header);
    REQUIRE_FALSE(url);
    CHECK(url.error().code() == hardrun::ErrorCode::kInvalidArgument);
}

TEST_CASE("token responses give \"token\", else \"access_token\"", "[registry][auth]") {
    CHECK(*parse_token_response(R"({"token":"t1","access_token":"t2"})") == "t1");
    CHECK(*parse_token_response(R"({"access_token":"t2","expires_in":300})") == "t2");
    CHECK(*parse_token_response(R"({"token":"","access_token":"t2"})") == "t2");
}

TEST_CASE("token responses without a token are refused", "[registry][auth]") {
    const std::string body =
        GENERATE(as<std::string>{}, "", "not json", "[]", "{}", R"({"token":5})");
    CAPTURE(body);
    CHECK_FALSE(parse_token_response(body));
}
