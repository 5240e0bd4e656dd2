// SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>

#include "containerd_containers.pb.h"
#include "containerd_images.pb.h"
#include "fake_grpc_server.hpp"
#include "identity/grpc_call.hpp"
#include "identity/identity.hpp"

using hardrun::Json;
using namespace hardrun::identity;
using namespace hardrun::identity::testing;
using namespace std::chrono_literals;
namespace containers = containerd::services::containers::v1;
namespace images = containerd::services::images::v1;

namespace {

const std::string kFixtures = std::string(HARDRUN_FIXTURES) + "/identity";
const std::string kPulled = "a3d149553c40b9fc435d9da0d5ff22fd6a1da0470e93d98a03fde37a26ff30d9";
const std::string kLocal = "cffb5f43e15d1677bd7c1475c211e80db2d80fa18534bec1f3b77a6807d0e070";
const std::string kConfig = "sha256:75b28b301258c561f22899ba499b40ea5bf69a1afd583c77bb4315626a09dc9a";
const std::string kManifest = "sha256:eb43aac8bf19e9e97968481a56ef4982b87f1f77198cb37fa4cc943be2165d27";
const std::string kIndex = "sha256:0607a37acf4a5bb87ec292c904e666ff04e176caa6d3e9a919ed040923a9d777";

Json docker_spec(const std::string& id) {
    return Json{{"mounts", Json::array({Json{{"destination", "/etc/hostname"},
                                             {"source", kFixtures + "/docker/containers/" + id + "/hostname"}}})}};
}

// A fake containerd: containers "ctr-1" (an image name), "cri-1" (the CRI extension), "bare"
// (no image), anything else not found; images by name or config digest.
FakeResponse fake_containerd(const FakeRequest& req) {
    FakeResponse r;
    if (req.path == "/containerd.services.containers.v1.Containers/Get") {
        containers::GetContainerRequest in;
        in.ParseFromString(req.body.substr(5));
        containers::GetContainerResponse out;
        out.mutable_container()->set_id(in.id());
        if (in.id() == "ctr-1") out.mutable_container()->set_image("docker.io/library/busybox:e2e");
        if (in.id() == "cri-1") {
            (*out.mutable_container()->mutable_extensions())["io.cri-containerd.container.metadata"].set_value(
                R"({"Version":"v1","Metadata":{"ImageRef":")" + kConfig + R"("}})");
        }
        if (in.id() != "ctr-1" && in.id() != "cri-1" && in.id() != "bare") {
            r.grpc_status = "5";
            r.grpc_message = "container%20%22" + in.id() + "%22%20in%20namespace%20%22" +
                             req.headers.at("containerd-namespace") + "%22: not found";
            return r;
        }
        r.body = grpc_frame(out.SerializeAsString());
        return r;
    }
    images::GetImageRequest in;
    in.ParseFromString(req.body.substr(5));
    images::GetImageResponse out;
    out.mutable_image()->set_name(in.name());
    out.mutable_image()->mutable_target()->set_media_type("application/vnd.oci.image.index.v1+json");
    out.mutable_image()->mutable_target()->set_digest(in.name() == kConfig ? kIndex : kManifest);
    r.body = grpc_frame(out.SerializeAsString());
    return r;
}

struct FakeContainerd {
    std::filesystem::path dir;
    std::string socket;
    std::unique_ptr<FakeGrpcServer> server;
    FakeContainerd() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "hardrun-cd-XXXXXX").string();
        dir = ::mkdtemp(tmpl.data());
        socket = (dir / "containerd.sock").string();
        server = std::make_unique<FakeGrpcServer>(socket, fake_containerd);
    }
    ~FakeContainerd() {
        server.reset();
        std::filesystem::remove_all(dir);
    }
};

LookupInput input(const Json& spec, const std::string& id, const std::string& ns = "default") {
    return LookupInput{.spec = spec, .engine_namespace = ns, .container_id = id, .containerd_address = "",
                       .ttrpc_address = "", .timeout = 2000ms,
                       .containers_storage = kFixtures + "/crio"};
}

}  // namespace

TEST_CASE("a Docker container's identity comes from Docker's store", "[identity]") {
    const auto spec = docker_spec(kPulled);
    const auto id = resolve_identity(input(spec, kPulled, "moby"));
    CHECK(id.complete());
    CHECK(id.source == "docker");
    CHECK(id.repository == "docker.io/library/busybox");
    CHECK(id.reference == "busybox:1.36");
    CHECK(id.manifest_digests == std::vector<std::string>{kManifest});
    CHECK(id.config_digest == kConfig);
    CHECK(id.tried.empty());
}

TEST_CASE("a Docker image without a digest falls through to the next sources, each explaining itself",
          "[identity]") {
    const auto spec = docker_spec(kLocal);
    const auto id = resolve_identity(input(spec, kLocal, "moby"));
    CHECK_FALSE(id.complete());
    REQUIRE(id.tried.size() == 3);
    CHECK_THAT(id.tried[0], Catch::StartsWith("docker: image sha256:20548860") &&
                                Catch::Contains("has no repository digest (built or loaded locally, never pulled)"));
    CHECK_THAT(id.tried[1], Catch::StartsWith("containerd: no address"));
    CHECK_THAT(id.tried[2], Catch::StartsWith("cri-o: the spec has no io.kubernetes.cri-o.ImageRef annotation"));
}

