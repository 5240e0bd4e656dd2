// SPDX-License-Identifier: Apache-2.0
// The two containerd API calls identity needs, typed: Containers/Get and Images/Get, in the
// namespace the runtime was called for (metadata header "containerd-namespace"). The encode and
// decode functions are pure and tested on their own; ContainerdClient adds the transport.
// The wire format is read and written by proto_wire.hpp.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "identity/grpc_call.hpp"

namespace hardrun::identity {

// The container extension containerd's CRI plugin writes: JSON {"Version":"v1","Metadata":
// {"ImageRef":"sha256:<config>",...}} inside a google.protobuf.Any.
inline constexpr std::string_view kCriMetadataExtension = "io.cri-containerd.container.metadata";

struct ContainerRecord {
    std::string image;          // Container.image, an image name; "" for CRI containers
    std::string cri_image_ref;  // Metadata.ImageRef of the CRI extension; "" without one
};

struct ImageRecord {
    std::string name;
    std::string media_type;  // Image.target.media_type (a manifest or an index)
    std::string digest;      // Image.target.digest
};

std::string encode_get_container_request(const std::string& id);
std::string encode_get_image_request(const std::string& name);

// kIo for bytes that are not the message; kInvalidSpec for a CRI extension that is not the
// JSON described above.
Result<ContainerRecord> decode_get_container_response(std::string_view bytes);
Result<ImageRecord> decode_get_image_response(std::string_view bytes);

// Metadata.ImageRef from the CRI extension's JSON.
Result<std::string> parse_cri_metadata(std::string_view json);

class ContainerdClient {
public:
    // Connects to containerd's gRPC socket; every call made through this client ends by
    // `deadline`.
    static Result<ContainerdClient> connect(const std::string& socket_path, const std::string& ns,
                                            Deadline deadline);
    // For tests: a connected socket speaking containerd's API.
    ContainerdClient(GrpcConnection connection, const std::string& ns, Deadline deadline);

    Result<ContainerRecord> get_container(const std::string& id);
    Result<ImageRecord> get_image(const std::string& name);

private:
    GrpcConnection connection_;
    Metadata metadata_;
    Deadline deadline_;
};

}  // namespace hardrun::identity
