// SPDX-License-Identifier: Apache-2.0
// Messages for the user, in runc's log format so engines show them: containerd reads the last
// error line of the --log file into "OCI runtime create failed: ...". The same text goes to
// stderr. Never stdout: on create/run/exec it may be the container's console.
#pragma once

#include <optional>
#include <string>

namespace hardrun::audit {

struct RuncLog {
    std::optional<std::string> path;  // --log
    std::string format = "text";      // --log-format: "text" or "json"
};

enum class Level { kWarning, kError };

// Formats one line: {"level":"error","msg":"...","time":"..."} or logrus text.
std::string format_runc_line(const RuncLog& log, Level level, const std::string& message,
                             const std::string& time);

// Appends the line to --log (when given) and writes the message to stderr.
void report(const RuncLog& log, Level level, const std::string& message);

// RFC 3339 UTC time of now.
std::string now_rfc3339();

}  // namespace hardrun::audit
