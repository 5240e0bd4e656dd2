// SPDX-License-Identifier: Apache-2.0
#include "runtime/exec_state.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "base/files.hpp"

namespace hardrun::runtime {
namespace {

// FNV-1a: stable across builds, enough to separate engines' --root directories.
std::string hash_hex(const std::string& text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace

std::string exec_state_path(const std::string& state_dir, const std::string& root,
                            const std::string& id) {
    return state_dir + "/exec/" + hash_hex(root) + "/" + id + ".json";
}

Result<void> save_exec_state(const std::string& path, const Json& limits) {
    HARDRUN_RETURN_IF_ERROR(make_directories(path.substr(0, path.rfind('/')), 0700));
    return replace_file(path, to_text(limits), 0600, Durability::kUntilReboot);
}

Result<std::optional<Json>> load_exec_state(const std::string& path) {
    auto text = read_file(path, 64 * 1024);
    if (!text) {
        if (text.error().code() == ErrorCode::kNotFound) return std::optional<Json>();
        return text.error();
    }
    auto doc = parse_json(*text, path);
    if (!doc) return doc.error();
    return std::optional<Json>(std::move(*doc));
}

void remove_exec_state(const std::string& path) { ::unlink(path.c_str()); }

}  // namespace hardrun::runtime
