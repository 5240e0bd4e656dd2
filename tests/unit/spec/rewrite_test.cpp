// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "spec/rewrite.hpp"
#include "spec_support.hpp"
#include "support.hpp"

using hardrun::Json;
using hardrun::spec::rewrite_spec;
using hardrun::testing::fixture_spec;
using hardrun::testing::Fixture;

namespace {
Json at(const Json& doc, const char* ptr) { return doc.at(Json::json_pointer(ptr)); }
}  // namespace

TEST_CASE("rewrite_spec hardens engine-written specs into least privilege", "[spec][rewrite]") {
    const std::string name = GENERATE("runc-spec.json", "docker-20.10.json", "ctr-1.6.json", "cri-containerd.json", "crio.json");
    CAPTURE(name);
    Fixture f;
    Json spec = fixture_spec(name);
    auto changes = rewrite_spec(spec, f.ctx());
    REQUIRE(changes);
    CHECK_FALSE(changes->empty());
    for (const char* set : {"bounding", "effective", "permitted"}) {
        CHECK(at(spec, (std::string("/process/capabilities/") + set).c_str()) == Json::array());
    }
    CHECK(at(spec, "/process/user/uid") == 65534);
    CHECK(at(spec, "/process/user/gid") == 65534);
    CHECK_FALSE(spec["process"]["user"].contains("additionalGids"));
    CHECK(at(spec, "/process/noNewPrivileges") == true);
    CHECK(at(spec, "/root/readonly") == true);
    CHECK(at(spec, "/linux/seccomp") == hardrun::profiles::default_seccomp_profile());
    // The rule's 1024, or the engine's own limit where that was already lower.
    CHECK(at(spec, "/linux/resources/pids/limit").get<int>() > 0);
    CHECK(at(spec, "/linux/resources/pids/limit").get<int>() <= 1024);
    const auto masked = at(spec, "/linux/maskedPaths");
    CHECK(std::find(masked.begin(), masked.end(), Json("/proc/kcore")) != masked.end());
    int tmpfs = 0;
    for (const auto& m : spec["mounts"]) tmpfs += m["type"] == "tmpfs" && m["destination"] == "/tmp";
    CHECK(tmpfs == 1);
}

TEST_CASE("rewrite_spec is idempotent", "[spec][rewrite]") {
    const std::string name = GENERATE("runc-spec.json", "docker-20.10.json", "ctr-1.6.json", "cri-containerd.json");
    Fixture f;
    Json once = fixture_spec(name);
    REQUIRE(rewrite_spec(once, f.ctx()));
    Json twice = once;
    auto second = rewrite_spec(twice, f.ctx());
    REQUIRE(second);
    CHECK(second->empty());
    INFO(Json::diff(once, twice).dump(1));
    CHECK(once == twice);
}

TEST_CASE("rewrite_spec keeps fields it does not own, in order", "[spec][rewrite]") {
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    spec["io.vendor.extension"] = {{"z", 1}, {"a", 2}};
    spec["process"]["x-custom"] = "kept";
    std::vector<std::string> keys_before;
    for (const auto& [k, v] : spec.items()) keys_before.push_back(k);
    REQUIRE(rewrite_spec(spec, f.ctx()));
    std::vector<std::string> keys_after;
    for (const auto& [k, v] : spec.items()) keys_after.push_back(k);
    CHECK(keys_after == keys_before);
    CHECK(spec["io.vendor.extension"].dump() == R"({"z":1,"a":2})");
    CHECK(spec["process"]["x-custom"] == "kept");
    CHECK(spec["hostname"] == "runc");
}

TEST_CASE("the capability pass keeps exactly the rule's allowlist in all five sets", "[spec][caps]") {
    Fixture f;
    f.rule().body.capabilities = {"CAP_KILL", "CAP_CHOWN"};
    Json spec = fixture_spec("runc-spec.json");
    auto changes = hardrun::spec::pass_capabilities(spec, f.ctx());
    REQUIRE(changes);
    CHECK(changes->size() == 4);  // runc spec writes no inheritable set; none is invented
    for (const char* set : {"bounding", "effective", "permitted", "ambient"}) {
        CHECK(spec["process"]["capabilities"][set] == Json::array({"CAP_KILL"}));
    }
    CHECK_FALSE(spec["process"]["capabilities"].contains("inheritable"));
    CHECK_THAT(changes->front().what, Catch::Contains("CAP_AUDIT_WRITE"));
}

