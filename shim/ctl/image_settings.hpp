// SPDX-License-Identifier: Apache-2.0
// The `images` section of hardrun's configuration, for the subcommands that work on the image
// cache (trust fetch, trust verify, scan import): $HARDRUN_CONFIG or /etc/hardrun/config.json,
// the built-in defaults when there is no file. A file that exists but does not load is an
// error, as it is for the runtime: acting on defaults the operator did not choose could put
// evidence where the runtime never looks.
#pragma once

#include "base/result.hpp"
#include "cli/options.hpp"
#include "policy/config.hpp"

namespace hardrun::ctl {

Result<policy::ImageSettings> configured_image_settings();

// The image flags a subcommand was given, over `settings`: --policy and --cache-dir (absolute
// paths), --timeout-ms, --no-fetch, and --insecure-registry and --auth-file (each replaces
// its list).
Result<void> apply_image_flags(const cli::ParsedOptions& opts, policy::ImageSettings& settings);

}  // namespace hardrun::ctl
