// SPDX-License-Identifier: Apache-2.0
// containerd's config.toml: a runtime handler for the CRI plugin (what a Kubernetes
// RuntimeClass names) that runs hardrun through the runc shim:
//
//   [plugins."<cri>".containerd.runtimes.<name>]
//     runtime_type = "io.containerd.runc.v2"
//   [plugins."<cri>".containerd.runtimes.<name>.options]
//     BinaryName = "<path>"
//
// and with --set-as-default `default_runtime_name = "<name>"` in [plugins."<cri>".containerd].
// <cri> follows the file's `version`: 2 (containerd 1.5 to 1.7, also read by 2.x)
// "io.containerd.grpc.v1.cri"; 3 (containerd 2.x) "io.containerd.cri.v1.runtime"; no version
// key is version 1 (deprecated, containerd 1.x only) "cri". A missing or blank file becomes a
// new version 2 file. Edits follow toml_block.hpp: the rest of the file is kept byte for byte.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "configure/edit.hpp"
#include "configure/toml_block.hpp"

namespace hardrun::configure {

// The plan for a config of that version (1, 2 or 3); an error for any other.
Result<TomlPlan> containerd_plan(std::int64_t version, const RuntimeEntry& entry);

Result<Edit> containerd_configure(std::string_view text, const std::string& origin,
                                  const RuntimeEntry& entry);

Result<Edit> containerd_unconfigure(std::string_view text, const std::string& origin,
                                    const std::string& name);

}  // namespace hardrun::configure
