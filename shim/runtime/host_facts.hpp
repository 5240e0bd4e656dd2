// SPDX-License-Identifier: Apache-2.0
// Probes the host once per invocation for the facts passes need (AppArmor on? which profiles?).
#pragma once

#include "spec/context.hpp"

namespace hardrun::runtime {

spec::HostFacts probe_host_facts();

}  // namespace hardrun::runtime
