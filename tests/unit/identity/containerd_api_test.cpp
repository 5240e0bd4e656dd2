// SPDX-License-Identifier: Apache-2.0
#include <sys/socket.h>

#include <catch2/catch.hpp>

#include "containerd_containers.pb.h"
#include "containerd_images.pb.h"
#include "fake_grpc_server.hpp"
#include "identity/containerd_api.hpp"

using hardrun::ErrorCode;
using hardrun::UniqueFd;
using namespace hardrun::identity;
using namespace hardrun::identity::testing;
namespace containers = containerd::services::containers::v1;
namespace images = containerd::services::images::v1;

namespace {

const std::string kConfig = "sha256:75b28b301258c561f22899ba499b40ea5bf69a1afd583c77bb4315626a09dc9a";
const std::string kManifest = "sha256:eb43aac8bf19e9e97968481a56ef4982b87f1f77198cb37fa4cc943be2165d27";

std::string container_response(const std::string& image, const std::string& cri_json = "") {
    containers::GetContainerResponse resp;
    auto* c = resp.mutable_container();
    c->set_id("abc");
    c->set_image(image);
    if (!cri_json.empty()) {
        auto& any = (*c->mutable_extensions())[std::string(kCriMetadataExtension)];
        any.set_type_url("github.com/containerd/containerd/pkg/cri/store/container/Metadata");
        any.set_value(cri_json);
    }
    (*c->mutable_extensions())["other.extension"].set_value("\x01\x02");
    return resp.SerializeAsString();
}

std::string image_response(const std::string& name, const std::string& media_type, const std::string& digest) {
    images::GetImageResponse resp;
    resp.mutable_image()->set_name(name);
    resp.mutable_image()->mutable_target()->set_media_type(media_type);
    resp.mutable_image()->mutable_target()->set_digest(digest);
    resp.mutable_image()->mutable_target()->set_size(528);
    return resp.SerializeAsString();
}

std::string cri_json(const std::string& image_ref) {
    return R"({"Version":"v1","Metadata":{"ID":"abc","Name":"web","SandboxID":"s1","ImageRef":")" + image_ref +
           R"(","LogPath":"/var/log/pods/x/web/0.log","StopSignal":"SIGTERM"}})";
}

}  // namespace

TEST_CASE("requests encode the id and the name in field 1", "[identity][containerd]") {
    containers::GetContainerRequest creq;
    REQUIRE(creq.ParseFromString(encode_get_container_request("abc")));
    CHECK(creq.id() == "abc");
    // Field 1, length-delimited: tag 0x0a, then the length and the bytes.
    CHECK(encode_get_image_request("docker.io/library/busybox:1.36") ==
          std::string("\x0a\x1e") + "docker.io/library/busybox:1.36");
}

TEST_CASE("a ctr container's record gives its image name", "[identity][containerd]") {
    auto rec = decode_get_container_response(container_response("docker.io/library/busybox:e2e"));
    REQUIRE(rec);
    CHECK(rec->image == "docker.io/library/busybox:e2e");
    CHECK(rec->cri_image_ref.empty());
}

TEST_CASE("a CRI container's record gives the config digest from its metadata extension",
          "[identity][containerd]") {
    auto rec = decode_get_container_response(container_response("", cri_json(kConfig)));
    REQUIRE(rec);
    CHECK(rec->image.empty());
    CHECK(rec->cri_image_ref == kConfig);
}

TEST_CASE("a CRI metadata extension that is not the expected JSON is an error naming it", "[identity][containerd]") {
    const auto [json, reason] = GENERATE(table<std::string, std::string>({
        {"{", "not valid JSON"},
        {R"({"Version":"v2","Metadata":{"ImageRef":"x"}})", "/Version is \"v2\""},
        {R"({"Metadata":{"ImageRef":"x"}})", "/Version is \"\""},
        {R"({"Version":"v1","Metadata":{}})", "/Metadata/ImageRef is missing"},
        {R"({"Version":"v1","Metadata":{"ImageRef":1}})", "/Metadata/ImageRef must be a string"},
    }));
    auto rec = decode_get_container_response(container_response("", json));
    REQUIRE_FALSE(rec);
    CHECK(rec.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(rec.error().message(), Catch::Contains("io.cri-containerd.container.metadata") && Catch::Contains(reason));
}

TEST_CASE("an image record gives the target's digest and media type", "[identity][containerd]") {
    auto rec = decode_get_image_response(
        image_response("docker.io/library/busybox:e2e", "application/vnd.oci.image.index.v1+json", kManifest));
    REQUIRE(rec);
    CHECK(rec->name == "docker.io/library/busybox:e2e");
    CHECK(rec->media_type == "application/vnd.oci.image.index.v1+json");
    CHECK(rec->digest == kManifest);
}

TEST_CASE("bytes that are not the response message are refused", "[identity][containerd]") {
    const std::string garbage = "\x0a\x7f\x01";  // field 1 claims 127 bytes, 1 follows
    auto c = decode_get_container_response(garbage);
    REQUIRE_FALSE(c);
    CHECK(c.error().code() == ErrorCode::kIo);
    CHECK_THAT(c.error().message(), Catch::Contains("GetContainerResponse"));
    auto i = decode_get_image_response(garbage);
    REQUIRE_FALSE(i);
    CHECK_THAT(i.error().message(), Catch::Contains("GetImageResponse"));
}

TEST_CASE("ContainerdClient asks containerd's services in the engine's namespace", "[identity][containerd]") {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
    FakeGrpcServer server(UniqueFd(fds[1]), [](const FakeRequest& req) {
        FakeResponse r;
        if (req.path == "/containerd.services.containers.v1.Containers/Get") {
            r.body = grpc_frame(container_response("docker.io/library/busybox:e2e"));
        } else {
            r.body = grpc_frame(image_response("docker.io/library/busybox:e2e",
                                               "application/vnd.oci.image.manifest.v1+json", kManifest));
        }
        return r;
    });
    {
        auto conn = GrpcConnection::adopt(UniqueFd(fds[0]));
        REQUIRE(conn);
        ContainerdClient client(std::move(*conn), "k8s.io", std::chrono::steady_clock::now() + std::chrono::seconds(2));
        auto c = client.get_container("abc");
        REQUIRE(c);
        auto i = client.get_image(c->image);
        REQUIRE(i);
        CHECK(i->digest == kManifest);
    }
    const auto reqs = server.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].path == "/containerd.services.containers.v1.Containers/Get");
    CHECK(reqs[1].path == "/containerd.services.images.v1.Images/Get");
    for (const auto& r : reqs) CHECK(r.headers.at("containerd-namespace") == "k8s.io");
    containers::GetContainerRequest sent;
    REQUIRE(sent.ParseFromString(reqs[0].body.substr(5)));
    CHECK(sent.id() == "abc");
}
