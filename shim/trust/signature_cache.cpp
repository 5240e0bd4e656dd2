// SPDX-License-Identifier: Apache-2.0
#include "trust/signature_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <ctime>
#include <memory>
#include <random>

#include <nlohmann/json.hpp>

#include "base/files.hpp"
#include "base/image_reference.hpp"
#include "base/unique_fd.hpp"
#include "trust/base64.hpp"
#include "trust/public_key.hpp"  // sha256, to_hex
#include <dirent.h>
#include <stdio.h>  // renameat2

namespace hardrun::trust {
namespace {

using nlohmann::json;

constexpr const char* kMarker = "complete";
constexpr std::size_t kMaxMarkerBytes = 4096;

std::string dump(const json& doc) {
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string rfc3339(std::int64_t unix_seconds) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Error malformed(const std::string& origin, const std::string& what) {
    return Error(ErrorCode::kUntrustedImage, "signature cache file " + origin + ": " + what);
}

// The parsed JSON of `text`, or kInvalidArgument naming `what`.
Result<json> parse_part(const std::string& text, const std::string& what) {
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return Error(ErrorCode::kInvalidArgument, what + " is not valid JSON");
    return doc;
}

// Refuses what another user could have planted or could still change.
Result<void> check_owner_and_mode(const struct stat& st, const std::string& path) {
    if (st.st_uid != ::geteuid()) {
        return Error(ErrorCode::kUntrustedImage, "refusing " + path + ": owned by uid " +
                                                     std::to_string(st.st_uid) + ", not " +
                                                     std::to_string(::geteuid()));
    }
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return Error(ErrorCode::kUntrustedImage,
                     "refusing " + path + ": writable by group or others (mode " + mode + ")");
    }
    return ok();
}

// openat(O_DIRECTORY|O_NOFOLLOW) and the ownership check; an empty fd when it does not exist.
Result<UniqueFd> open_checked_directory(int parent, const std::string& name,
                                        const std::string& path) {
    UniqueFd fd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) return UniqueFd();
        if (errno == ELOOP || errno == ENOTDIR) {
            return Error(ErrorCode::kUntrustedImage,
                         "refusing " + path + ": not a directory (or a symbolic link)");
        }
        return io_error("open " + path, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("stat " + path, errno);
    HARDRUN_RETURN_IF_ERROR(check_owner_and_mode(st, path));
    return fd;
}

// A regular file under `dirfd`, checked and capped; nullopt when absent.
Result<std::optional<std::string>> read_checked_file(int dirfd, const std::string& name,
                                                     const std::string& path,
                                                     std::size_t max_bytes) {
    UniqueFd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) {
        if (errno == ENOENT) return std::optional<std::string>();
        if (errno == ELOOP)
            return Error(ErrorCode::kUntrustedImage, "refusing " + path + ": a symbolic link");
        return io_error("open " + path, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("stat " + path, errno);
    if (!S_ISREG(st.st_mode))
        return Error(ErrorCode::kUntrustedImage, "refusing " + path + ": not a regular file");
    HARDRUN_RETURN_IF_ERROR(check_owner_and_mode(st, path));
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
        return Error(ErrorCode::kUntrustedImage,
                     "refusing " + path + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::read(fd.get(), text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return io_error("read " + path, errno);
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    text.resize(done);
    return std::optional<std::string>(std::move(text));
}

struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};

// Names of the signature files in `dirfd`, sorted: "*.json", temporaries (".*") skipped.
Result<std::vector<std::string>> list_signature_files(int dirfd, const std::string& path) {
    const int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0) return io_error("dup " + path, errno);
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dup));
    if (!dir) {
        ::close(dup);
        return io_error("opendir " + path, errno);
    }
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(dir.get())) {
        const std::string_view name = entry->d_name;
        if (name.empty() || name[0] == '.' || name.size() <= 5 || !name.ends_with(".json"))
            continue;
        if (names.size() == kMaxCachedSignatures) {
            return Error(ErrorCode::kUntrustedImage, "refusing " + path + ": more than " +
                                                         std::to_string(kMaxCachedSignatures) +
                                                         " signatures");
        }
        names.emplace_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

Result<std::int64_t> parse_marker(const std::string& text, const std::string& path) {
    const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || !doc.contains("fetched_at_unix") ||
        !doc["fetched_at_unix"].is_number_integer()) {
        return malformed(path, "expected {\"fetched_at\": ..., \"fetched_at_unix\": <integer>}");
    }
    return doc["fetched_at_unix"].get<std::int64_t>();
}

// Removes a directory of plain files (an old signature set), best effort.
void remove_set(int parent, const std::string& name) {
    UniqueFd fd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.valid()) {
        const int dup = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 0);
        if (std::unique_ptr<DIR, DirCloser> dir(dup >= 0 ? ::fdopendir(dup) : nullptr); dir) {
            while (const dirent* entry = ::readdir(dir.get())) {
                const std::string_view n = entry->d_name;
                if (n != "." && n != "..") ::unlinkat(fd.get(), entry->d_name, 0);
            }
        } else if (dup >= 0) {
            ::close(dup);
        }
    }
    ::unlinkat(parent, name.c_str(), AT_REMOVEDIR);
}

