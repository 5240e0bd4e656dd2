// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "spec/checks.hpp"
#include "spec_support.hpp"
#include "support.hpp"

using hardrun::Json;
using hardrun::spec::check_spec;
using hardrun::testing::fixture_spec;
using hardrun::testing::Fixture;

namespace {

std::string reasons(const std::vector<hardrun::spec::Violation>& vs) {
    std::string out;
    for (const auto& v : vs) out += v.reason + "\n";
    return out;
}

Json bind_mount(const std::string& source, const std::string& destination) {
    return Json{{"destination", destination}, {"type", "bind"}, {"source", source},
                {"options", {"rbind", "ro"}}};
}

}  // namespace

TEST_CASE("engine-written specs pass the checks", "[spec][checks]") {
    const std::string name = GENERATE("runc-spec.json", "docker-20.10.json", "ctr-1.6.json", "cri-containerd.json", "crio.json");
    CAPTURE(name);
    Fixture f;
    auto vs = check_spec(fixture_spec(name), f.ctx());
    REQUIRE(vs);
    INFO(reasons(*vs));
    CHECK(vs->empty());
}

TEST_CASE("host namespaces are refused unless the rule allows them", "[spec][checks]") {
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    auto& ns = spec["linux"]["namespaces"];
    SECTION("a missing pid entry means the host's pid namespace") {
        ns.erase(std::remove_if(ns.begin(), ns.end(), [](const Json& n) { return n["type"] == "pid"; }), ns.end());
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs);
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("host pid namespace"));
        f.rule().body.allow.host_namespaces = {"pid"};
        CHECK(check_spec(spec, f.ctx())->empty());
    }
    SECTION("joining pid 1's network namespace is the host's") {
        for (auto& n : ns) {
            if (n["type"] == "network") n["path"] = "/proc/1/ns/net";
        }
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs);
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("host network namespace (joins /proc/1/ns/net)"));
    }
    SECTION("a path the host resolves to its own namespace (docker --net=host)") {
        ns.push_back({{"type", "network"}, {"path", "/var/run/docker/netns/default"}});
        ns.erase(ns.begin() + 1);  // runc spec lists network second; keep one network entry
        f.host_namespaces = {"/var/run/docker/netns/default"};
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs);
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("host network namespace (joins /var/run/docker/netns/default)"));
    }
}

TEST_CASE("binds of protected host paths are refused", "[spec][checks][mounts]") {
    auto [source, refused] = GENERATE(table<std::string, bool>({
        {"/var/run/docker.sock", true},
        {"/run/containerd/containerd.sock", true},
        {"/etc", true},
        {"/etc/shadow", true},
        {"/", true},
        {"/var", true},          // an ancestor exposes /var/lib/docker
        {"/var/lib/kubelet", true},
        {"/proc/1/root", true},
        {"/home/app/data", false},
        {"/srv/www", false},
        {"/var/lib/docker/containers/0123/hostname", false},  // engine-managed
        {"/var/lib/docker/volumes/db/_data", false},
        {"/var/lib/kubelet/pods/u1/volumes/kubernetes.io~secret/s", false},
        {"/var/lib/docker/image", true},
        {"/etc/../etc/passwd", true},
    }));
    CAPTURE(source);
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    spec["mounts"].push_back(bind_mount(source, "/mnt"));
    auto vs = check_spec(spec, f.ctx());
    REQUIRE(vs);
    CHECK(vs->size() == (refused ? 1U : 0U));
    if (refused) CHECK_THAT(vs->front().reason, Catch::Contains("protected host path"));
}

TEST_CASE("bind sources are judged as the host resolves them too", "[spec][checks][mounts]") {
    Fixture f;
    f.resolved["/srv/innocent"] = "/var/run/docker.sock";
    Json spec = fixture_spec("runc-spec.json");
    spec["mounts"].push_back(bind_mount("/srv/innocent", "/s"));
    auto vs = check_spec(spec, f.ctx());
    REQUIRE(vs);
    REQUIRE(vs->size() == 1);
    CHECK_THAT(vs->front().reason, Catch::Contains("/var/run/docker.sock"));
}

TEST_CASE("a rule's host_paths allow a protected bind", "[spec][checks][mounts]") {
    Fixture f;
    f.rule().body.allow.host_paths = {"/etc/localtime"};
    Json spec = fixture_spec("runc-spec.json");
    spec["mounts"].push_back(bind_mount("/etc/localtime", "/etc/localtime"));
    CHECK(check_spec(spec, f.ctx())->empty());
    spec["mounts"].push_back(bind_mount("/etc/passwd", "/p"));
    CHECK(check_spec(spec, f.ctx())->size() == 1);
}

TEST_CASE("host devices, unsafe sysctls and privileged shapes are refused", "[spec][checks]") {
    Fixture f;
    Json spec = fixture_spec("runc-spec.json");
    SECTION("a device beyond the standard set") {
        spec["linux"]["devices"] = {{{"path", "/dev/fuse"}, {"type", "c"}, {"major", 10}, {"minor", 229}},
                                    {{"path", "/dev/null"}, {"type", "c"}, {"major", 1}, {"minor", 3}}};
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("device /dev/fuse is not in the standard set"));
        f.rule().body.allow.devices = {"/dev/fuse"};
        CHECK(check_spec(spec, f.ctx())->empty());
    }
    SECTION("many devices are named in one summarised reason") {
        for (int i = 0; i < 10; ++i) {
            spec["linux"]["devices"].push_back({{"path", "/dev/sd" + std::string(1, char('a' + i))}, {"type", "b"}});
        }
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs->size() == 1);
        CHECK(vs->front().reason == "devices /dev/sda, /dev/sdb, /dev/sdc and 7 more are not in the standard set");
    }
    SECTION("sysctls outside the allowed list") {
        spec["linux"]["sysctl"] = {{"net.ipv4.ip_unprivileged_port_start", "0"}, {"kernel.msgmax", "65536"}};
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("sysctl kernel.msgmax"));
    }
    SECTION("every device allowed in the device cgroup") {
        spec["linux"]["resources"]["devices"] = {{{"allow", true}, {"access", "rwm"}}};
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("privileged container"));
        f.rule().body.allow.privileged = true;
        CHECK(check_spec(spec, f.ctx())->empty());
    }
    SECTION("CAP_SYS_ADMIN with nothing masked") {
        spec["process"]["capabilities"]["bounding"].push_back("CAP_SYS_ADMIN");
        spec["linux"].erase("maskedPaths");
        spec["linux"].erase("readonlyPaths");
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("privileged container"));
    }
    SECTION("AppArmor required on a host without it") {
        f.rule().body.apparmor.required = true;
        auto vs = check_spec(spec, f.ctx());
        REQUIRE(vs->size() == 1);
        CHECK_THAT(vs->front().reason, Catch::Contains("this host has no AppArmor"));
    }
}
