// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "cli/invocation.hpp"
#include "support.hpp"

using hardrun::cli::Command;
using hardrun::cli::parse_invocation;
using hardrun::testing::views;
using hardrun::testing::words;

namespace {
hardrun::Result<hardrun::cli::Invocation> parse(const std::string& line) {
    const auto w = words(line);
    const auto v = views(w);
    return parse_invocation(v);
}
}  // namespace

TEST_CASE("parse_invocation reads containerd's create command line", "[cli]") {
    auto inv = parse(
        "hardrun --root /run/containerd/runc/k8s.io --log /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/log.json "
        "--log-format json create --bundle /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc "
        "--pid-file /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/init.pid abc");
    REQUIRE(inv);
    CHECK(inv->command == Command::kCreate);
    CHECK(inv->container_id == "abc");
    CHECK(inv->bundle == "/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc");
    CHECK(inv->globals.log_format == "json");
    CHECK(inv->engine_namespace() == "k8s.io");
    CHECK(inv->argv.size() == 13);
}

TEST_CASE("parse_invocation reads Docker's and CRI-O's create command lines", "[cli]") {
    SECTION("docker 20.10 through containerd's shim, with a console socket") {
        auto inv = parse("runc --root /var/run/docker/runtime-runc/moby --log /run/x/log.json --log-format json "
                         "create --bundle /run/x --pid-file /run/x/init.pid --console-socket /tmp/pty1/pty.sock 0123abcd");
        REQUIRE(inv);
        CHECK(inv->engine_namespace() == "moby");
        CHECK(inv->container_id == "0123abcd");
    }
    SECTION("conmon: --root=value, --systemd-cgroup, --no-pivot") {
        auto inv = parse("runc --root=/run/runc --systemd-cgroup --log-format=json --log /var/log/c.log create "
                         "--bundle /var/lib/containers/storage/overlay-containers/c1/userdata --pid-file /run/p --no-pivot c1");
        REQUIRE(inv);
        CHECK(inv->globals.root == "/run/runc");
        CHECK(inv->globals.log == "/var/log/c.log");
        CHECK(inv->bundle == "/var/lib/containers/storage/overlay-containers/c1/userdata");
        CHECK(inv->container_id == "c1");
    }
}

TEST_CASE("parse_invocation accepts runc's flag spellings", "[cli]") {
    auto [line, bundle] = GENERATE(table<std::string, std::string>({
        {"hardrun -root /r create -bundle /b id", "/b"},
        {"hardrun --root=/r create --bundle=/b id", "/b"},
        {"hardrun --root /r create id --bundle /b", "/b"},
        {"hardrun --root /r create -b /b id", "/b"},
        {"hardrun --debug=false --root /r create id", ""},
        {"hardrun --root /r run --detach --bundle /b id", "/b"},
    }));
    CAPTURE(line);
    auto inv = parse(line);
    REQUIRE(inv);
    CHECK(inv->globals.root == "/r");
    CHECK(inv->bundle == bundle);
    CHECK(inv->container_id == "id");
}

TEST_CASE("parse_invocation rejects what runc rejects", "[cli]") {
    auto [line, message] = GENERATE(table<std::string, std::string>({
        {"hardrun --rooot /r create id", "flag provided but not defined: --rooot"},
        {"hardrun --debug=maybe state id", "invalid boolean value"},
        {"hardrun --root", "flag needs an argument: --root"},
        {"hardrun create --bundle", "flag needs an argument"},
        {"hardrun create --bundle /b", "requires a container id"},
        {"hardrun create --bogus id", "flag provided but not defined: --bogus"},
        {"hardrun create ../../etc", "invalid container id"},
        {"hardrun exec", "requires a container id"},
    }));
    CAPTURE(line);
    auto inv = parse(line);
    REQUIRE_FALSE(inv);
    CHECK_THAT(inv.error().message(), Catch::Contains(message));
    CHECK(inv.error().code() == hardrun::ErrorCode::kInvalidArgument);
}

TEST_CASE("parse_invocation leaves an exec's own arguments alone", "[cli][exec]") {
    auto inv = parse("runc --root /r exec --cap CAP_SYS_ADMIN -c CAP_NET_RAW --user 0:0 --apparmor=unconfined "
                     "--no-new-privs=false id sh -c true --cap X");
    REQUIRE(inv);
    CHECK(inv->command == Command::kExec);
    CHECK(inv->container_id == "id");
    CHECK(inv->container_id_index == 12);
    REQUIRE(inv->exec.caps.size() == 2);
    CHECK(inv->exec.caps[0].value == "CAP_SYS_ADMIN");
    CHECK(inv->exec.caps[1].value == "CAP_NET_RAW");
    CHECK(inv->exec.caps[1].index == 6);
    REQUIRE(inv->exec.user);
    CHECK(inv->exec.user->value == "0:0");
    REQUIRE(inv->exec.apparmor);
    CHECK(inv->exec.apparmor->inline_value);
    REQUIRE(inv->exec.no_new_privs);
    CHECK(inv->exec.no_new_privs->value == "false");
}

TEST_CASE("parse_invocation reads containerd's exec with a process file", "[cli][exec]") {
    auto inv = parse("runc --root /run/containerd/runc/default --log /b/log.json --log-format json exec "
                     "--process /tmp/runc-process123 --detach --pid-file /b/e.pid c1");
    REQUIRE(inv);
    CHECK(inv->exec.process_file == "/tmp/runc-process123");
    CHECK(inv->container_id == "c1");
}

TEST_CASE("parse_invocation passes other commands through without judging them", "[cli]") {
    auto [line, command] = GENERATE(table<std::string, Command>({
        {"runc --root /r state id", Command::kOther},
        {"runc --root /r kill id 9", Command::kOther},
        {"runc --root /r update --resources - id", Command::kOther},
        {"runc --root /r ps --format json id", Command::kOther},
        {"runc features", Command::kOther},
        {"runc --version", Command::kNone},
        {"runc", Command::kNone},
        {"runc create --help", Command::kOther},
        {"runc --root /r delete --force id", Command::kDelete},
    }));
    CAPTURE(line);
    auto inv = parse(line);
    REQUIRE(inv);
    CHECK(inv->command == command);
}