// Writes every entry and the marker into a fresh directory `tmp` under `parent`.
Result<void> write_set(int parent, const std::string& tmp, const std::vector<CacheEntry>& entries,
                       std::int64_t fetched_at) {
    if (::mkdirat(parent, tmp.c_str(), 0700) != 0) return io_error("mkdir " + tmp, errno);
    UniqueFd dir(::openat(parent, tmp.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.valid()) return io_error("open " + tmp, errno);
    for (const auto& entry : entries) {
        HARDRUN_RETURN_IF_ERROR(replace_file_at(dir.get(), entry.name, entry.text, 0600));
    }
    const json marker = {{"fetched_at", rfc3339(fetched_at)}, {"fetched_at_unix", fetched_at}};
    HARDRUN_RETURN_IF_ERROR(replace_file_at(dir.get(), kMarker, dump(marker) + "\n", 0600));
    if (::fsync(dir.get()) != 0) return io_error("fsync " + tmp, errno);
    return ok();
}

// The repository becomes directories, so only a well-formed one will do.
Result<void> check_key(const std::string& repository, const std::string& digest) {
    return check_cache_key(repository, digest);
}

// signatures/<repository components...>/sha256/<hex>
std::vector<std::string> set_components(const std::string& repository, const std::string& digest) {
    return cache_components("signatures", repository, digest);
}

}  // namespace

std::string signature_set_path(const std::string& cache_dir, const std::string& repository,
                               const std::string& digest) {
    std::string path = cache_dir;
    for (const auto& name : set_components(repository, digest)) path += "/" + name;
    return path;
}

Result<CacheEntry> encode_cache_entry(const SignatureEvidence& evidence,
                                      const std::string& fetched_at) {
    json content;
    if (const auto* cosign = std::get_if<CosignSignature>(&evidence.content)) {
        content = {{"kind", "cosign"},
                   {"payload", base64_encode(cosign->payload)},
                   {"signature", base64_encode(cosign->signature)}};
        if (cosign->rekor_bundle) {
            auto rekor =
                parse_part(*cosign->rekor_bundle, "the Rekor bundle of " + evidence.source);
            if (!rekor) return rekor.error();
            content["rekor_bundle"] = std::move(*rekor);
        }
    } else {
        const auto& bundle = std::get<SigstoreBundleSignature>(evidence.content);
        auto doc = parse_part(bundle.bundle_json, "the Sigstore bundle of " + evidence.source);
        if (!doc) return doc.error();
        if (!doc->is_object())
            return Error(ErrorCode::kInvalidArgument,
                         "the Sigstore bundle of " + evidence.source + " is not an object");
        content = {{"kind", "sigstore-bundle"}, {"bundle", std::move(*doc)}};
    }
    // The name is a function of what was signed, not of where or when it was found, so the same
    // signature fetched twice is one file.
    std::string name = to_hex(sha256(dump(content))) + ".json";
    content["source"] = evidence.source;
    content["fetched_at"] = fetched_at;
    return CacheEntry{std::move(name), dump(content) + "\n"};
}

