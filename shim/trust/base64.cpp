// SPDX-License-Identifier: Apache-2.0
#include "trust/base64.hpp"

#include <array>
#include <cstdint>

namespace hardrun::trust {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int kInvalid = -1;

constexpr std::array<int, 256> make_table() {
    std::array<int, 256> table{};
    for (auto& entry : table) entry = kInvalid;
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return table;
}

constexpr std::array<int, 256> kTable = make_table();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

Error bad(const std::string& what, std::size_t offset) {
    return Error(ErrorCode::kInvalidArgument,
                 "invalid base64: " + what + " at byte " + std::to_string(offset));
}

}  // namespace

Result<std::string> base64_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    std::uint32_t group = 0;   // up to four 6-bit values
    std::size_t in_group = 0;  // how many of them
    std::size_t padding = 0;   // '=' seen; only whitespace may follow the group they end
    std::size_t last_offset = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_space(c)) continue;
        last_offset = i;
        if (c == '=') {
            if (in_group < 2 || in_group + padding >= 4) return bad("misplaced '='", i);
            ++padding;
            continue;
        }
        if (padding > 0) return bad("data after '=' padding", i);
        const int value = kTable[static_cast<unsigned char>(c)];
        if (value == kInvalid) {
            return bad("character 0x" + std::string(1, "0123456789abcdef"[(c >> 4) & 0xf]) +
                           std::string(1, "0123456789abcdef"[c & 0xf]) + " outside the alphabet",
                       i);
        }
        group = (group << 6) | static_cast<std::uint32_t>(value);
        if (++in_group == 4) {
            out.push_back(static_cast<char>((group >> 16) & 0xff));
            out.push_back(static_cast<char>((group >> 8) & 0xff));
            out.push_back(static_cast<char>(group & 0xff));
            group = 0;
            in_group = 0;
        }
    }
    if (in_group == 0 && padding == 0) return out;
    if (in_group + padding != 4) return bad("truncated input (missing '=' padding)", last_offset);
    if (in_group == 2) {  // 12 bits: one byte, 4 spare bits that must be zero
        if ((group & 0xf) != 0) return bad("non-zero trailing bits", last_offset);
        out.push_back(static_cast<char>((group >> 4) & 0xff));
    } else {  // 18 bits: two bytes, 2 spare bits
        if ((group & 0x3) != 0) return bad("non-zero trailing bits", last_offset);
        out.push_back(static_cast<char>((group >> 10) & 0xff));
        out.push_back(static_cast<char>((group >> 2) & 0xff));
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(v >> shift) & 0x3f]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t v = byte(i) << 16;
        out.push_back(kAlphabet[(v >> 18) & 0x3f]);
        out.push_back(kAlphabet[(v >> 12) & 0x3f]);
        out += "==";
    } else if (rest == 2) {
        const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8);
        out.push_back(kAlphabet[(v >> 18) & 0x3f]);
        out.push_back(kAlphabet[(v >> 12) & 0x3f]);
        out.push_back(kAlphabet[(v >> 6) & 0x3f]);
        out += "=";
    }
    return out;
}

}  // namespace hardrun::trust
