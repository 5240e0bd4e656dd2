// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "cli/invocation.hpp"
#include "spec/exec.hpp"
#include "support.hpp"

using hardrun::Json;
using hardrun::spec::ExecLimits;

namespace {

ExecLimits limits() {
    ExecLimits l;
    l.capabilities = {"CAP_NET_BIND_SERVICE"};
    l.process_user = std::pair(1000U, 1000U);  // the container's (non-root) image user
    return l;
}

std::vector<std::string> restrict_line(const std::string& line, const ExecLimits& l) {
    const auto w = hardrun::testing::words(line);
    const auto v = hardrun::testing::views(w);
    auto inv = hardrun::cli::parse_invocation(v);
    REQUIRE(inv);
    return hardrun::spec::restrict_exec_flags(*inv, l).argv;
}

}  // namespace

TEST_CASE("an exec process.json is held to the container's limits", "[spec][exec]") {
    // What dockerd writes for `docker exec --privileged -u 0`.
    Json process = {{"user", {{"uid", 0}, {"gid", 0}}},
                    {"args", {"sh"}},
                    {"capabilities", {{"bounding", {"CAP_SYS_ADMIN", "CAP_NET_BIND_SERVICE"}},
                                      {"effective", {"CAP_SYS_ADMIN"}},
                                      {"permitted", {"CAP_SYS_ADMIN"}}}},
                    {"noNewPrivileges", false}};
    auto changes = hardrun::spec::rewrite_process(process, limits());
    REQUIRE(changes);
    CHECK(process["capabilities"]["bounding"] == Json::array({"CAP_NET_BIND_SERVICE"}));
    CHECK(process["capabilities"]["effective"] == Json::array());
    CHECK(process["user"]["uid"] == 65534);
    CHECK(process["noNewPrivileges"] == true);
    Json again = process;
    CHECK(hardrun::spec::rewrite_process(again, limits())->empty());
}

TEST_CASE("restrict_exec_flags drops what the rule does not allow", "[spec][exec]") {
    auto [line, expected] = GENERATE(table<std::string, std::string>({
        {"runc exec --cap CAP_SYS_ADMIN id sh", "runc exec --no-new-privs --user 1000:1000 id sh"},
        {"runc exec --cap=CAP_SYS_ADMIN -c CAP_NET_BIND_SERVICE id sh",
         "runc exec --no-new-privs --user 1000:1000 -c CAP_NET_BIND_SERVICE id sh"},
        {"runc exec --process /p.json id", "runc exec --no-new-privs --process /p.json id"},
        {"runc exec --user 0:0 id sh", "runc exec --no-new-privs --user 65534:65534 id sh"},
        {"runc exec --user=0 id sh", "runc exec --no-new-privs --user=65534:65534 id sh"},
        {"runc exec --user 1000:1000 id sh", "runc exec --no-new-privs --user 1000:1000 id sh"},
        {"runc exec --no-new-privs=false --user 5 id sh", "runc exec --no-new-privs --user 5 id sh"},
        {"runc --root /r exec --no-new-privs id sh -c --cap",
         "runc --root /r exec --user 1000:1000 --no-new-privs id sh -c --cap"},
    }));
    CAPTURE(line);
    std::string got;
    for (const auto& a : restrict_line(line, limits())) got += (got.empty() ? "" : " ") + a;
    CHECK(got == expected);
}

TEST_CASE("exec limits survive their JSON form", "[spec][exec]") {
    ExecLimits l = limits();
    l.rule = "db";
    l.mode = hardrun::policy::Mode::kAudit;
    l.user = {true, 999, 999};
    l.apparmor_profile = "hardrun-default";
    auto back = hardrun::spec::exec_limits_from_json(hardrun::spec::exec_limits_to_json(l));
    REQUIRE(back);
    CHECK(back->rule == "db");
    CHECK(back->mode == hardrun::policy::Mode::kAudit);
    CHECK(back->user.uid == 999);
    CHECK(back->capabilities == l.capabilities);
    REQUIRE(back->process_user);
    CHECK(back->process_user->first == 1000);
    CHECK_FALSE(hardrun::spec::exec_limits_from_json(Json{{"rule", 1}}));
}
