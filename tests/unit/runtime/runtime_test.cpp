// SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include <climits>

#include <catch2/catch.hpp>

#include "base/files.hpp"
#include "runtime/exec.hpp"
#include "runtime/exec_state.hpp"
#include "temp_dir.hpp"

using hardrun::testing::TempDir;

TEST_CASE("resolve_runtime names a missing or non-executable runtime", "[runtime]") {
    auto missing = hardrun::runtime::resolve_runtime("/nonexistent/runc");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message(), Catch::Contains("real runtime /nonexistent/runc (runtime.path)"));
    TempDir dir;
    REQUIRE(hardrun::replace_file(dir / "runc", "#!/bin/sh\n", 0644));
    auto not_exec = hardrun::runtime::resolve_runtime(dir / "runc");
    REQUIRE_FALSE(not_exec);
    CHECK_THAT(not_exec.error().message(), Catch::Contains("Permission denied"));
}

TEST_CASE("resolve_runtime refuses to exec itself", "[runtime]") {
    char self[PATH_MAX] = {};
    REQUIRE(::readlink("/proc/self/exe", self, sizeof self - 1) > 0);
    auto r = hardrun::runtime::resolve_runtime(self);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(), Catch::Contains("is hardrun itself"));
}

TEST_CASE("exec state is saved per --root and id, read back, and removed", "[runtime][exec]") {
    TempDir dir;
    const auto a = hardrun::runtime::exec_state_path(dir.path(), "/run/containerd/runc/default", "c1");
    const auto b = hardrun::runtime::exec_state_path(dir.path(), "/run/docker/runtime-runc/moby", "c1");
    CHECK(a != b);
    CHECK(a.starts_with(dir.path() + "/exec/"));
    CHECK(a.ends_with("/c1.json"));
    auto none = hardrun::runtime::load_exec_state(a);
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
    REQUIRE(hardrun::runtime::save_exec_state(a, hardrun::Json{{"rule", "db"}}));
    auto saved = hardrun::runtime::load_exec_state(a);
    REQUIRE(saved);
    REQUIRE(saved->has_value());
    CHECK((**saved)["rule"] == "db");
    hardrun::runtime::remove_exec_state(a);
    CHECK_FALSE(hardrun::runtime::load_exec_state(a)->has_value());
}
