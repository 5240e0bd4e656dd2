// SPDX-License-Identifier: Apache-2.0
#include "configure/docker_config.hpp"

#include <array>

#include "base/json.hpp"

namespace hardrun::configure {
namespace {

// Names dockerd reserves for its built-in runtimes; a daemon.json that redefines one is
// refused by dockerd at start.
constexpr std::array<std::string_view, 4> kReservedNames = {
    "runc", "io.containerd.runc.v1", "io.containerd.runc.v2", "io.containerd.runtime.v1.linux"};

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Result<Json> load(std::string_view text, const std::string& origin) {
    if (blank(text)) return Json::object();
    auto doc = parse_json(text, origin);
    if (!doc) return doc.error();
    if (!doc->is_object()) {
        return Error(ErrorCode::kInvalidSpec,
                     origin + ": not a JSON object (daemon.json must be one)");
    }
    return doc;
}

// Serialises with the file's own indentation: the whitespace that starts its second line
// (tabs or spaces), or four spaces for a new or one-line file. A final newline is kept (and
// added to a new file).
std::string store(const Json& doc, std::string_view before) {
    int width = 4;
    char fill = ' ';
    if (const auto nl = before.find('\n'); nl != std::string_view::npos) {
        const auto first = before.find_first_not_of(" \t", nl + 1);
        if (first != std::string_view::npos && first > nl + 1) {
            width = static_cast<int>(first - nl - 1);
            fill = before[nl + 1];
        }
    }
    std::string out = doc.dump(width, fill, false, Json::error_handler_t::strict);
    if (blank(before) || before.back() == '\n') out += '\n';
    return out;
}

std::string quoted(const std::string& s) { return Json(s).dump(); }

}  // namespace

Result<Edit> docker_configure(std::string_view text, const std::string& origin,
                              const RuntimeEntry& entry) {
    for (const auto reserved : kReservedNames) {
        if (entry.name == reserved) {
            return Error(ErrorCode::kInvalidArgument,
                         "runtime name " + quoted(entry.name) +
                             " is reserved by dockerd; choose another --runtime-name");
        }
    }
    auto loaded = load(text, origin);
    if (!loaded) return loaded.error();
    Json doc = std::move(*loaded);
    Edit edit{std::string(text), {}};
    bool changed = false;

    if (doc.contains("runtimes") && !doc["runtimes"].is_object()) {
        return Error(ErrorCode::kInvalidSpec, origin + ": \"runtimes\" is not an object");
    }
    Json& runtimes = doc["runtimes"];  // created (as null, then an object) when absent
    if (runtimes.is_null()) runtimes = Json::object();
    if (runtimes.contains(entry.name)) {
        const Json& existing = runtimes[entry.name];
        if (!existing.is_object() || existing.value("path", Json()) != Json(entry.path)) {
            return Error(
                ErrorCode::kInvalidArgument,
                origin + ": runtimes." + entry.name + " already exists as " + to_text(existing) +
                    ", not with path " + quoted(entry.path) +
                    "; choose another --runtime-name, or change or remove that entry by hand"
                    " (hardrunctl unconfigure docker removes an entry it wrote)");
        }
    } else {
        runtimes[entry.name] = Json{{"path", entry.path}};
        changed = true;
    }

    if (entry.set_as_default) {
        const Json current = doc.value("default-runtime", Json());
        if (current != Json(entry.name)) {
            if (!current.is_null()) {
                edit.notes.push_back("default-runtime was " + to_text(current) +
                                     "; the backup keeps it");
            }
            doc["default-runtime"] = entry.name;
            changed = true;
        }
    }
    if (changed) edit.text = store(doc, text);
    return edit;
}

Result<Edit> docker_unconfigure(std::string_view text, const std::string& origin,
                                const std::string& name) {
    auto loaded = load(text, origin);
    if (!loaded) return loaded.error();
    Json doc = std::move(*loaded);
    Edit edit{std::string(text), {}};
    bool changed = false;

    if (doc.contains("runtimes") && doc["runtimes"].is_object() && doc["runtimes"].contains(name)) {
        Json& runtimes = doc["runtimes"];
        const Json& existing = runtimes[name];
        if (!existing.is_object() || existing.size() != 1 || !existing.contains("path")) {
            return Error(ErrorCode::kInvalidArgument,
                         origin + ": runtimes." + name + " is " + to_text(existing) +
                             ", not what hardrunctl configure writes ({\"path\": ...}); left alone,"
                             " remove it by hand if you mean to");
        }
        runtimes.erase(name);
        if (runtimes.empty()) doc.erase("runtimes");
        changed = true;
    }
    if (doc.value("default-runtime", Json()) == Json(name)) {
        doc.erase("default-runtime");
        edit.notes.push_back("removed \"default-runtime\": " + quoted(name) +
                             "; dockerd falls back to its built-in default (runc)");
        changed = true;
    }
    if (changed) edit.text = store(doc, text);
    return edit;
}

}  // namespace hardrun::configure
