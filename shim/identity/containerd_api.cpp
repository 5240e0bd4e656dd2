// SPDX-License-Identifier: Apache-2.0
#include "identity/containerd_api.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>

#include "base/json.hpp"
#include "identity/proto_wire.hpp"

namespace hardrun::identity {
namespace {

// Field numbers of containerd's api/services/{containers,images}/v1 messages.
constexpr std::uint32_t kRequestId = 1;            // GetContainerRequest.id, GetImageRequest.name
constexpr std::uint32_t kResponseMessage = 1;      // GetContainerResponse.container, GetImageResponse.image
constexpr std::uint32_t kContainerImage = 3;       // Container.image
constexpr std::uint32_t kContainerExtensions = 10; // Container.extensions, map<string, Any>
constexpr std::uint32_t kMapKey = 1;
constexpr std::uint32_t kMapValue = 2;
constexpr std::uint32_t kAnyValue = 2;             // google.protobuf.Any.value
constexpr std::uint32_t kImageName = 1;            // Image.name
constexpr std::uint32_t kImageTarget = 3;          // Image.target, a Descriptor
constexpr std::uint32_t kDescriptorMediaType = 1;
constexpr std::uint32_t kDescriptorDigest = 2;

constexpr const char* kContainersGet = "/containerd.services.containers.v1.Containers/Get";
constexpr const char* kImagesGet = "/containerd.services.images.v1.Images/Get";

// The fields of one message the caller wants, by number, as protobuf's parser leaves them:
// the last occurrence of a string, all occurrences of an embedded message concatenated.
// Other field numbers, and known numbers with another wire type, are skipped as unknown.
struct Wanted {
    std::uint32_t number;
    bool message;  // embedded message (merged) rather than string (last wins)
    std::string value;
};

bool read_fields(std::string_view bytes, std::initializer_list<Wanted*> wanted) {
    wire::Reader reader(bytes);
    while (const auto field = reader.next()) {
        if (field->type != wire::WireType::kLengthDelimited) continue;
        for (Wanted* w : wanted) {
            if (w->number != field->number) continue;
            if (w->message) {
                w->value.append(field->bytes);
            } else {
                w->value.assign(field->bytes);
            }
        }
    }
    return !reader.failed();
}

Error not_a_message(const char* what) {
    return Error(ErrorCode::kIo, std::string(what) + " is not a valid protobuf message");
}

// Container.extensions: the value bytes of the entry whose key is `key` (the last such entry
// wins, as when protobuf fills a map); nullopt without one.
Result<std::optional<std::string>> find_extension(std::string_view container, std::string_view key) {
    std::optional<std::string> found;
    wire::Reader reader(container);
    while (const auto field = reader.next()) {
        if (field->number != kContainerExtensions || field->type != wire::WireType::kLengthDelimited) continue;
        Wanted entry_key{kMapKey, false, {}};
        Wanted entry_value{kMapValue, true, {}};
        if (!read_fields(field->bytes, {&entry_key, &entry_value})) return not_a_message("GetContainerResponse");
        if (entry_key.value != key) continue;
        Wanted any_value{kAnyValue, false, {}};
        if (!read_fields(entry_value.value, {&any_value})) return not_a_message("GetContainerResponse");
        found = std::move(any_value.value);
    }
    if (reader.failed()) return not_a_message("GetContainerResponse");
    return found;
}

}  // namespace

std::string encode_get_container_request(const std::string& id) {
    std::string out;
    wire::append_bytes_field(out, kRequestId, id);
    return out;
}

std::string encode_get_image_request(const std::string& name) {
    std::string out;
    wire::append_bytes_field(out, kRequestId, name);
    return out;
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
    if (bytes.size() > kMaxGrpcResponse) return not_a_message("GetContainerResponse");
    Wanted container{kResponseMessage, true, {}};
    if (!read_fields(bytes, {&container})) return not_a_message("GetContainerResponse");
    Wanted image{kContainerImage, false, {}};
    if (!read_fields(container.value, {&image})) return not_a_message("GetContainerResponse");
    ContainerRecord rec;
    rec.image = std::move(image.value);
    auto extension = find_extension(container.value, kCriMetadataExtension);
    if (!extension) return extension.error();
    if (*extension) {
        auto ref = parse_cri_metadata(**extension);
        if (!ref) return ref.error();
        rec.cri_image_ref = std::move(*ref);
    }
    return rec;
}

Result<ImageRecord> decode_get_image_response(std::string_view bytes) {
    if (bytes.size() > kMaxGrpcResponse) return not_a_message("GetImageResponse");
    Wanted image{kResponseMessage, true, {}};
    if (!read_fields(bytes, {&image})) return not_a_message("GetImageResponse");
    Wanted name{kImageName, false, {}};
    Wanted target{kImageTarget, true, {}};
    if (!read_fields(image.value, {&name, &target})) return not_a_message("GetImageResponse");
    Wanted media_type{kDescriptorMediaType, false, {}};
    Wanted digest{kDescriptorDigest, false, {}};
    if (!read_fields(target.value, {&media_type, &digest})) return not_a_message("GetImageResponse");
    return ImageRecord{std::move(name.value), std::move(media_type.value), std::move(digest.value)};
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