TEST_CASE("the user pass respects allow_root and fixes a root group", "[spec][user]") {
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    SECTION("allow_root keeps uid 0") {
        f.rule().body.user.allow_root = true;
        auto changes = hardrun::spec::pass_user(spec, f.ctx());
        REQUIRE(changes);
        CHECK(changes->empty());
        CHECK(spec["process"]["user"]["uid"] == 0);
    }
    SECTION("a non-root uid with gid 0 keeps its uid and loses the root group") {
        spec["process"]["user"] = {{"uid", 1000}, {"gid", 0}, {"additionalGids", {0, 44}}};
        auto changes = hardrun::spec::pass_user(spec, f.ctx());
        REQUIRE(changes);
        CHECK(spec["process"]["user"]["uid"] == 1000);
        CHECK(spec["process"]["user"]["gid"] == 65534);
        CHECK(spec["process"]["user"]["additionalGids"] == Json::array({44}));
    }
}

TEST_CASE("the seccomp pass keeps a stricter profile and replaces a weaker one", "[spec][seccomp]") {
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    SECTION("stricter: a short allowlist stays") {
        spec["linux"]["seccomp"] = {{"defaultAction", "SCMP_ACT_ERRNO"},
                                    {"syscalls", {{{"names", {"read", "write", "exit"}}, {"action", "SCMP_ACT_ALLOW"}}}}};
        const Json before = spec["linux"]["seccomp"];
        auto changes = hardrun::spec::pass_seccomp(spec, f.ctx());
        REQUIRE(changes);
        CHECK(changes->empty());
        CHECK(spec["linux"]["seccomp"] == before);
    }
    SECTION("weaker: allow-by-default is replaced") {
        spec["linux"]["seccomp"] = {{"defaultAction", "SCMP_ACT_ALLOW"}};
        auto changes = hardrun::spec::pass_seccomp(spec, f.ctx());
        REQUIRE(changes);
        REQUIRE(changes->size() == 1);
        CHECK_THAT(changes->front().what, Catch::Contains("replaced a weaker profile"));
    }
    SECTION("unconfined leaves the spec alone") {
        auto ctx = f.ctx();
        ctx.seccomp_profile = nullptr;
        auto changes = hardrun::spec::pass_seccomp(spec, ctx);
        REQUIRE(changes);
        CHECK(changes->empty());
        CHECK_FALSE(spec["linux"].contains("seccomp"));
    }
}

TEST_CASE("Docker's own default seccomp profile is replaced as weaker than hardrun's", "[spec][seccomp]") {
    Fixture f;
    Json spec = fixture_spec("docker-20.10.json");
    REQUIRE(spec["linux"]["seccomp"]["defaultAction"] == "SCMP_ACT_ERRNO");
    auto changes = hardrun::spec::pass_seccomp(spec, f.ctx());
    REQUIRE(changes);
    REQUIRE(changes->size() == 1);
    CHECK_THAT(changes->front().what, Catch::Contains("replaced a weaker profile"));
}

TEST_CASE("the AppArmor pass sets the profile only where the host has it loaded", "[spec][apparmor]") {
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    SECTION("no AppArmor on the host: nothing set") {
        auto changes = hardrun::spec::pass_apparmor(spec, f.ctx());
        REQUIRE(changes);
        CHECK(changes->empty());
        CHECK_FALSE(spec["process"].contains("apparmorProfile"));
    }
    SECTION("AppArmor with the profile loaded") {
        f.host = {true, {"docker-default", "hardrun-default"}};
        auto changes = hardrun::spec::pass_apparmor(spec, f.ctx());
        REQUIRE(changes);
        CHECK(spec["process"]["apparmorProfile"] == "hardrun-default");
    }
    SECTION("AppArmor without the profile loaded: nothing set") {
        f.host = {true, {"docker-default"}};
        REQUIRE(hardrun::spec::pass_apparmor(spec, f.ctx()));
        CHECK_FALSE(spec["process"].contains("apparmorProfile"));
    }
}

TEST_CASE("rewrite_spec reports malformed fields by JSON pointer", "[spec][errors]") {
    auto [ptr, value, message] = GENERATE(table<std::string, std::string, std::string>({
        {"/process/capabilities/bounding", R"("CAP_SYS_ADMIN")", "/process/capabilities/bounding must be an array of strings"},
        {"/process/user/uid", R"("root")", "/process/user/uid must be an integer"},
        {"/process/noNewPrivileges", R"("no")", "/process/noNewPrivileges must be a boolean"},
        {"/mounts", R"({})", "/mounts must be an array"},
        {"/linux/resources/pids/limit", R"("many")", "/linux/resources/pids/limit must be an integer"},
        {"/process", R"([])", "/process must be an object"},
    }));
    CAPTURE(ptr, value);
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    spec[Json::json_pointer(ptr)] = Json::parse(value);
    auto changes = rewrite_spec(spec, f.ctx());
    REQUIRE_FALSE(changes);
    CHECK(changes.error().code() == hardrun::ErrorCode::kInvalidSpec);
    CHECK_THAT(changes.error().message(), Catch::Contains(message));
}
