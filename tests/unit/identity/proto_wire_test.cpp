// SPDX-License-Identifier: Apache-2.0
// hardrun's protobuf wire reader against protobuf's own parser: for every input here, the
// reader must reach the same answer as the generated classes (accept with the same values, or
// refuse).
#include <catch2/catch.hpp>

#include "containerd_containers.pb.h"
#include "containerd_images.pb.h"
#include "identity/containerd_api.hpp"
#include "identity/proto_wire.hpp"

using namespace hardrun::identity;
namespace containers = containerd::services::containers::v1;
namespace images = containerd::services::images::v1;

namespace {

std::string field(std::uint32_t number, const std::string& value) {
    std::string out;
    wire::append_bytes_field(out, number, value);
    return out;
}

std::string varint_field(std::uint32_t number, std::uint64_t value) {
    std::string out(1, static_cast<char>(number << 3));
    do {
        const auto byte = static_cast<char>((value & 0x7f) | (value >= 0x80 ? 0x80 : 0));
        out.push_back(byte);
        value >>= 7;
    } while (value != 0);
    return out;
}

std::string image_message(const std::string& name, const std::string& digest) {
    return field(1, name) + field(3, field(1, "application/vnd.oci.image.manifest.v1+json") + field(2, digest));
}

// Both parsers on the same bytes: either both refuse, or both give the same name and digest.
void same_image_as_protobuf(const std::string& bytes) {
    images::GetImageResponse reference;
    const bool protobuf_ok = reference.ParseFromString(bytes);
    auto ours = decode_get_image_response(bytes);
    REQUIRE(static_cast<bool>(ours) == protobuf_ok);
    if (!protobuf_ok) return;
    CHECK(ours->name == reference.image().name());
    CHECK(ours->digest == reference.image().target().digest());
    CHECK(ours->media_type == reference.image().target().media_type());
}

}  // namespace

TEST_CASE("the wire reader walks varint, fixed and length-delimited fields", "[identity][wire]") {
    const std::string msg = varint_field(1, 300) + std::string("\x11", 1) + std::string(8, '\x07') +
                            field(3, "abc") + std::string("\x25\x01\x02\x03\x04", 5);
    wire::Reader reader(msg);
    auto f = reader.next();
    REQUIRE(f);
    CHECK(f->number == 1);
    CHECK(f->varint == 300);
    f = reader.next();
    REQUIRE(f);
    CHECK(f->type == wire::WireType::kFixed64);
    CHECK(f->bytes.size() == 8);
    f = reader.next();
    REQUIRE(f);
    CHECK(f->number == 3);
    CHECK(f->bytes == "abc");
    f = reader.next();
    REQUIRE(f);
    CHECK(f->type == wire::WireType::kFixed32);
    CHECK_FALSE(reader.next());
    CHECK_FALSE(reader.failed());
}

TEST_CASE("malformed wire input stops the reader with failed()", "[identity][wire]") {
    const auto bytes = GENERATE(as<std::string>{},
        std::string("\x0a\x05" "abc", 5),                  // length past the end
        std::string("\x08\x80", 2),                        // truncated varint
        std::string("\x08") + std::string(10, '\x80') + "\x01",  // varint over 10 bytes
        std::string("\x00\x01", 2),                        // field number 0
        std::string("\x0b", 1),                            // start group (wire type 3)
        std::string("\x0e", 1),                            // wire type 6
        std::string("\x09\x01\x02", 3),                    // fixed64 cut short
        std::string("\x80\x80\x80\x80\x80\x01", 6));       // field number beyond 2^29-1
    wire::Reader reader(bytes);
    while (reader.next()) {
    }
    CHECK(reader.failed());
}

TEST_CASE("the wire reader agrees with protobuf on merged, repeated and unknown fields", "[identity][wire]") {
    const std::string d1 = "sha256:" + std::string(64, 'a');
    const std::string d2 = "sha256:" + std::string(64, 'b');
    const auto bytes = GENERATE_COPY(as<std::string>{},
        field(1, image_message("a:1", d1)),
        // the image message twice: the two merge, later fields win
        field(1, image_message("a:1", d1)) + field(1, field(1, "b:2")),
        field(1, image_message("a:1", d1)) + field(1, field(3, field(2, d2))),
        // unknown fields of every wire type, before and inside
        varint_field(7, 1) + field(9, "x") + field(1, varint_field(15, 99) + image_message("a:1", d1)),
        // a known field number with the wrong wire type is an unknown field
        field(1, varint_field(1, 5) + image_message("c:3", d1)),
        // the string repeated: the last one wins
        field(1, field(1, "first") + field(1, "second")),
        // empty message, and a message with only a target
        std::string(),
        field(1, field(3, field(2, d2))),
        // malformed inside the embedded message
        field(1, std::string("\x0a\x09" "short", 7)));
    same_image_as_protobuf(bytes);
}

TEST_CASE("the CRI extension is found among map entries as protobuf fills the map", "[identity][wire]") {
    const std::string meta1 = R"({"Version":"v1","Metadata":{"ImageRef":"sha256:)" + std::string(64, '1') + R"("}})";
    const std::string meta2 = R"({"Version":"v1","Metadata":{"ImageRef":"sha256:)" + std::string(64, '2') + R"("}})";
    const auto entry = [](const std::string& key, const std::string& value) {
        return field(10, field(1, key) + field(2, field(1, "type") + field(2, value)));
    };
    const std::string key(kCriMetadataExtension);
    // Two entries with the same key: the last wins. Another key is ignored.
    const std::string container = field(3, "") + entry(key, meta1) + entry("other", "junk") + entry(key, meta2);
    const std::string bytes = field(1, container);
    containers::GetContainerResponse reference;
    REQUIRE(reference.ParseFromString(bytes));
    auto ours = decode_get_container_response(bytes);
    REQUIRE(ours);
    CHECK(ours->cri_image_ref == "sha256:" + std::string(64, '2'));
    CHECK_THAT(reference.container().extensions().at(key).value(), Catch::Contains(std::string(64, '2')));
}
