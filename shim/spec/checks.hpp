// SPDX-License-Identifier: Apache-2.0
// What the policy forbids outright: privileged-shaped specs, host namespaces, binds of
// protected host paths, host devices beyond the standard set, unsafe sysctls, and AppArmor a
// rule requires where the host has none. Pure: judged on the spec as the engine wrote it.
#pragma once

#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"
#include "spec/context.hpp"

namespace hardrun::spec {

Result<std::vector<Violation>> check_spec(const Json& spec, const RewriteContext& ctx);

}  // namespace hardrun::spec
