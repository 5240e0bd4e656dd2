// SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/files.hpp"
#include "policy/load.hpp"
#include "policy/parse.hpp"

using hardrun::policy::Mode;
using hardrun::policy::parse_config_text;

TEST_CASE("builtin_config is least privilege", "[policy]") {
    const auto config = hardrun::policy::builtin_config();
    const auto& body = config.default_rule.body;
    CHECK(body.mode == Mode::kEnforce);
    CHECK(body.capabilities.empty());
    CHECK_FALSE(body.user.allow_root);
    CHECK(body.user.uid == 65534);
    CHECK(body.no_new_privileges);
    CHECK(body.readonly_rootfs);
    CHECK(body.seccomp == "default");
    CHECK(body.pids_limit > 0);
    CHECK(config.masked_paths.size() >= 9);
}

TEST_CASE("a rule starts from the default rule and overrides only its own fields", "[policy]") {
    auto config = parse_config_text(R"({
        "runtime": {"path": "/usr/bin/crun"},
        "default": {"capabilities": ["CAP_NET_BIND_SERVICE"], "pids_limit": 512,
                    "user": {"uid": 1000, "gid": 1000}},
        "rules": [{"name": "db", "match": {"namespaces": ["k8s.io"], "annotations": {"app": "db*"}},
                   "capabilities": ["CAP_CHOWN"], "user": {"allow_root": true}, "mode": "audit"}]
    })", "test.json");
    REQUIRE(config);
    CHECK(config->runtime_path == "/usr/bin/crun");
    REQUIRE(config->rules.size() == 1);
    const auto& db = config->rules[0].body;
    CHECK(db.mode == Mode::kAudit);
    CHECK(db.capabilities == std::vector<std::string>{"CAP_CHOWN"});
    CHECK(db.user.allow_root);
    CHECK(db.user.uid == 1000);  // from the default rule, not the built-in
    CHECK(db.pids_limit == 512);
    CHECK(config->rules[0].match.annotations.front().second == "db*");
}

TEST_CASE("parse_config names the file and the JSON path of every problem", "[policy]") {
    auto [text, message] = GENERATE(table<std::string, std::string>({
        {R"({"rulez": []})", "cfg.json: $.rulez: unknown field"},
        {R"({"default": {"capabilities": ["CAP_CHOWN", "CAP_FLY"]}})", "$.default.capabilities[1]: \"CAP_FLY\" is not a capability"},
        {R"({"default": {"capabilites": []}})", "$.default.capabilites: unknown field"},
        {R"({"default": {"user": {"uid": -1}}})", "$.default.user.uid: must be an integer from 0"},
        {R"({"default": {"user": {"uid": 0}}})", "$.default.user.uid: 0 is root"},
        {R"({"default": {"mode": "enforcing"}})", "$.default.mode: \"enforcing\" is not enforce or audit"},
        {R"({"default": {"seccomp": "profiles/x.json"}})", "$.default.seccomp: \"profiles/x.json\" is not"},
        {R"({"default": {"writable_paths": ["/tmp", "/"]}})", "$.default.writable_paths[1]"},
        {R"({"default": {"pids_limit": -5}})", "$.default.pids_limit"},
        {R"({"default": {"no_new_privileges": "yes"}})", "$.default.no_new_privileges: must be true or false"},
        {R"({"default": {"allow": {"host_namespaces": ["user"]}}})", "$.default.allow.host_namespaces[0]"},
        {R"({"rules": {}})", "$.rules: must be an array"},
        {R"({"rules": [{"match": {}}]})", "$.rules[0].name: every rule needs a non-empty name"},
        {R"({"rules": [{"name": "a"}, {"name": "a"}]})", "$.rules[1].name: \"a\" is used twice"},
        {R"({"rules": [{"name": "a", "match": {"image": ["x"]}}]})", "$.rules[0].match.image: unknown field"},
        {R"({"rules": [{"name": "a", "match": {"annotations": {"k": 1}}}]})", "$.rules[0].match.annotations.k: must be a string"},
        {R"({"decision_log": {"sink": "kafka"}})", "$.decision_log.sink"},
        {R"({"runtime": {"path": "runc"}})", "$.runtime.path: must be an absolute path"},
        {R"({"state_dir": "/"})", "$.state_dir"},
        {R"([])", "cfg.json: $: must be an object"},
        {R"({"default": )", "cfg.json: not valid JSON at byte"},
    }));
    CAPTURE(text);
    auto config = parse_config_text(text, "cfg.json");
    REQUIRE_FALSE(config);
    CHECK(config.error().code() == hardrun::ErrorCode::kInvalidPolicy);
    CHECK_THAT(config.error().message(), Catch::Contains(message));
    CHECK_THAT(config.error().message(), Catch::StartsWith("cfg.json"));
}

TEST_CASE("load_config falls back to secure defaults only when the file is missing", "[policy]") {
    char dir[] = "/tmp/hardrun-policy-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    const std::string base(dir);

    SECTION("missing file: built-in defaults and a warning") {
        auto loaded = hardrun::policy::load_config(base + "/absent.json");
        REQUIRE(loaded);
        REQUIRE(loaded->warning);
        CHECK_THAT(*loaded->warning, Catch::Contains("absent.json does not exist"));
        CHECK(loaded->config.origin == "built-in defaults");
    }
    SECTION("malformed file: an error naming the file") {
        REQUIRE(hardrun::replace_file(base + "/bad.json", "{\"default\": {\"mode\": 1}}", 0644));
        auto loaded = hardrun::policy::load_config(base + "/bad.json");
        REQUIRE_FALSE(loaded);
        CHECK_THAT(loaded.error().message(), Catch::Contains(base + "/bad.json: $.default.mode"));
    }
    SECTION("a directory where the file should be is an error, not the defaults") {
        auto loaded = hardrun::policy::load_config(base);
        REQUIRE_FALSE(loaded);
    }
    ::unlink((base + "/bad.json").c_str());
    ::rmdir(dir);
}
