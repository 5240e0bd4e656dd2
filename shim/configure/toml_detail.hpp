// SPDX-License-Identifier: Apache-2.0
// Internal to the configure module: toml++ parsing with hardrun errors, lines of a text, and
// the marker comments that delimit what hardrunctl wrote (see toml_block.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include <toml++/toml.h>

namespace hardrun::configure::detail {

// Parses; errors name origin, line and column (kInvalidSpec).
Result<toml::table> parse_toml(std::string_view text, const std::string& origin);

// The table at `path`: nullptr when absent; an error when something else is in the way.
Result<const toml::table*> find_table(const toml::table& root,
                                      const std::vector<std::string>& path);

// Same, creating the missing tables.
Result<toml::table*> ensure_table(toml::table& root, const std::vector<std::string>& path);

// `a."b.c".d`: a key path as TOML writes it.
std::string key_path(const std::vector<std::string>& path);

// A node as a message shows it: strings quoted, other values as TOML writes them.
std::string show(const toml::node& node);

bool blank(std::string_view text);

// [begin, end) is a line's content without its '\n'; next is where the following line starts.
struct Line {
    std::size_t begin;
    std::size_t end;
    std::size_t next;
};
std::vector<Line> split_lines(std::string_view text);

// A line without a trailing '\r' and trailing blanks.
std::string_view trim_right(std::string_view line);

// Marker comments, one set per runtime name.
std::string begin_marker(const std::string& name);  // a whole line, as written
std::string begin_prefix(const std::string& name);  // what identifies it
std::string end_marker(const std::string& name);
std::string default_suffix(const std::string& name);   // ends a default line we wrote
std::string replaced_prefix(const std::string& name);  // starts the comment keeping the original
inline constexpr std::string_view kNewlineAdded = " (a newline was added before this block)";

}  // namespace hardrun::configure::detail
