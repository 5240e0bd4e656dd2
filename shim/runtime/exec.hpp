// SPDX-License-Identifier: Apache-2.0
// Handing over to the real runtime: find it, make sure it is not hardrun itself, execv it.
#pragma once

#include <string>
#include <vector>

#include "base/result.hpp"

namespace hardrun::runtime {

// The configured path, or the first of the usual runc locations that is executable.
// Refuses a path that is this very binary (hardrun installed as "runc" would loop forever).
Result<std::string> resolve_runtime(const std::string& configured);

// execv(path, argv with argv[0] = path). Returns only on failure.
Result<void> exec_runtime(const std::string& path, const std::vector<std::string>& argv);

}  // namespace hardrun::runtime
