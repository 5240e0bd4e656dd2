// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "policy/parse.hpp"
#include "policy/parse_trust.hpp"
#include "policy/select.hpp"

using hardrun::policy::GateMode;
using hardrun::policy::parse_config_text;
using hardrun::policy::Severity;

TEST_CASE("a rule's trust section sets signatures and the scan gate", "[policy][trust]") {
    auto config = parse_config_text(R"({
        "images": {"signature_policy": "/etc/hardrun/policy.json", "fetch_timeout_ms": 500,
                   "insecure_registries": ["registry.lan:5000"], "fetch_on_miss": false},
        "default": {"trust": {"signatures": "verify"}},
        "rules": [{"name": "shop", "match": {"images": ["127.0.0.1:5000/shop/*"]},
                   "trust": {"scan": {"mode": "enforce", "max_severity": "high", "max_age": "3d",
                                      "fixable_only": false,
                                      "allowlist": [{"id": "CVE-2024-1", "until": "2027-01-31",
                                                     "reason": "not reachable"}]}}}]
    })", "cfg.json");
    REQUIRE(config);
    CHECK(config->images.signature_policy == "/etc/hardrun/policy.json");
    CHECK(config->images.fetch_timeout_ms == 500);
    CHECK_FALSE(config->images.fetch_on_miss);
    CHECK(config->images.insecure_registries == std::vector<std::string>{"registry.lan:5000"});
    CHECK(config->images.cache_dir == "/var/lib/hardrun");
    CHECK(config->default_rule.body.trust.signatures);
    CHECK(config->default_rule.body.trust.scan.mode == GateMode::kOff);
    const auto& shop = config->rules.at(0);
    CHECK(shop.body.trust.signatures);  // inherited from the default rule
    const auto& gate = shop.body.trust.scan;
    CHECK(gate.mode == GateMode::kEnforce);
    CHECK(gate.max_severity == Severity::kHigh);
    CHECK(gate.max_age_seconds == 3 * 86400);
    CHECK_FALSE(gate.fixable_only);
    REQUIRE(gate.allowlist.size() == 1);
    CHECK(gate.allowlist[0].until == 1801353600);  // 2027-01-31T00:00:00Z
    CHECK(gate.allowlist[0].reason == "not reachable");
    CHECK(hardrun::policy::config_needs_identity(*config));
}

TEST_CASE("the built-in configuration never looks an image up", "[policy][trust]") {
    CHECK_FALSE(hardrun::policy::config_needs_identity(hardrun::policy::builtin_config()));
}

TEST_CASE("trust and images errors name the JSON path", "[policy][trust]") {
    auto [text, message] = GENERATE(table<std::string, std::string>({
        {R"({"default": {"trust": {"signatures": "yes"}}})", "$.default.trust.signatures: \"yes\" is not verify or off"},
        {R"({"default": {"trust": {"sign": "verify"}}})", "$.default.trust.sign: unknown field"},
        {R"({"default": {"trust": {"scan": {"mode": "block"}}}})", "$.default.trust.scan.mode: \"block\" is not off"},
        {R"({"default": {"trust": {"scan": {"max_severity": "HIGH"}}}})", "$.default.trust.scan.max_severity"},
        {R"({"default": {"trust": {"scan": {"max_severity": "unknown"}}}})", "$.default.trust.scan.max_severity"},
        {R"({"default": {"trust": {"scan": {"max_age": "7 days"}}}})", "$.default.trust.scan.max_age: \"7 days\" is not a duration"},
        {R"({"default": {"trust": {"scan": {"allowlist": [{"id": "CVE-1"}]}}}})", "$.default.trust.scan.allowlist[0].until"},
        {R"({"default": {"trust": {"scan": {"allowlist": [{"id": "CVE-1", "until": "2027-02-30"}]}}}})", "allowlist[0].until: \"2027-02-30\" is not a date"},
        {R"({"default": {"trust": {"scan": {"allowlist": [{"id": "", "until": "2027-02-01"}]}}}})", "allowlist[0].id"},
        {R"({"default": {"trust": {"scan": {"allowlist": {}}}}})", "$.default.trust.scan.allowlist: must be an array"},
        {R"({"images": {"cache_dir": "var/lib"}})", "$.images.cache_dir: must be an absolute path"},
        {R"({"images": {"cache_dir": "/"}})", "$.images.cache_dir: must not be /"},
        {R"({"images": {"fetch_timeout_ms": 0}})", "$.images.fetch_timeout_ms: must be between"},
        {R"({"images": {"registry": "x"}})", "$.images.registry: unknown field"},
        {R"({"rules": [{"name": "r", "match": {"images": ["sha256:abc"]}}]})", "$.rules[0].match.images[0]"},
        {R"({"rules": [{"name": "r", "match": {"images": [""]}}]})", "$.rules[0].match.images[0]"},
    }));
    CAPTURE(text);
    auto config = parse_config_text(text, "cfg.json");
    REQUIRE_FALSE(config);
    CHECK_THAT(config.error().message(), Catch::Contains(message));
}

TEST_CASE("parse_utc_date and parse_duration accept only what they document", "[policy][trust]") {
    using hardrun::policy::parse_duration;
    using hardrun::policy::parse_utc_date;
    CHECK(parse_utc_date("1970-01-01") == 0);
    CHECK(parse_utc_date("2024-02-29") == 1709164800);
    CHECK_FALSE(parse_utc_date("2023-02-29"));
    CHECK_FALSE(parse_utc_date("2023-13-01"));
    CHECK_FALSE(parse_utc_date("2023-1-01"));
    CHECK_FALSE(parse_utc_date("2023-01-00"));
    CHECK(parse_duration("0") == 0);
    CHECK(parse_duration("90m") == 5400);
    CHECK(parse_duration("12h") == 43200);
    CHECK_FALSE(parse_duration("d"));
    CHECK_FALSE(parse_duration("-1d"));
    CHECK_FALSE(parse_duration("5w"));
    CHECK_FALSE(parse_duration("99999999999d"));
}

TEST_CASE("match.images selects by repository glob or manifest digest", "[policy][select]") {
    const std::string digest = "sha256:" + std::string(64, 'b');
    auto config = parse_config_text(R"({"rules": [
        {"name": "pinned", "match": {"images": [")" + digest + R"("]}},
        {"name": "shop", "match": {"images": ["127.0.0.1:5000/shop/*"]}}
    ]})", "t.json");
    REQUIRE(config);
    auto [repository, digests, expected] = GENERATE_COPY(table<std::string, std::vector<std::string>, std::string>({
        {"127.0.0.1:5000/shop/web", {}, "shop"},
        {"127.0.0.1:5000/other", {digest}, "pinned"},
        {"127.0.0.1:5000/other", {"sha256:" + std::string(64, 'c')}, "default"},
        {"", {}, "default"},
    }));
    hardrun::policy::MatchInput input{"default", {}, repository, digests};
    CAPTURE(repository);
    CHECK(select_rule(*config, input).name == expected);
}

TEST_CASE("severity names read in any case and print in lower case", "[policy][trust]") {
    using hardrun::policy::severity_from_name;
    CHECK(severity_from_name("CRITICAL") == Severity::kCritical);
    CHECK(severity_from_name("Negligible") == Severity::kNegligible);
    CHECK(severity_from_name("unknown") == Severity::kUnknown);
    CHECK_FALSE(severity_from_name("severe"));
    CHECK(std::string(hardrun::policy::severity_name(Severity::kMedium)) == "medium");
}