Result<SignatureEvidence> decode_cache_entry(std::string_view text, const std::string& origin) {
    const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return malformed(origin, "not valid JSON");
    if (!doc.is_object()) return malformed(origin, "not a JSON object");
    const auto string_at = [&](const char* key) -> Result<std::string> {
        const auto it = doc.find(key);
        if (it == doc.end() || !it->is_string())
            return malformed(origin, std::string("/") + key + " is missing or not a string");
        return it->get<std::string>();
    };
    auto kind = string_at("kind");
    if (!kind) return kind.error();
    auto source = string_at("source");
    if (!source) return source.error();
    SignatureEvidence evidence{CosignSignature{}, std::move(*source)};
    if (*kind == "cosign") {
        auto payload = string_at("payload");
        if (!payload) return payload.error();
        auto signature = string_at("signature");
        if (!signature) return signature.error();
        auto payload_bytes = base64_decode(*payload);
        if (!payload_bytes)
            return malformed(origin, "/payload: " + payload_bytes.error().message());
        auto signature_bytes = base64_decode(*signature);
        if (!signature_bytes)
            return malformed(origin, "/signature: " + signature_bytes.error().message());
        CosignSignature cosign{std::move(*payload_bytes), std::move(*signature_bytes),
                               std::nullopt};
        if (const auto it = doc.find("rekor_bundle"); it != doc.end() && !it->is_null()) {
            if (!it->is_object()) return malformed(origin, "/rekor_bundle is not an object");
            cosign.rekor_bundle = dump(*it);
        }
        evidence.content = std::move(cosign);
    } else if (*kind == "sigstore-bundle") {
        const auto it = doc.find("bundle");
        if (it == doc.end() || !it->is_object())
            return malformed(origin, "/bundle is missing or not an object");
        evidence.content = SigstoreBundleSignature{dump(*it)};
    } else {
        return malformed(origin, "unknown /kind \"" + *kind + "\"");
    }
    return evidence;
}

Result<void> store_signatures(const std::string& cache_dir, const std::string& repository,
                              const std::string& digest,
                              std::span<const SignatureEvidence> signatures,
                              std::int64_t fetched_at) {
    HARDRUN_RETURN_IF_ERROR(check_key(repository, digest));
    if (fetched_at < 0) fetched_at = static_cast<std::int64_t>(std::time(nullptr));
    std::vector<CacheEntry> entries;
    for (const auto& evidence : signatures) {
        auto entry = encode_cache_entry(evidence, rfc3339(fetched_at));
        if (!entry) return entry.error();
        entries.push_back(std::move(*entry));
    }
    const std::string parent_path = cache_dir + "/signatures/" + repository + "/sha256";
    HARDRUN_RETURN_IF_ERROR(make_directories(parent_path, 0700));
    UniqueFd parent(::open(parent_path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!parent.valid()) return io_error("open " + parent_path, errno);

    const std::string hex = digest.substr(7);
    const std::string tmp = "." + hex + ".new-" + std::to_string(std::random_device{}());
    if (auto written = write_set(parent.get(), tmp, entries, fetched_at); !written) {
        remove_set(parent.get(), tmp);
        return written.error().with_context("store signatures of " + digest);
    }
    // Exchange when a set exists (the old one ends up at `tmp` and is removed), else rename.
    if (::renameat2(parent.get(), tmp.c_str(), parent.get(), hex.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno != ENOENT ||
            ::renameat(parent.get(), tmp.c_str(), parent.get(), hex.c_str()) != 0) {
            const int err = errno;
            remove_set(parent.get(), tmp);
            return io_error("store signatures of " + digest + ": rename into " + parent_path, err);
        }
    }
    remove_set(parent.get(), tmp);
    if (::fsync(parent.get()) != 0) return io_error("fsync " + parent_path, errno);
    return ok();
}

Result<CachedSignatures> load_signatures(const std::string& cache_dir, const std::string& repository,
                                         const std::string& digest) {
    HARDRUN_RETURN_IF_ERROR(check_key(repository, digest));
    CachedSignatures cached;
    UniqueFd fd(::open(cache_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) return cached;
        return io_error("open " + cache_dir, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("stat " + cache_dir, errno);
    HARDRUN_RETURN_IF_ERROR(check_owner_and_mode(st, cache_dir));
    std::string path = cache_dir;
    for (const std::string& name : set_components(repository, digest)) {
        path += "/" + name;
        auto next = open_checked_directory(fd.get(), name, path);
        if (!next) return next.error();
        if (!next->valid()) return cached;
        fd = std::move(*next);
    }
    auto marker = read_checked_file(fd.get(), kMarker, path + "/" + kMarker, kMaxMarkerBytes);
    if (!marker) return marker.error();
    if (*marker) {
        auto at = parse_marker(**marker, path + "/" + kMarker);
        if (!at) return at.error();
        cached.fetched = true;
        cached.fetched_at = *at;
    }
    auto names = list_signature_files(fd.get(), path);
    if (!names) return names.error();
    for (const auto& name : *names) {
        const std::string file = path + "/" + name;
        auto text = read_checked_file(fd.get(), name, file, kMaxCacheFileBytes);
        if (!text) return text.error();
        if (!*text) continue;  // removed since the listing
        auto evidence = decode_cache_entry(**text, file);
        if (!evidence) return evidence.error();
        cached.signatures.push_back(std::move(*evidence));
    }
    return cached;
}

}  // namespace hardrun::trust
