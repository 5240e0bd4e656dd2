// SPDX-License-Identifier: Apache-2.0
// The node-local signature cache, keyed by repository and manifest digest (the same manifest
// in two repositories has two sets of signatures, each from its own registry):
//   <cache_dir>/signatures/<repository>/sha256/<hex>/    e.g. signatures/127.0.0.1:5000/app/sha256/…
//       <sha256 of the signature's canonical content>.json   one per signature
//       complete                                             this digest was fetched, and when
// Each signature file is {"kind":"cosign","payload":b64,"signature":b64,"rekor_bundle":{...}?,
// "source":"...","fetched_at":"RFC3339"} or {"kind":"sigstore-bundle","bundle":{...},
// "source":"...","fetched_at":"RFC3339"}. `complete` is {"fetched_at":"RFC3339",
// "fetched_at_unix":N}: a fetch that found nothing differs from no fetch at all.
//
// store_signatures replaces the whole set of a digest at once: it builds a new directory
// beside the old one and exchanges the two (renameat2 RENAME_EXCHANGE), so a reader sees the
// old set or the new one. Directories are created 0700, files 0600.
//
// load_signatures runs on every container start and stays lean: one openat per path
// component (O_DIRECTORY|O_NOFOLLOW), one per file (O_NOFOLLOW), sizes capped. Anything not
// owned by the effective uid or writable by group or others is refused (kUntrustedImage naming
// it); a malformed file is refused (kUntrustedImage naming it). Whether a signature is valid is
// decided by the signature policy, not here.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "trust/signature.hpp"

namespace hardrun::trust {

inline constexpr std::size_t kMaxCachedSignatures = 256;
inline constexpr std::size_t kMaxCacheFileBytes = 4 * 1024 * 1024;

struct CachedSignatures {
    bool fetched = false;         // a `complete` marker exists
    std::int64_t fetched_at = 0;  // Unix seconds of that fetch; 0 when not fetched
    std::vector<SignatureEvidence> signatures;
};

// Replaces the cached set for `repository` (normalised, "docker.io/library/busybox") and
// `digest` ("sha256:<64 hex>") with `signatures` and marks it fetched at `fetched_at` (Unix
// seconds; now when negative). kInvalidArgument for a malformed repository or digest or evidence whose JSON parts do not parse; kIo for file system failures.
Result<void> store_signatures(const std::string& cache_dir, const std::string& repository,
                              const std::string& digest,
                              std::span<const SignatureEvidence> signatures,
                              std::int64_t fetched_at = -1);

// The cached set for `repository` and `digest`; {fetched = false} when nothing was ever stored.
Result<CachedSignatures> load_signatures(const std::string& cache_dir, const std::string& repository,
                                         const std::string& digest);

// The directory holding the set of repository@digest (it may not exist); store_signatures
// replaces it as a whole, so its inode tells one fetched set from the next. Expects a key
// load_signatures accepts.
std::string signature_set_path(const std::string& cache_dir, const std::string& repository,
                               const std::string& digest);

// The cache file content of one signature (without fetched_at) and its file name; exposed for
// tests and for `hardrunctl` to print what it stored.
struct CacheEntry {
    std::string name;  // "<hex>.json"
    std::string text;  // the JSON document written
};
Result<CacheEntry> encode_cache_entry(const SignatureEvidence& evidence,
                                      const std::string& fetched_at);

// The inverse; kUntrustedImage naming `origin` for anything malformed.
Result<SignatureEvidence> decode_cache_entry(std::string_view text, const std::string& origin);

}  // namespace hardrun::trust
