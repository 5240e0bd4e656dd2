// SPDX-License-Identifier: Apache-2.0
#include "identity/proto_wire.hpp"

namespace hardrun::identity::wire {
namespace {

constexpr std::size_t kMaxVarintBytes = 10;
constexpr std::uint64_t kMaxFieldNumber = (1U << 29) - 1;

void append_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

}  // namespace

std::optional<Field> Reader::fail() {
    failed_ = true;
    rest_ = {};
    return std::nullopt;
}

std::optional<std::uint64_t> Reader::read_varint() {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < kMaxVarintBytes && i < rest_.size(); ++i) {
        const auto byte = static_cast<std::uint8_t>(rest_[i]);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0) {
            rest_.remove_prefix(i + 1);
            return value;
        }
    }
    return std::nullopt;  // truncated, or longer than any 64-bit value
}

std::optional<Field> Reader::next() {
    if (rest_.empty()) return std::nullopt;
    const auto tag = read_varint();
    if (!tag || (*tag >> 3) == 0 || (*tag >> 3) > kMaxFieldNumber) return fail();
    Field field;
    field.number = static_cast<std::uint32_t>(*tag >> 3);
    std::size_t fixed = 0;
    switch (*tag & 7) {
        case 0: {
            field.type = WireType::kVarint;
            const auto v = read_varint();
            if (!v) return fail();
            field.varint = *v;
            return field;
        }
        case 2: {
            field.type = WireType::kLengthDelimited;
            const auto length = read_varint();
            if (!length || *length > rest_.size()) return fail();
            field.bytes = rest_.substr(0, static_cast<std::size_t>(*length));
            rest_.remove_prefix(static_cast<std::size_t>(*length));
            return field;
        }
        case 1:
            field.type = WireType::kFixed64;
            fixed = 8;
            break;
        case 5:
            field.type = WireType::kFixed32;
            fixed = 4;
            break;
        default:  // 3 and 4 (groups, long deprecated), 6 and 7 (undefined)
            return fail();
    }
    if (rest_.size() < fixed) return fail();
    field.bytes = rest_.substr(0, fixed);
    rest_.remove_prefix(fixed);
    return field;
}

void append_bytes_field(std::string& out, std::uint32_t number, std::string_view value) {
    append_varint(out, (static_cast<std::uint64_t>(number) << 3) | 2);
    append_varint(out, value.size());
    out.append(value);
}

}  // namespace hardrun::identity::wire
