// SPDX-License-Identifier: Apache-2.0
// CRI-O: a drop-in file of its own (crio.conf.d/99-hardrun.conf, read after the main
// crio.conf and the other drop-ins) with a runtime handler
//
//   [crio.runtime.runtimes.<name>]
//     runtime_path = "<path>"
//     runtime_type = "oci"
//
// and with --set-as-default `[crio.runtime] default_runtime = "<name>"`. runtime_root and
// monitor_path are left to CRI-O's defaults: hardrun hands its command line, --root included,
// to runc unchanged, so the handler behaves as CRI-O's runc handler does. Edits follow
// toml_block.hpp, so several names can share the drop-in; unconfigure of the last one leaves
// it empty (the caller removes it).
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "configure/edit.hpp"
#include "configure/toml_block.hpp"

namespace hardrun::configure {

inline constexpr std::string_view kCrioDropIn = "99-hardrun.conf";

TomlPlan crio_plan(const RuntimeEntry& entry);

Result<Edit> crio_configure(std::string_view text, const std::string& origin,
                            const RuntimeEntry& entry);

Result<Edit> crio_unconfigure(std::string_view text, const std::string& origin,
                              const std::string& name);

}  // namespace hardrun::configure
