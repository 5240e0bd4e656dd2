// SPDX-License-Identifier: Apache-2.0
// The rewrite passes. Each is pure and idempotent: it reads only the spec and the context,
// edits only the fields it owns (through JSON pointers, so unknown fields survive), and
// returns what it changed. Process passes take the pointer of the process object, so the same
// code hardens config.json's "/process" and an exec's process.json ("").
#pragma once

#include <string>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"
#include "spec/context.hpp"

namespace hardrun::spec {

using Changes = std::vector<Change>;

// Process object passes (base = "/process" or "").
Result<Changes> restrict_capabilities(Json& doc, const std::string& base,
                                      const std::vector<std::string>& allowed);
Result<Changes> drop_root_user(Json& doc, const std::string& base, const policy::UserPolicy& user);
Result<Changes> set_no_new_privileges(Json& doc, const std::string& base, bool required);
Result<Changes> set_apparmor_profile(Json& doc, const std::string& base, const std::string& profile);

// config.json passes.
Result<Changes> pass_capabilities(Json& spec, const RewriteContext& ctx);
Result<Changes> pass_user(Json& spec, const RewriteContext& ctx);
Result<Changes> pass_no_new_privileges(Json& spec, const RewriteContext& ctx);
Result<Changes> pass_apparmor(Json& spec, const RewriteContext& ctx);
Result<Changes> pass_readonly_rootfs(Json& spec, const RewriteContext& ctx);
Result<Changes> pass_masked_paths(Json& spec, const RewriteContext& ctx);
Result<Changes> pass_seccomp(Json& spec, const RewriteContext& ctx);
Result<Changes> pass_pids_limit(Json& spec, const RewriteContext& ctx);

}  // namespace hardrun::spec
