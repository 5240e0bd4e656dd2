// SPDX-License-Identifier: Apache-2.0
#include "bundle/bundle.hpp"

#include "base/files.hpp"
#include "base/glob.hpp"

namespace hardrun::bundle {
namespace {

constexpr std::size_t kMaxSpecBytes = 16 * 1024 * 1024;

Result<Json> read_json_at(int dirfd, const std::string& name, const std::string& shown, mode_t* mode) {
    auto text = read_file_at(dirfd, name, kMaxSpecBytes, mode);
    if (!text) return text.error().with_context(shown);
    auto doc = parse_json(*text, shown);
    if (!doc) return doc.error();
    if (!doc->is_object()) return Error(ErrorCode::kInvalidSpec, shown + ": must be a JSON object");
    return doc;
}

}  // namespace

Result<Bundle> load_bundle(const std::string& path) {
    Bundle b;
    b.path = path.empty() ? "." : path;
    auto dir = open_directory(b.path);
    if (!dir) return dir.error().with_context("bundle");
    b.dir = std::move(*dir);
    auto spec = read_json_at(b.dir.get(), "config.json", b.path + "/config.json", &b.mode);
    if (!spec) return spec.error();
    b.spec = std::move(*spec);
    return b;
}

Result<void> store_spec(const Bundle& bundle, const Json& spec) {
    auto r = replace_file_at(bundle.dir.get(), "config.json", spec.dump(), bundle.mode, Durability::kUntilReboot);
    if (!r) return r.error().with_context("store " + bundle.path + "/config.json");
    return ok();
}

Result<JsonFile> load_json_file(const std::string& path) {
    JsonFile f;
    f.path = path;
    f.name = base_name(path);
    auto fd = open_directory(parent_directory(path));
    if (!fd) return fd.error();
    f.dir = std::move(*fd);
    auto doc = read_json_at(f.dir.get(), f.name, path, &f.mode);
    if (!doc) return doc.error();
    f.doc = std::move(*doc);
    return f;
}

Result<void> store_json_file(const JsonFile& file) {
    auto r = replace_file_at(file.dir.get(), file.name, file.doc.dump(), file.mode, Durability::kUntilReboot);
    if (!r) return r.error().with_context("store " + file.path);
    return ok();
}

}  // namespace hardrun::bundle
