// SPDX-License-Identifier: Apache-2.0
#include "configure/engines.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

namespace cfg = hardrun::configure;
using hardrun::testing::views;
using hardrun::testing::words;

namespace {

hardrun::Result<cfg::Options> parse(cfg::Action action, const std::string& line) {
    const auto w = words(line);
    const auto v = views(w);
    return cfg::parse_options(action, v);
}

}  // namespace

TEST_CASE("parse_options fills in each engine's defaults", "[configure][cli]") {
    struct Case {
        const char* engine;
        const char* file;
        const char* name;
    };
    const auto c = GENERATE(values<Case>({
        {"docker", "/etc/docker/daemon.json", "hardrun"},
        {"containerd", "/etc/containerd/config.toml", "hardened"},
        {"crio", "/etc/crio/crio.conf.d/99-hardrun.conf", "hardened"},
    }));
    auto o = parse(cfg::Action::kConfigure, c.engine);
    REQUIRE(o);
    CHECK(o->engine->name == c.engine);
    CHECK(cfg::config_file(*o) == c.file);
    CHECK(o->entry.name == c.name);
    CHECK(o->entry.path == "/usr/sbin/hardrun");
    CHECK_FALSE(o->entry.set_as_default);
    CHECK_FALSE(o->dry_run);
}

TEST_CASE("parse_options takes flags before or after the engine, with or without =",
          "[configure][cli]") {
    const std::string line = GENERATE(
        "containerd --config /tmp/c.toml --runtime-name kata-like --path /opt/hardrun "
        "--set-as-default --dry-run",
        "--dry-run --config=/tmp/c.toml containerd --set-as-default --runtime-name=kata-like "
        "--path=/opt/hardrun");
    auto o = parse(cfg::Action::kConfigure, line);
    REQUIRE(o);
    CHECK(o->location == "/tmp/c.toml");
    CHECK(o->entry.name == "kata-like");
    CHECK(o->entry.path == "/opt/hardrun");
    CHECK(o->entry.set_as_default);
    CHECK(o->dry_run);
}

TEST_CASE("parse_options puts crio's drop-in in the given directory", "[configure][cli]") {
    auto o = parse(cfg::Action::kUnconfigure, "crio --config-dir /tmp/crio.d/");
    REQUIRE(o);
    CHECK(cfg::config_file(*o) == "/tmp/crio.d/99-hardrun.conf");
}

TEST_CASE("parse_options refuses command lines it cannot act on, saying why", "[configure][cli]") {
    struct Case {
        cfg::Action action;
        const char* line;
        const char* message;
    };
    const auto c = GENERATE(values<Case>({
        {cfg::Action::kConfigure, "", "name an engine"},
        {cfg::Action::kConfigure, "podman", "unknown engine \"podman\""},
        {cfg::Action::kConfigure, "docker containerd", "unexpected argument \"containerd\""},
        {cfg::Action::kConfigure, "docker --config-dir /etc/docker",
         "docker takes --config, not --config-dir"},
        {cfg::Action::kConfigure, "crio --config /etc/crio/crio.conf",
         "crio takes --config-dir, not --config"},
        {cfg::Action::kConfigure, "docker --path hardrun", "give hardrun's absolute path"},
        {cfg::Action::kConfigure, "docker --runtime-name a/b", "--runtime-name \"a/b\""},
        {cfg::Action::kConfigure, "docker --runtime-name", "--runtime-name needs a value"},
        {cfg::Action::kConfigure, "docker --dry-run=yes", "--dry-run takes no value"},
        {cfg::Action::kConfigure, "docker --force", "unknown flag --force"},
        {cfg::Action::kUnconfigure, "docker --path /usr/sbin/hardrun", "unknown flag --path"},
        {cfg::Action::kUnconfigure, "docker --set-as-default", "unknown flag --set-as-default"},
    }));
    INFO(c.line);
    auto o = parse(c.action, c.line);
    REQUIRE_FALSE(o);
    CHECK(o.error().code() == hardrun::ErrorCode::kInvalidArgument);
    CHECK_THAT(o.error().message(), Catch::Contains(c.message));
}

TEST_CASE("valid_runtime_name accepts DNS-label-like names only", "[configure][cli]") {
    CHECK(cfg::valid_runtime_name("hardened"));
    CHECK(cfg::valid_runtime_name("hardrun_v2.1-debug"));
    CHECK_FALSE(cfg::valid_runtime_name(""));
    CHECK_FALSE(cfg::valid_runtime_name("has space"));
    CHECK_FALSE(cfg::valid_runtime_name("quote\"d"));
    CHECK_FALSE(cfg::valid_runtime_name(std::string(64, 'a')));
}
