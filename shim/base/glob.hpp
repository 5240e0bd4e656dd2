// SPDX-License-Identifier: Apache-2.0
// Shell-style glob matching (fnmatch(3)) and lexical path helpers. Pure: no file system access.
#pragma once

#include <string>
#include <string_view>

namespace hardrun {

// '*' and '?' match any character including '/'; use for annotation values and names.
bool glob_match(const std::string& pattern, const std::string& text);

// '*' does not cross '/'; use for paths.
bool path_glob_match(const std::string& pattern, const std::string& path);

// Collapses "//", "." and ".." lexically; the result is absolute when the input is.
std::string clean_path(std::string_view path);

// The directory part of a path: "." without a slash, "/" for a file at the root.
std::string parent_directory(const std::string& path);

// The last component of a path (the whole path without a slash).
std::string base_name(const std::string& path);

// True when `path` equals `dir` or lies beneath it (both cleaned, absolute).
bool path_is_within(const std::string& path, const std::string& dir);

}  // namespace hardrun
