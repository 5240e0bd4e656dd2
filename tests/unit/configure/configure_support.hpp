// SPDX-License-Identifier: Apache-2.0
// Helpers for the configure tests: fixtures and reading a TOML result back.
#pragma once

#include <string>

#include "base/files.hpp"
#include <toml++/toml.h>

namespace hardrun::testing {

inline std::string configure_fixture(const std::string& name) {
    auto text = read_file(
        std::string(HARDRUN_SOURCE_DIR) + "/tests/unit/configure/fixtures/" + name, 1 << 20);
    return text ? *text : "(missing fixture " + name + ")";
}

// The string at a key path, or "(absent)".
inline std::string toml_value(const std::string& text,
                              std::initializer_list<std::string_view> path) {
    const toml::table doc = toml::parse(text);
    const toml::node* node = &doc;
    for (const auto key : path) {
        const toml::table* table = node != nullptr ? node->as_table() : nullptr;
        node = table != nullptr ? table->get(key) : nullptr;
    }
    const auto* value = node != nullptr ? node->as_string() : nullptr;
    return value != nullptr ? value->get() : "(absent)";
}

}  // namespace hardrun::testing
