// SPDX-License-Identifier: Apache-2.0
#include <chrono>

#include <catch2/catch.hpp>

#include "runtime/bounded_run.hpp"

using hardrun::runtime::run_bounded;
using namespace std::chrono_literals;

TEST_CASE("run_bounded returns the exit code and the captured stdout and stderr", "[runtime][bounded]") {
    auto r = run_bounded("/bin/sh", {"sh", "-c", "echo out; echo 'fetch failed: 503' >&2; exit 3"}, 5s);
    REQUIRE(r);
    CHECK(r->exit_code == 3);
    CHECK_FALSE(r->timed_out);
    CHECK(r->stdout_text == "out\n");
    CHECK(r->stderr_text == "fetch failed: 503");
}

TEST_CASE("run_bounded keeps the first 64 KiB of a long answer and lets the helper finish", "[runtime][bounded]") {
    // 1 MiB on stdout would block a helper whose pipe is not drained.
    auto r = run_bounded("/bin/sh", {"sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x; echo done >&2"}, 5s);
    REQUIRE(r);
    CHECK_FALSE(r->timed_out);
    CHECK(r->exit_code == 0);
    CHECK(r->stdout_text == std::string(64 * 1024, 'x'));
    CHECK(r->stderr_text == "done");
}

TEST_CASE("run_bounded kills a helper at its deadline", "[runtime][bounded]") {
    const auto start = std::chrono::steady_clock::now();
    auto r = run_bounded("/bin/sh", {"sh", "-c", "echo waiting >&2; exec sleep 10"}, 300ms);
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(r);
    CHECK(r->timed_out);
    CHECK(r->exit_code == -1);
    CHECK(took < 3s);
}

TEST_CASE("run_bounded is not fooled by a helper that closes stderr and lingers", "[runtime][bounded]") {
    auto r = run_bounded("/bin/sh", {"sh", "-c", "exec 2>&-; sleep 10"}, 300ms);
    REQUIRE(r);
    CHECK(r->timed_out);
}

TEST_CASE("run_bounded reports a program that cannot start", "[runtime][bounded]") {
    auto r = run_bounded("/nonexistent/hardrunctl", {"hardrunctl"}, 1s);
    // posix_spawn reports exec failure either as an error or as exit code 127.
    if (r) {
        CHECK(r->exit_code == 127);
    } else {
        CHECK_THAT(r.error().message(), Catch::Contains("/nonexistent/hardrunctl"));
    }
}
