// SPDX-License-Identifier: Apache-2.0
// Registering a runtime in a TOML file (containerd's config.toml, a CRI-O drop-in) without
// re-serialising it: the file is parsed with toml++ only to validate it and to see what is
// already there; new tables are appended as text between marker comments
//
//   # hardrun: begin runtime "NAME": added by hardrunctl configure, removed by ... unconfigure
//   [some.table.NAME]
//     key = "value"
//   # hardrun: end runtime "NAME"
//
// so every byte before them is kept. A default that must change in an existing table is the
// one line edited in place; the original line is kept in a comment above it:
//
//   # hardrun: replaced for runtime "NAME": default_runtime_name = "runc"
//   default_runtime_name = "NAME"  # hardrun: default runtime "NAME"
//
// A default key absent from its table goes into the block under the table's header, or, when
// the table already has a header of its own (TOML forbids a second), on one marked line right
// under that header. Every edit is re-parsed and must equal the original document plus exactly the
// intended keys; otherwise nothing is returned but an error saying what to add by hand. Removal
// takes out exactly those lines, so configure followed by unconfigure gives back the original
// bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "configure/edit.hpp"

namespace hardrun::configure {

// A table (by key path) and the string values hardrun needs in it.
struct TomlTable {
    std::vector<std::string> path;
    std::vector<std::pair<std::string, std::string>> values;
};

// Where an engine keeps its default runtime's name.
struct TomlDefault {
    std::vector<std::string> table;
    std::string key;
};

struct TomlPlan {
    std::string name;                        // the runtime's name; also marks the block
    std::vector<TomlTable> tables;           // tables[0] is the runtime's own table
    std::optional<TomlDefault> default_key;  // configure: set only with --set-as-default
    std::string new_file_prefix;             // the start of a file that is blank or missing
};

// Adds what the plan lacks. Everything already there with the same values: the text is
// returned unchanged. One of the plan's keys there with another value (or only some of them):
// a conflict, reported as an error that names the table and key. A malformed text: an error
// naming `origin`, line and column.
Result<Edit> toml_add(std::string_view text, const std::string& origin, const TomlPlan& plan);

// Removes the plan's marked block and restores a marked default line. Tables or a default
// that are present without markers were not written by hardrunctl: left alone, with a note.
Result<Edit> toml_remove(std::string_view text, const std::string& origin, const TomlPlan& plan);

// A top-level integer (containerd's `version`): nullopt when absent, an error when not an
// integer or when the text is not valid TOML.
Result<std::optional<std::int64_t>> toml_top_level_integer(std::string_view text,
                                                           const std::string& origin,
                                                           const std::string& key);

// `[a."b.c".d]` for {"a", "b.c", "d"}: bare keys where TOML allows them, quoted otherwise.
std::string toml_header(const std::vector<std::string>& path);

// A TOML basic string with quotes and escapes.
std::string toml_string(std::string_view value);

}  // namespace hardrun::configure
