// SPDX-License-Identifier: Apache-2.0
#include "trust/strict_json.hpp"

#include <catch2/catch.hpp>

using hardrun::trust::json_path_index;
using hardrun::trust::json_path_member;
using hardrun::trust::parse_strict_json;
using hardrun::trust::reject_unknown_fields;

TEST_CASE("parse_strict_json reads ordinary JSON", "[trust][json]") {
    auto doc = parse_strict_json(R"({"a": [1, {"b": "c"}], "d": null})");
    REQUIRE(doc);
    CHECK(doc->at("a").at(1).at("b") == "c");
}

TEST_CASE("parse_strict_json refuses a duplicated key and names where it is", "[trust][json]") {
    struct Case {
        std::string text;
        std::string message;
    };
    const auto c = GENERATE(values<Case>({
        {R"({"a": 1, "a": 2})", R"($: duplicate key "a")"},
        {R"({"t": {"docker": {"x": [], "x": []}}})", R"($.t.docker: duplicate key "x")"},
        {R"({"t": {"quay.io": [{"k": 1}, {"k": 1, "k": 2}]}})",
         R"($.t["quay.io"][1]: duplicate key "k")"},
        {R"([[0], [1, 2, {"z": 0, "z": 1}]])", R"($[1][2]: duplicate key "z")"},
    }));
    auto doc = parse_strict_json(c.text);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().message() == c.message);
}

TEST_CASE("parse_strict_json reports invalid JSON with its byte offset", "[trust][json]") {
    auto doc = parse_strict_json("{\"a\": tru}");
    REQUIRE_FALSE(doc);
    CHECK_THAT(doc.error().message(), Catch::StartsWith("not valid JSON at byte "));
    CHECK_FALSE(parse_strict_json("{\"a\": \"\xff\"}"));  // invalid UTF-8
    CHECK_FALSE(parse_strict_json(""));
}

TEST_CASE("JSONPath steps use dots for identifiers and quoted brackets otherwise",
          "[trust][json]") {
    CHECK(json_path_member("$", "default") == "$.default");
    CHECK(json_path_member("$.transports", "docker") == "$.transports.docker");
    CHECK(json_path_member("$.d", "quay.io") == R"($.d["quay.io"])");
    CHECK(json_path_member("$.d", "") == R"($.d[""])");
    CHECK(json_path_member("$.d", "a\"b") == R"($.d["a\"b"])");
    CHECK(json_path_member("$.d", "9lives") == R"($.d["9lives"])");
    CHECK(json_path_index("$.default", 3) == "$.default[3]");
}

TEST_CASE("reject_unknown_fields names the first unknown field", "[trust][json]") {
    auto doc = parse_strict_json(R"({"type": "reject", "keyPath": "/k"})");
    REQUIRE(doc);
    CHECK(reject_unknown_fields(*doc, "$.default[0]", {"type", "keyPath"}));
    auto refused = reject_unknown_fields(*doc, "$.default[0]", {"type"});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message() == R"($.default[0]: unknown field "keyPath")");
}
