// SPDX-License-Identifier: Apache-2.0
// Runs a helper program to completion within a hard deadline: the one child process the
// create path may start, and only when no approval is cached for the image
// (`hardrunctl trust verify`). stdin is /dev/null; stdout (up to 64 KiB, the helper's answer)
// and stderr (up to 4 KiB, its error for the user) are captured, never passed through
// (hardrun's own stdout may be the container's console).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hardrun::runtime {

struct BoundedRunResult {
    int exit_code = -1;       // -1 when killed by a signal or at the deadline
    bool timed_out = false;   // killed with SIGKILL at the deadline
    std::string stdout_text;  // as written, cut at 64 KiB
    std::string stderr_text;  // cut at 4 KiB, trailing whitespace removed
};

// kIo when the program cannot be started. A non-zero exit or a timeout is not an error here:
// the caller decides what it means.
Result<BoundedRunResult> run_bounded(const std::string& path, const std::vector<std::string>& argv,
                                     std::chrono::milliseconds deadline);

}  // namespace hardrun::runtime
