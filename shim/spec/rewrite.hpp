// SPDX-License-Identifier: Apache-2.0
// The rewrite of a config.json: the passes in a fixed order, each pure and idempotent, so
// rewriting twice gives what rewriting once gave.
#pragma once

#include <span>

#include "spec/passes.hpp"

namespace hardrun::spec {

struct NamedPass {
    const char* name;
    Result<Changes> (*run)(Json& spec, const RewriteContext& ctx);
};

std::span<const NamedPass> rewrite_passes();

// Runs every pass; an error names the pass. On error `spec` may be partly edited: callers
// work on a copy and store only a fully rewritten document.
Result<Changes> rewrite_spec(Json& spec, const RewriteContext& ctx);

}  // namespace hardrun::spec
