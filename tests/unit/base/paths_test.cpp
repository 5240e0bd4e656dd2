// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "base/glob.hpp"

TEST_CASE("parent_directory and base_name split a path at its last slash", "[base][paths]") {
    auto [path, parent, name] = GENERATE(table<std::string, std::string, std::string>({
        {"/tmp/runc-process123", "/tmp", "runc-process123"},
        {"/config.json", "/", "config.json"},
        {"config.json", ".", "config.json"},
        {"b/config.json", "b", "config.json"},
        {"/etc/docker/daemon.json", "/etc/docker", "daemon.json"},
    }));
    CAPTURE(path);
    CHECK(hardrun::parent_directory(path) == parent);
    CHECK(hardrun::base_name(path) == name);
}

TEST_CASE("clean_path and path_is_within work lexically", "[base][paths]") {
    CHECK(hardrun::clean_path("/etc/../etc//passwd") == "/etc/passwd");
    CHECK(hardrun::clean_path("/../..") == "/");
    CHECK(hardrun::path_is_within("/var/lib/docker/x", "/var/lib/docker"));
    CHECK_FALSE(hardrun::path_is_within("/var/lib/dockerd", "/var/lib/docker"));
    CHECK(hardrun::path_is_within("/anything", "/"));
}
