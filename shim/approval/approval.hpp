// SPDX-License-Identifier: Apache-2.0
// Approvals: signature checks that passed, remembered, so that the next start of the same image
// needs no cryptography. `hardrunctl trust verify` writes one after it accepted an image; the
// runtime accepts that image again on a valid approval and runs the verifier only without one.
//
//   <cache_dir>/approvals/<repository>/sha256/<hex>.json    directories 0700, the file 0600
//   {"format":1, "hardrun":"<version>", "repository":"127.0.0.1:5000/app",
//    "reference":"127.0.0.1:5000/app:1.0", "digest":"sha256:<hex>",
//    "signature_policy":"/etc/containers/policy.json", "requirement":"...", "evidence":["..."],
//    "verified_at":<Unix seconds>,
//    "inputs":[{"path":"/etc/containers/policy.json", "dev":N, "ino":N, "size":N,
//               "mtime_ns":N, "ctime_ns":N}, {"path":"...", "absent":true}, ...]}
//
// An approval holds only while everything the check read is as it was then: the signature
// policy, every key file the policy names, and the digest's signature set (a fetch replaces
// that directory). "As it was" means stat gives the same device, inode, size, modification and
// change time; the change time cannot be set from user space, so an edit cannot hide. It also
// ends after kApprovalLifetimeSeconds, with another hardrun version (the check may have
// changed), and for another reference of the same digest (signedIdentity may match the name).
// Reading it goes through read_trusted_file: owned by `owner`, writable by nobody else.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hardrun::approval {

inline constexpr std::int64_t kApprovalLifetimeSeconds = 24 * 60 * 60;
inline constexpr std::size_t kMaxApprovalBytes = 256 * 1024;

struct FileStamp {
    bool exists = false;
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

// stat(2) of `path`, symbolic links followed (as the check's own reads follow them);
// {exists = false} when it does not exist.
Result<FileStamp> stamp_file(const std::string& path);

struct Input {
    std::string path;
    FileStamp stamp;
    bool operator==(const Input&) const = default;
};

struct Approval {
    std::string repository;        // normalised
    std::string reference;         // the name the check matched signatures against
    std::string digest;            // "sha256:<64 hex>"
    std::string signature_policy;  // the policy file's path
    std::string requirement;
    std::vector<std::string> evidence;
    std::int64_t verified_at = 0;  // Unix seconds
    std::vector<Input> inputs;     // the files the check read, as they were
};

// File times come from a coarse clock (one kernel tick), so a file changed twice within a tick
// can stat the same after the second change. An approval is therefore stored only when every
// input last changed at least `settle` before now: any later change then stats differently.
inline constexpr std::int64_t kSettleNanoseconds = 2'000'000'000;

// Writes the approval (atomically). kInvalidArgument for a malformed repository or digest;
// kNotFound naming the input that changed less than `settle_ns` ago (try again later).
Result<void> store_approval(const std::string& cache_dir, const Approval& approval,
                            std::int64_t settle_ns = kSettleNanoseconds);

struct Lookup {
    std::optional<Approval> approval;  // set when it holds
    std::string miss;                  // else why not, for the decision log
};

// The approval of repository@digest for `reference` under `signature_policy`, if one holds
// now. Never an error: anything unreadable, refused or stale is a miss that says why, and a
// miss only means the full check runs.
Lookup find_approval(const std::string& cache_dir, const std::string& repository,
                     const std::string& reference, const std::string& digest,
                     const std::string& signature_policy, std::int64_t now, uid_t owner = 0);

// The JSON form above, and back; exposed for tests. decode names `origin` in its errors.
std::string encode_approval(const Approval& approval);
Result<Approval> decode_approval(std::string_view text, const std::string& origin);

}  // namespace hardrun::approval
