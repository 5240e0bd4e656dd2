// SPDX-License-Identifier: Apache-2.0
// The libseccomp adapter: turns an OCI linux.seccomp object into a BPF filter the way runc
// 1.1 does, to prove a profile loadable without root and to confine a process in tests.
// libseccomp's headers stay in the .cpp.
//
// What is mirrored from runc: defaultAction/defaultErrnoRet (ERRNO and TRACE default to EPERM),
// SCMP_ACT_KILL meaning kill-thread, per-rule errnoRet, architectures added to the native one,
// the LOG and SPEC_ALLOW flags, binary-tree optimisation above 32 rules, rules whose action
// equals the default skipped, and args: conditions on distinct argument indexes are ANDed in one
// rule, but when any index repeats every condition becomes a rule of its own (ORed).
// What differs: a name libseccomp does not know is an error here (runc logs and skips it; in a
// profile we ship or generate it is a typo), and runc's extra ENOSYS stub for syscall numbers
// above the profile's highest is not added, so those return the default action here.
#pragma once

#include <cstddef>

#include "base/json.hpp"
#include "base/result.hpp"

namespace hardrun::profiles {

// Validates and compiles the profile, exports the BPF program into a memfd and returns its
// length in BPF instructions. kInvalidSpec for profiles runc could not load, naming the field
// or syscall; kIo when memfd/export fail.
Result<std::size_t> compile_seccomp(const Json& profile);

// Compiles the profile, sets no_new_privs and installs the filter on the calling thread
// group. Irreversible: meant for a forked child in tests.
Result<void> install_seccomp(const Json& profile);

}  // namespace hardrun::profiles
