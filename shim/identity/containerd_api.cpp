// SPDX-License-Identifier: Apache-2.0
#include "identity/containerd_api.hpp"

#include "base/json.hpp"
#include "containerd_containers.pb.h"
#include "containerd_images.pb.h"

namespace hardrun::identity {
namespace {

namespace containers = containerd::services::containers::v1;
namespace images = containerd::services::images::v1;

constexpr const char* kContainersGet = "/containerd.services.containers.v1.Containers/Get";
constexpr const char* kImagesGet = "/containerd.services.images.v1.Images/Get";

template <typename Message>
Result<Message> parse_message(std::string_view bytes, const char* what) {
    Message m;
    // ParseFromArray takes an int size; our responses are bounded by kMaxGrpcResponse.
    if (bytes.size() > kMaxGrpcResponse || !m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return Error(ErrorCode::kIo, std::string(what) + " is not a valid protobuf message");
    }
    return m;
}

}  // namespace

std::string encode_get_container_request(const std::string& id) {
    containers::GetContainerRequest req;
    req.set_id(id);
    return req.SerializeAsString();
}

std::string encode_get_image_request(const std::string& name) {
    images::GetImageRequest req;
    req.set_name(name);
    return req.SerializeAsString();
}

Result<std::string> parse_cri_metadata(std::string_view json) {
    auto doc = parse_json(json, std::string(kCriMetadataExtension));
    if (!doc) return doc.error();
    auto version = get_string(*doc, "/Version");
    if (!version) return version.error();
    if (*version != "v1") {
        return Error(ErrorCode::kInvalidSpec, std::string(kCriMetadataExtension) + ": /Version is \"" +
                                                  version->value_or("") + "\", not \"v1\"");
    }
    auto ref = get_string(*doc, "/Metadata/ImageRef");
    if (!ref) return ref.error().with_context(std::string(kCriMetadataExtension));
    if (!*ref || (*ref)->empty()) {
        return Error(ErrorCode::kInvalidSpec, std::string(kCriMetadataExtension) + ": /Metadata/ImageRef is missing");
    }
    return std::move(**ref);
}

Result<ContainerRecord> decode_get_container_response(std::string_view bytes) {
    auto resp = parse_message<containers::GetContainerResponse>(bytes, "GetContainerResponse");
    if (!resp) return resp.error();
    ContainerRecord rec;
    rec.image = resp->container().image();
    const auto& ext = resp->container().extensions();
    if (const auto it = ext.find(std::string(kCriMetadataExtension)); it != ext.end()) {
        auto ref = parse_cri_metadata(it->second.value());
        if (!ref) return ref.error();
        rec.cri_image_ref = std::move(*ref);
    }
    return rec;
}

Result<ImageRecord> decode_get_image_response(std::string_view bytes) {
    auto resp = parse_message<images::GetImageResponse>(bytes, "GetImageResponse");
    if (!resp) return resp.error();
    const auto& image = resp->image();
    return ImageRecord{image.name(), image.target().media_type(), image.target().digest()};
}

Result<ContainerdClient> ContainerdClient::connect(const std::string& socket_path, const std::string& ns,
                                                   Deadline deadline) {
    auto conn = GrpcConnection::connect_unix(socket_path, deadline);
    if (!conn) return conn.error();
    return ContainerdClient(std::move(*conn), ns, deadline);
}

ContainerdClient::ContainerdClient(GrpcConnection connection, const std::string& ns, Deadline deadline)
    : connection_(std::move(connection)), metadata_{{"containerd-namespace", ns}}, deadline_(deadline) {}

Result<ContainerRecord> ContainerdClient::get_container(const std::string& id) {
    auto resp = connection_.call(kContainersGet, metadata_, encode_get_container_request(id), deadline_);
    if (!resp) return resp.error();
    return decode_get_container_response(*resp);
}

Result<ImageRecord> ContainerdClient::get_image(const std::string& name) {
    auto resp = connection_.call(kImagesGet, metadata_, encode_get_image_request(name), deadline_);
    if (!resp) return resp.error();
    return decode_get_image_response(*resp);
}

}  // namespace hardrun::identity
