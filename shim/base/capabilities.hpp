// SPDX-License-Identifier: Apache-2.0
// The Linux capability names the kernel knows (up to CAP_CHECKPOINT_RESTORE, 40).
#pragma once

#include <span>
#include <string_view>

namespace hardrun {

std::span<const std::string_view> all_capability_names();
bool is_capability_name(std::string_view name);

}  // namespace hardrun
