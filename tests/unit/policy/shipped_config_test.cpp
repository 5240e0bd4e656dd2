// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "policy/load.hpp"

TEST_CASE("the shipped configuration parses and equals the built-in defaults", "[policy]") {
    auto loaded = hardrun::policy::load_config(std::string(HARDRUN_SOURCE_DIR) + "/packaging/config.json");
    REQUIRE(loaded);
    CHECK_FALSE(loaded->warning);
    const auto builtin = hardrun::policy::builtin_config();
    const auto& a = loaded->config.default_rule.body;
    const auto& b = builtin.default_rule.body;
    CHECK(a.capabilities == b.capabilities);
    CHECK(a.user.uid == b.user.uid);
    CHECK(a.user.allow_root == b.user.allow_root);
    CHECK(a.writable_paths == b.writable_paths);
    CHECK(a.seccomp == b.seccomp);
    CHECK(a.pids_limit == b.pids_limit);
    CHECK(a.no_new_privileges == b.no_new_privileges);
    CHECK(a.readonly_rootfs == b.readonly_rootfs);
    CHECK(loaded->config.state_dir == builtin.state_dir);
    CHECK(loaded->config.decision_log.path == builtin.decision_log.path);
}
