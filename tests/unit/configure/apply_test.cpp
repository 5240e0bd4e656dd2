// SPDX-License-Identifier: Apache-2.0
#include "configure/apply.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/files.hpp"
#include "temp_dir.hpp"

namespace cfg = hardrun::configure;
using hardrun::testing::TempDir;

namespace {

constexpr std::time_t kWhen = 1700000000;  // 2023-11-14T22:13:20Z

mode_t mode_of(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
}

std::string content(const std::string& path) {
    auto text = hardrun::read_file(path, 1 << 20);
    return text ? *text : "(unreadable)";
}

}  // namespace

TEST_CASE("read_config_file treats a missing file or directory as a new file",
          "[configure][files]") {
    TempDir dir;
    const std::string path =
        GENERATE(std::string("daemon.json"), std::string("no/such/dir/daemon.json"));
    auto file = cfg::read_config_file(dir / path);
    REQUIRE(file);
    CHECK_FALSE(file->exists);
    CHECK(file->text.empty());
    CHECK(file->mode == 0644);
}

TEST_CASE("write_config_file creates a new file and its directories, with no backup",
          "[configure][files]") {
    TempDir dir;
    auto file = cfg::read_config_file(dir / "etc/containerd/config.toml");
    REQUIRE(file);
    auto backup = cfg::write_config_file(*file, std::string("version = 2\n"), kWhen);
    REQUIRE(backup);
    CHECK(backup->empty());
    CHECK(content(dir / "etc/containerd/config.toml") == "version = 2\n");
    CHECK(mode_of(dir / "etc/containerd/config.toml") == 0644);
    CHECK(mode_of(dir / "etc/containerd") == 0755);
}

TEST_CASE(
    "write_config_file backs up the old file with its mode, then replaces it keeping the mode",
    "[configure][files]") {
    TempDir dir;
    const std::string path = dir / "config.toml";
    REQUIRE(hardrun::replace_file(path, "old\n", 0600));
    auto file = cfg::read_config_file(path);
    REQUIRE(file);
    CHECK(file->exists);
    CHECK(file->mode == 0600);

    auto first = cfg::write_config_file(*file, std::string("new\n"), kWhen);
    REQUIRE(first);
    CHECK(*first == path + ".hardrun-backup-20231114T221320Z");
    CHECK(content(*first) == "old\n");
    CHECK(mode_of(*first) == 0600);
    CHECK(content(path) == "new\n");
    CHECK(mode_of(path) == 0600);

    // A second change in the same second never overwrites the first backup.
    auto again = cfg::read_config_file(path);
    REQUIRE(again);
    auto second = cfg::write_config_file(*again, std::string("newer\n"), kWhen);
    REQUIRE(second);
    CHECK(*second == *first + "-2");
    CHECK(content(*first) == "old\n");
    CHECK(content(*second) == "new\n");
}

TEST_CASE("write_config_file removes the file when there is nothing left, keeping a backup",
          "[configure][files]") {
    TempDir dir;
    const std::string path = dir / "99-hardrun.conf";
    REQUIRE(hardrun::replace_file(path, "[crio]\n", 0644));
    auto file = cfg::read_config_file(path);
    REQUIRE(file);
    auto backup = cfg::write_config_file(*file, std::nullopt, kWhen);
    REQUIRE(backup);
    CHECK(::access(path.c_str(), F_OK) != 0);
    CHECK(content(*backup) == "[crio]\n");
}

TEST_CASE("a configuration reached through a symbolic link is edited at its target",
          "[configure][files]") {
    TempDir dir;
    REQUIRE(hardrun::replace_file(dir / "real.json", "{}\n", 0640));
    REQUIRE(::symlink((dir / "real.json").c_str(), (dir / "daemon.json").c_str()) == 0);
    auto file = cfg::read_config_file(dir / "daemon.json");
    REQUIRE(file);
    CHECK(file->path == dir / "real.json");
    CHECK_THAT(file->note, Catch::Contains("symbolic link"));
    REQUIRE(cfg::write_config_file(*file, std::string("{\"a\": 1}\n"), kWhen));
    CHECK(content(dir / "daemon.json") == "{\"a\": 1}\n");
    struct stat st {};
    REQUIRE(::lstat((dir / "daemon.json").c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK(mode_of(dir / "real.json") == 0640);
}

TEST_CASE("read_config_file refuses a directory and names it", "[configure][files]") {
    TempDir dir;
    auto file = cfg::read_config_file(dir.path());
    REQUIRE_FALSE(file);
    CHECK_THAT(file.error().message(), Catch::Contains(dir.path()));
}
