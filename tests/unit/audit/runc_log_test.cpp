// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "audit/decision_log.hpp"
#include "audit/runc_log.hpp"
#include "base/files.hpp"
#include "temp_dir.hpp"

using hardrun::audit::format_runc_line;
using hardrun::audit::Level;
using hardrun::audit::RuncLog;

TEST_CASE("refusals are written in runc's log formats", "[audit]") {
    const std::string msg = "hardrun: refused container c1 (rule \"default\"): host pid namespace";
    SECTION("json, as containerd and Docker ask for it") {
        RuncLog log{std::nullopt, "json"};
        CHECK(format_runc_line(log, Level::kError, msg, "2026-11-24T20:00:00Z") ==
              R"({"level":"error","msg":"hardrun: refused container c1 (rule \"default\"): host pid namespace","time":"2026-11-24T20:00:00Z"})"
              "\n");
    }
    SECTION("text, runc's default") {
        RuncLog log{std::nullopt, "text"};
        CHECK(format_runc_line(log, Level::kWarning, "a \"b\"\nc", "T") ==
              "time=\"T\" level=warning msg=\"a \\\"b\\\"\\nc\"\n");
    }
}

TEST_CASE("report appends to the --log file", "[audit]") {
    hardrun::testing::TempDir dir;
    RuncLog log{dir / "log.json", "json"};
    hardrun::audit::report(log, Level::kError, "first");
    hardrun::audit::report(log, Level::kError, "second");
    auto text = hardrun::read_file(dir / "log.json", 1 << 16);
    REQUIRE(text);
    CHECK(std::count(text->begin(), text->end(), '\n') == 2);
    CHECK_THAT(*text, Catch::Contains(R"("msg":"second")"));
}

TEST_CASE("the decision log writes one JSON line per decision", "[audit]") {
    hardrun::testing::TempDir dir;
    hardrun::policy::DecisionLog config{hardrun::policy::LogSink::kFile, dir / "sub/decisions.log"};
    auto log = hardrun::audit::DecisionLog::open(config);
    REQUIRE(log);
    REQUIRE(log->record(hardrun::Json{{"id", "c1"}, {"verdict", "allowed"}}));
    REQUIRE(log->record(hardrun::Json{{"id", "c2"}, {"bad", std::string("\xff\xfe")}}));
    auto text = hardrun::read_file(dir / "sub/decisions.log", 1 << 16);
    REQUIRE(text);
    CHECK(text->starts_with(R"({"id":"c1","verdict":"allowed"})" "\n"));
    CHECK(std::count(text->begin(), text->end(), '\n') == 2);
}
