// SPDX-License-Identifier: Apache-2.0
// Fuzzes what identity reads from engines: containerd's Containers/Get and Images/Get
// responses (the hand-written protobuf wire reader), Docker's config.v2.json and
// repositories.json, and CRI-O's images.json. Any bytes give a value or an error, never a
// crash or a read past the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "identity/containerd_api.hpp"
#include "identity/crio_store.hpp"
#include "identity/docker_store.hpp"
#include "identity/proto_wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace hardrun::identity;
    // A copy of exactly `size` bytes, so ASan sees any read past the end.
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    (void)decode_get_container_response(bytes);
    (void)decode_get_image_response(bytes);
    wire::Reader reader(bytes);
    std::size_t fields = 0;
    while (reader.next()) ++fields;
    if (fields > size) __builtin_trap();  // every field takes at least one byte

    if (auto config = parse_container_config(bytes, "fuzz")) {
        (void)match_repositories(bytes, "fuzz", *config);
    }
    CrioAnnotations annotations;
    annotations.image_id = std::string(64, 'a');
    (void)match_crio_images(bytes, "fuzz", annotations);
    return 0;
}
