// SPDX-License-Identifier: Apache-2.0
// One requirement object of containers-policy.json(5), parsed with containers/image's rules
// (see containers_policy.hpp). Internal to the signature policy parser.
#pragma once

#include <string>

#include "base/json.hpp"
#include "base/result.hpp"
#include "trust/containers_policy.hpp"

namespace hardrun::trust {

// kInvalidArgument "<path>: <what>"; keys are read through `read_key` and parsed here.
Result<PolicyRequirement> parse_policy_requirement(const Json& node, const std::string& path,
                                                   const KeyFileReader& read_key);

}  // namespace hardrun::trust
