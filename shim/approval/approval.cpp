// SPDX-License-Identifier: Apache-2.0
#include "approval/approval.hpp"

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <type_traits>
#include <utility>

#include "base/files.hpp"
#include "base/image_reference.hpp"
#include "base/json.hpp"
#include "base/trusted_files.hpp"

namespace hardrun::approval {
namespace {

constexpr int kFormat = 1;
constexpr mode_t kDirectoryMode = 0700;
constexpr mode_t kFileMode = 0600;

std::int64_t nanoseconds(const struct timespec& ts) {
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// approvals/<repository components...>/sha256/<hex>.json
std::vector<std::string> components(const std::string& repository, const std::string& digest) {
    return cache_components("approvals", repository, digest, ".json");
}

Error malformed(const std::string& origin, const std::string& what) {
    return Error(ErrorCode::kInvalidArgument, origin + ": " + what);
}

template <typename T>
Result<T> number_at(const Json& doc, const char* key, const std::string& origin) {
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_number_integer()) return malformed(origin, std::string(key) + " must be an integer");
    if constexpr (std::is_unsigned_v<T>) {
        if (!it->is_number_unsigned()) return malformed(origin, std::string(key) + " must not be negative");
    }
    return it->get<T>();
}

Result<std::string> string_at(const Json& doc, const char* key, const std::string& origin) {
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) return malformed(origin, std::string(key) + " must be a string");
    return it->get<std::string>();
}

Result<Input> decode_input(const Json& node, const std::string& origin) {
    if (!node.is_object()) return malformed(origin, "inputs[] must be objects");
    Input in;
    auto path = string_at(node, "path", origin);
    if (!path) return path.error();
    in.path = std::move(*path);
    if (const auto absent = node.find("absent"); absent != node.end()) {
        if (!absent->is_boolean() || !absent->get<bool>()) return malformed(origin, "inputs[].absent must be true");
        return in;
    }
    in.stamp.exists = true;
    for (auto [key, field] : {std::pair{"dev", &in.stamp.dev}, std::pair{"ino", &in.stamp.ino}}) {
        auto value = number_at<std::uint64_t>(node, key, origin);
        if (!value) return value.error();
        *field = *value;
    }
    for (auto [key, field] : {std::pair{"size", &in.stamp.size}, std::pair{"mtime_ns", &in.stamp.mtime_ns},
                              std::pair{"ctime_ns", &in.stamp.ctime_ns}}) {
        auto value = number_at<std::int64_t>(node, key, origin);
        if (!value) return value.error();
        *field = *value;
    }
    return in;
}

}  // namespace

Result<FileStamp> stamp_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return FileStamp{};
        return io_error("stat " + path, errno);
    }
    return FileStamp{true, static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                     static_cast<std::int64_t>(st.st_size), nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)};
}