TEST_CASE("a ctr container's identity comes from containerd's image record", "[identity]") {
    FakeContainerd containerd;
    const Json spec = Json::object();
    auto in = input(spec, "ctr-1");
    in.ttrpc_address = containerd.socket + ".ttrpc";  // the shim's TTRPC_ADDRESS
    const auto id = resolve_identity(in);
    CHECK(id.complete());
    CHECK(id.source == "containerd");
    CHECK(id.repository == "docker.io/library/busybox");
    CHECK(id.reference == "docker.io/library/busybox:e2e");
    CHECK(id.manifest_digests == std::vector<std::string>{kManifest});
    CHECK(id.media_type == "application/vnd.oci.image.index.v1+json");
    REQUIRE(id.tried.size() == 1);
    CHECK_THAT(id.tried[0], Catch::StartsWith("docker: the /etc/hostname mount is not"));
}

TEST_CASE("a CRI container's identity joins containerd's record of its config with the image-name annotation",
          "[identity]") {
    FakeContainerd containerd;
    const Json spec = Json::parse(R"({"annotations":{"io.kubernetes.cri.image-name":"registry.example:5000/web:1.4"}})");
    auto in = input(spec, "cri-1", "k8s.io");
    in.containerd_address = containerd.socket;
    const auto id = resolve_identity(in);
    CHECK(id.complete());
    CHECK(id.source == "cri");
    CHECK(id.repository == "registry.example:5000/web");
    CHECK(id.reference == "registry.example:5000/web:1.4");
    CHECK(id.config_digest == kConfig);
    CHECK(id.manifest_digests == std::vector<std::string>{kIndex});
    const auto asked = containerd.server->requests();
    REQUIRE(asked.size() == 2);
    CHECK(asked[0].headers.at("containerd-namespace") == "k8s.io");
}

TEST_CASE("a CRI container without the image-name annotation is explained", "[identity]") {
    FakeContainerd containerd;
    const Json spec = Json::object();
    auto in = input(spec, "cri-1", "k8s.io");
    in.containerd_address = containerd.socket;
    const auto id = resolve_identity(in);
    CHECK_FALSE(id.complete());
    REQUIRE(id.tried.size() == 3);
    CHECK_THAT(id.tried[1], Catch::StartsWith("containerd: CRI container with image " + kConfig) &&
                                Catch::Contains("io.kubernetes.cri.image-name"));
}

TEST_CASE("containerd's answers for unknown or image-less containers are explained", "[identity]") {
    FakeContainerd containerd;
    const Json spec = Json::object();
    auto unknown = input(spec, "abc");
    unknown.containerd_address = containerd.socket;
    const auto a = resolve_identity(unknown);
    REQUIRE(a.tried.size() == 3);
    CHECK(a.tried[1] ==
          "containerd: container default/abc: container \"abc\" in namespace \"default\": not found");
    auto bare = input(spec, "bare");
    bare.containerd_address = containerd.socket;
    const auto b = resolve_identity(bare);
    REQUIRE(b.tried.size() == 3);
    CHECK(b.tried[1] == "containerd: container default/bare has no image");
}

TEST_CASE("an unreachable containerd is explained, within the timeout", "[identity]") {
    const Json spec = Json::object();
    auto in = input(spec, "abc");
    in.containerd_address = "/nonexistent/containerd.sock";
    const auto id = resolve_identity(in);
    REQUIRE(id.tried.size() == 3);
    CHECK_THAT(id.tried[1], Catch::StartsWith("containerd: /nonexistent/containerd.sock: connect"));
}

TEST_CASE("a CRI-O container's identity comes from its annotations and containers-storage", "[identity]") {
    const Json spec = Json::parse(R"({"annotations":{
        "io.kubernetes.cri-o.ImageName":"registry.example:5000/web:1.4",
        "io.kubernetes.cri-o.ImageRef":"abababababababababababababababababababababababababababababababab"}})");
    const auto id = resolve_identity(input(spec, "crio-1", "k8s.io"));
    CHECK(id.complete());
    CHECK(id.source == "cri-o");
    CHECK(id.repository == "registry.example:5000/web");
    CHECK(id.manifest_digests.size() == 2);
    CHECK(id.tried.size() == 2);
}

TEST_CASE("the containerd socket is given or derived from TTRPC_ADDRESS", "[identity]") {
    const Json spec = Json::object();
    auto in = input(spec, "x");
    CHECK(containerd_socket(in).empty());
    in.ttrpc_address = "/run/containerd/containerd.sock.ttrpc";
    CHECK(containerd_socket(in) == "/run/containerd/containerd.sock");
    in.containerd_address = "/other.sock";
    CHECK(containerd_socket(in) == "/other.sock");
    in.containerd_address = "";
    in.ttrpc_address = "/run/containerd/containerd.sock";  // no suffix: nothing to derive
    CHECK(containerd_socket(in).empty());
}
