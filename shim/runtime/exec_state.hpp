// SPDX-License-Identifier: Apache-2.0
// What a container's rule allows an exec into it, saved at create and read at exec, under
// <state_dir>/exec/<hash of --root>/<id>.json (container ids are runc-validated file names).
#pragma once

#include <optional>
#include <string>

#include "base/json.hpp"
#include "base/result.hpp"

namespace hardrun::runtime {

std::string exec_state_path(const std::string& state_dir, const std::string& root,
                            const std::string& id);

Result<void> save_exec_state(const std::string& path, const Json& limits);
// nullopt when there is none (the container was not created through hardrun).
Result<std::optional<Json>> load_exec_state(const std::string& path);
void remove_exec_state(const std::string& path);

}  // namespace hardrun::runtime
