// SPDX-License-Identifier: Apache-2.0
// Evidence files under hardrun's cache directory (scan summaries, approvals): they decide
// whether an image may run, so they are believed only when nobody but their owner could have
// written them. The read walks down from the cache directory one component at a time with
// openat(O_NOFOLLOW), so a symbolic link planted anywhere below it cannot redirect the read,
// and checks every directory below the cache directory, and the file, for:
//   - the owner: `owner` (root, except in tests);
//   - the mode: not writable by group or others;
//   - the file: a regular file of at most `max_bytes`.
// The cache directory itself comes from hardrun's configuration and may be a symbolic link.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hardrun {

// The content of <root>/<components...>; nullopt when the root or any component does not
// exist. kIo naming the offending path for anything refused or unreadable.
Result<std::optional<std::string>> read_trusted_file(const std::string& root,
                                                     const std::vector<std::string>& components,
                                                     std::size_t max_bytes, uid_t owner);

}  // namespace hardrun