std::string encode_approval(const Approval& a) {
    Json inputs = Json::array();
    for (const auto& in : a.inputs) {
        Json node = {{"path", in.path}};
        if (!in.stamp.exists) {
            node["absent"] = true;
        } else {
            node["dev"] = in.stamp.dev;
            node["ino"] = in.stamp.ino;
            node["size"] = in.stamp.size;
            node["mtime_ns"] = in.stamp.mtime_ns;
            node["ctime_ns"] = in.stamp.ctime_ns;
        }
        inputs.push_back(std::move(node));
    }
    const Json doc = {{"format", kFormat},
                      {"hardrun", HARDRUN_VERSION},
                      {"repository", a.repository},
                      {"reference", a.reference},
                      {"digest", a.digest},
                      {"signature_policy", a.signature_policy},
                      {"requirement", a.requirement},
                      {"evidence", a.evidence},
                      {"verified_at", a.verified_at},
                      {"inputs", std::move(inputs)}};
    return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<Approval> decode_approval(std::string_view text, const std::string& origin) {
    auto doc = parse_json(text, origin);
    if (!doc) return doc.error();
    if (!doc->is_object()) return malformed(origin, "not a JSON object");
    auto format = number_at<std::int64_t>(*doc, "format", origin);
    if (!format) return format.error();
    if (*format != kFormat) return malformed(origin, "format " + std::to_string(*format) + " is not " + std::to_string(kFormat));
    auto version = string_at(*doc, "hardrun", origin);
    if (!version) return version.error();
    if (*version != HARDRUN_VERSION) {
        return malformed(origin, "written by hardrun " + *version + ", not " + HARDRUN_VERSION);
    }
    Approval a;
    for (auto [key, field] : {std::pair{"repository", &a.repository}, std::pair{"reference", &a.reference},
                              std::pair{"digest", &a.digest}, std::pair{"signature_policy", &a.signature_policy},
                              std::pair{"requirement", &a.requirement}}) {
        auto value = string_at(*doc, key, origin);
        if (!value) return value.error();
        *field = std::move(*value);
    }
    auto verified = number_at<std::int64_t>(*doc, "verified_at", origin);
    if (!verified) return verified.error();
    a.verified_at = *verified;
    const auto evidence = doc->find("evidence");
    if (evidence == doc->end() || !evidence->is_array()) return malformed(origin, "evidence must be an array");
    for (const auto& line : *evidence) {
        if (!line.is_string()) return malformed(origin, "evidence[] must be strings");
        a.evidence.push_back(line.get<std::string>());
    }
    const auto inputs = doc->find("inputs");
    if (inputs == doc->end() || !inputs->is_array()) return malformed(origin, "inputs must be an array");
    for (const auto& node : *inputs) {
        auto in = decode_input(node, origin);
        if (!in) return in.error();
        a.inputs.push_back(std::move(*in));
    }
    return a;
}

Result<void> store_approval(const std::string& cache_dir, const Approval& approval, std::int64_t settle_ns) {
    HARDRUN_RETURN_IF_ERROR(check_cache_key(approval.repository, approval.digest));
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    for (const auto& in : approval.inputs) {
        if (in.stamp.exists && std::max(in.stamp.mtime_ns, in.stamp.ctime_ns) > nanoseconds(now) - settle_ns) {
            return Error(ErrorCode::kNotFound, in.path + " changed less than " + std::to_string(settle_ns / 1000000) +
                                                   " ms ago; no approval until it has settled");
        }
    }
    std::string path = cache_dir;
    const auto parts = components(approval.repository, approval.digest);
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) path += "/" + parts[i];
    HARDRUN_RETURN_IF_ERROR(make_directories(path, kDirectoryMode));
    return replace_file(path + "/" + parts.back(), encode_approval(approval), kFileMode);
}

Lookup find_approval(const std::string& cache_dir, const std::string& repository, const std::string& reference,
                     const std::string& digest, const std::string& signature_policy, std::int64_t now,
                     uid_t owner) {
    if (auto key = check_cache_key(repository, digest); !key) return {std::nullopt, key.error().message()};
    const auto parts = components(repository, digest);
    auto text = read_trusted_file(cache_dir, parts, kMaxApprovalBytes, owner);
    if (!text) return {std::nullopt, text.error().message()};
    if (!*text) return {std::nullopt, "no approval cached"};
    std::string origin = cache_dir;
    for (const auto& p : parts) origin += "/" + p;
    auto approval = decode_approval(**text, origin);
    if (!approval) return {std::nullopt, approval.error().message()};
    if (approval->repository != repository || approval->digest != digest) {
        return {std::nullopt, origin + " is for another image"};
    }
    if (approval->reference != reference) {
        return {std::nullopt, "approved as \"" + approval->reference + "\", not as \"" + reference + "\""};
    }
    if (approval->signature_policy != signature_policy) {
        return {std::nullopt, "approved under " + approval->signature_policy + ", not " + signature_policy};
    }
    if (approval->verified_at > now || now - approval->verified_at >= kApprovalLifetimeSeconds) {
        return {std::nullopt, "the approval has expired"};
    }
    bool policy_stamped = false;
    for (const auto& in : approval->inputs) {
        auto current = stamp_file(in.path);
        if (!current) return {std::nullopt, current.error().message()};
        if (!(*current == in.stamp)) return {std::nullopt, in.path + " changed since the approval"};
        policy_stamped = policy_stamped || (in.path == signature_policy && in.stamp.exists);
    }
    if (!policy_stamped) return {std::nullopt, origin + " does not record the signature policy"};
    return {std::move(*approval), ""};
}

}  // namespace hardrun::approval
