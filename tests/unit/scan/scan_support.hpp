// SPDX-License-Identifier: Apache-2.0
// Fixtures for the scan tests: the reports in tests/fixtures/scan, as text or with one field
// changed or removed, so each error path is reached from a real-shaped report.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/files.hpp"

namespace hardrun::testing {

inline std::string scan_fixture_path(const std::string& name) {
    return std::string(HARDRUN_FIXTURES) + "/scan/" + name;
}

inline std::string scan_fixture(const std::string& name) {
    auto text = read_file(scan_fixture_path(name), 1 << 24);
    return text ? *text : std::string();
}

inline nlohmann::json scan_fixture_json(const std::string& name) {
    return nlohmann::json::parse(scan_fixture(name));
}

// The fixture with the value at `pointer` replaced (or added).
inline std::string with_field(const std::string& name, const std::string& pointer,
                              const nlohmann::json& value) {
    auto doc = scan_fixture_json(name);
    doc[nlohmann::json::json_pointer(pointer)] = value;
    return doc.dump();
}

// The fixture without the member at `pointer`.
inline std::string without_field(const std::string& name, const std::string& pointer) {
    auto doc = scan_fixture_json(name);
    const nlohmann::json::json_pointer ptr(pointer);
    doc[ptr.parent_pointer()].erase(ptr.back());
    return doc.dump();
}

}  // namespace hardrun::testing
