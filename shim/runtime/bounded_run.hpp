// SPDX-License-Identifier: Apache-2.0
// Runs a helper program to completion within a hard deadline: the one child process the
// create path may start, and only on a cold signature cache (`hardrunctl trust fetch`).
// stdin and stdout are /dev/null (hardrun's stdout may be the container's console); stderr
// is captured (up to 4 KiB) so the helper's error can be shown to the user.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hardrun::runtime {

struct BoundedRunResult {
    int exit_code = -1;       // -1 when killed by a signal or at the deadline
    bool timed_out = false;   // killed with SIGKILL at the deadline
    std::string stderr_text;  // trailing whitespace removed
};

// kIo when the program cannot be started. A non-zero exit or a timeout is not an error here:
// the caller decides what it means.
Result<BoundedRunResult> run_bounded(const std::string& path, const std::vector<std::string>& argv,
                                     std::chrono::milliseconds deadline);

}  // namespace hardrun::runtime
