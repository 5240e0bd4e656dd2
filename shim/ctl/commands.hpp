// SPDX-License-Identifier: Apache-2.0
// hardrunctl's subcommands. Each takes its arguments (after the subcommand words) and the
// streams to write to, and returns the exit code: 0 success, 1 a finding (invalid file,
// violations), 2 a usage error.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace hardrun::ctl {

using Args = std::span<const std::string_view>;

int policy_check(Args args, std::ostream& out, std::ostream& err);
int explain(Args args, std::ostream& out, std::ostream& err);
int seccomp_check(Args args, std::ostream& out, std::ostream& err);
int configure_engine(Args args, std::ostream& out, std::ostream& err);
int unconfigure_engine(Args args, std::ostream& out, std::ostream& err);
int verify_blob(Args args, std::ostream& out, std::ostream& err);
int scan_import(Args args, std::ostream& out, std::ostream& err);
int trust_fetch(Args args, std::ostream& out, std::ostream& err);
int trust_verify(Args args, std::ostream& out, std::ostream& err);
int image_identity(Args args, std::ostream& out, std::ostream& err);

}  // namespace hardrun::ctl
