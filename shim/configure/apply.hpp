// SPDX-License-Identifier: Apache-2.0
// The file side of `hardrunctl configure`: read an engine's configuration (missing is not an
// error), keep a backup of it, and replace it atomically. The deciding is done before, by the
// pure edits; nothing here looks inside the text.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <optional>
#include <string>

#include "base/result.hpp"

namespace hardrun::configure {

struct ConfigFile {
    std::string path;  // what is edited: a symbolic link's target, not the link
    bool exists = false;
    std::string text;    // "" when missing
    mode_t mode = 0644;  // a new file's mode; an existing file keeps its own
    uid_t uid = 0;
    gid_t gid = 0;
    std::string note;  // e.g. that `path` came from following a symbolic link
};

// Reads at most 4 MiB of a regular file. A missing file (or a missing parent directory) gives
// exists = false.
Result<ConfigFile> read_config_file(const std::string& path);

// "<path>.hardrun-backup-YYYYMMDDTHHMMSSZ" (UTC).
std::string backup_path(const std::string& path, std::time_t now);

// Copies the existing file to a new backup (same mode and owner, fsynced; "-2", "-3"... is
// appended if that name is taken) and returns its path; "" when there was no file. Then puts
// `after` in place atomically (temporary file, fsync, rename; mode and owner kept; parent
// directories created 0755), or removes the file when `after` is nullopt, and fsyncs the
// directory.
Result<std::string> write_config_file(const ConfigFile& before,
                                      const std::optional<std::string>& after, std::time_t now);

}  // namespace hardrun::configure
