// SPDX-License-Identifier: Apache-2.0
// Shared helpers for unit tests: fixtures and argv building.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/files.hpp"
#include "base/json.hpp"

namespace hardrun::testing {

inline Json fixture_spec(const std::string& name) {
    auto text = read_file(std::string(HARDRUN_FIXTURES) + "/specs/" + name, 1 << 24);
    auto doc = parse_json(*text, name);
    return *doc;
}

// Splits on spaces; enough for the command lines under test.
inline std::vector<std::string> words(const std::string& line) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < line.size()) {
        auto next = line.find(' ', pos);
        if (next == std::string::npos) next = line.size();
        if (next > pos) out.push_back(line.substr(pos, next - pos));
        pos = next + 1;
    }
    return out;
}

inline std::vector<std::string_view> views(const std::vector<std::string>& items) {
    return {items.begin(), items.end()};
}

}  // namespace hardrun::testing
