// SPDX-License-Identifier: Apache-2.0
// Bounded, symlink-aware file reads and atomic replacement. Files inside bundles are opened
// relative to the bundle's directory descriptor with O_NOFOLLOW, so a symlink planted in a
// bundle cannot redirect hardrun's reads or writes.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/unique_fd.hpp"

namespace hardrun {

// Opens a directory (following symlinks in `path` itself, which comes from the engine).
Result<UniqueFd> open_directory(const std::string& path);

// Reads a regular file of at most max_bytes; `name` is a single component, not followed if it
// is a symlink. Returns the content and, through mode, its permission bits.
Result<std::string> read_file_at(int dirfd, const std::string& name, std::size_t max_bytes,
                                 mode_t* mode = nullptr);

// Reads the open regular file `fd` (named `what` in errors), at most max_bytes.
Result<std::string> read_open_file(int fd, const std::string& what, std::size_t max_bytes);

// Reads a regular file by path (symlinks followed), at most max_bytes.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes);

// Whether a replaced file must survive a crash. Bundle files need not: a bundle does not
// outlive the machine's uptime, nor does runtime state under /run, so hardrun skips the fsync (about 0.5 ms on a disk-backed /run).
enum class Durability { kDurable, kUntilReboot };

// Writes `content` to a temporary file beside `name`, fsyncs it (kDurable), gives it `mode`,
// and renames it over `name`: readers see the old file or the new one, never a half-written one.
Result<void> replace_file_at(int dirfd, const std::string& name, std::string_view content,
                             mode_t mode, Durability durability = Durability::kDurable);

// Same, by path: the directory of `path` is opened first.
Result<void> replace_file(const std::string& path, std::string_view content, mode_t mode,
                          Durability durability = Durability::kDurable);

// mkdir -p with `mode` for the directories it creates.
Result<void> make_directories(const std::string& path, mode_t mode);

}  // namespace hardrun
