// SPDX-License-Identifier: Apache-2.0
// The protobuf wire format, as much of it as identity's four containerd messages need: field
// tags, varints and length-delimited fields. Hand-written so that the runtime links no
// protobuf library (protobuf-lite's static initialisers cost ~0.7 ms on every exec).
//
// Reading follows protobuf's parser: fields in any order, unknown fields skipped, the last
// value of a scalar field wins, and repeated occurrences of an embedded message merge (which
// is the same as reading their bytes one after the other). Anything malformed (a truncated
// varint or field, a varint over 10 bytes, field number 0, the group wire types 3 and 4, wire
// types 6 and 7) is an error, never a read past the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hardrun::identity::wire {

enum class WireType : std::uint8_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

struct Field {
    std::uint32_t number = 0;
    WireType type = WireType::kVarint;
    std::uint64_t varint = 0;  // kVarint
    std::string_view bytes;    // kLengthDelimited: the payload; kFixed32/64: the raw bytes
};

class Reader {
public:
    explicit Reader(std::string_view message) : rest_(message) {}

    // The next field; nullopt at the end of the message or, with failed() set, on malformed
    // input (the reader then stays at the end).
    std::optional<Field> next();
    bool failed() const { return failed_; }

private:
    std::optional<std::uint64_t> read_varint();
    std::optional<Field> fail();

    std::string_view rest_;
    bool failed_ = false;
};

// Appends field `number` as a length-delimited field holding `value`.
void append_bytes_field(std::string& out, std::uint32_t number, std::string_view value);

}  // namespace hardrun::identity::wire
