// SPDX-License-Identifier: Apache-2.0
// The seccomp profile model: OCI `linux.seccomp` objects (what runc reads) as JSON documents,
// the shipped default profile, a strict shape check and a "permits nothing more than" relation.
// Everything here is pure: no system calls, no libseccomp (see seccomp_compile.hpp for that).
#pragma once

#include <string>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"

namespace hardrun::profiles {

// The shipped default profile (profiles/seccomp/default.json), parsed once from the copy
// embedded at build time. Should the embedded text ever fail to parse, this returns a
// discarded value that validate_seccomp_profile rejects, so callers that validate fail closed;
// the unit tests make sure it does parse and validate.
const Json& default_seccomp_profile();

// Checks the shape of an OCI linux.seccomp object strictly, as runc and the runtime-spec read it:
//   defaultAction      a known SCMP_ACT_* string, not SCMP_ACT_NOTIFY (runc refuses that)
//   defaultErrnoRet    unsigned integer, an errno number (0..4095)
//   architectures      strings naming a SCMP_ARCH_* libseccomp knows
//   flags              SECCOMP_FILTER_FLAG_* strings from the runtime-spec
//   listenerPath/listenerMetadata  strings; listenerPath is required when a rule notifies
//   syscalls[]         objects {names: non-empty array of non-empty strings, action,
//                      errnoRet?, args?[] {index 0..5, value, valueTwo?: uint64, op}}
// Unknown keys are errors: a misspelt "errnoret" silently ignored changes what a container
// may do. Errors are kInvalidSpec with the message "<origin>: <json pointer>: <problem>";
// the pointer is relative to `profile`, "(root)" for the object itself.
Result<void> validate_seccomp_profile(const Json& profile, const std::string& origin);

// True when `candidate` permits nothing that `reference` does not:
//  - candidate's defaultAction denies (SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD,
//    SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP); every other action counts as permitting;
//  - every syscall a candidate rule permits is permitted unconditionally by reference (a
//    permitting rule without args, or reference's default permits and no rule names it), or,
//    when the candidate rule has args, reference has a rule for that name with the same action
//    and the same args (order-insensitive; a missing valueTwo counts as 0);
//  - candidate lists no architecture reference does not filter (a reference that lists none
//    filters the native one only, as runc does); candidate does not ask
//    for SECCOMP_FILTER_FLAG_SPEC_ALLOW unless reference does.
// Total: malformed input in either profile gives false, never an exception.
bool seccomp_at_least_as_strict(const Json& candidate, const Json& reference);

// Sorted, unique names that have a SCMP_ACT_ALLOW rule, with or without args. Malformed
// rules are skipped.
std::vector<std::string> allowed_syscalls(const Json& profile);

}  // namespace hardrun::profiles
