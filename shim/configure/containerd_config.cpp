// SPDX-License-Identifier: Apache-2.0
#include "configure/containerd_config.hpp"

#include "configure/toml_detail.hpp"

namespace hardrun::configure {
namespace {

// The CRI plugin's runtime settings, by config version.
std::string cri_plugin(std::int64_t version) {
    switch (version) {
        case 1:
            return "cri";
        case 2:
            return "io.containerd.grpc.v1.cri";
        default:
            return "io.containerd.cri.v1.runtime";
    }
}

constexpr std::int64_t kNewFileVersion = 2;

// The version a text declares: absent means 1, as containerd reads it; a blank text is a new
// file.
Result<std::int64_t> config_version(std::string_view text, const std::string& origin) {
    if (detail::blank(text)) return kNewFileVersion;
    auto version = toml_top_level_integer(text, origin, "version");
    if (!version) return version.error();
    return version->value_or(1);
}

}  // namespace

Result<TomlPlan> containerd_plan(std::int64_t version, const RuntimeEntry& entry) {
    if (version < 1 || version > 3) {
        return Error(ErrorCode::kInvalidArgument,
                     "version = " + std::to_string(version) +
                         " is not a containerd config version hardrunctl knows (1, 2 or 3)");
    }
    const std::vector<std::string> containerd = {"plugins", cri_plugin(version), "containerd"};
    std::vector<std::string> runtime = containerd;
    runtime.insert(runtime.end(), {"runtimes", entry.name});
    std::vector<std::string> options = runtime;
    options.emplace_back("options");

    TomlPlan plan;
    plan.name = entry.name;
    plan.tables = {TomlTable{runtime, {{"runtime_type", "io.containerd.runc.v2"}}},
                   TomlTable{options, {{"BinaryName", entry.path}}}};
    if (entry.set_as_default) plan.default_key = TomlDefault{containerd, "default_runtime_name"};
    plan.new_file_prefix = "version = " + std::to_string(kNewFileVersion) + "\n";
    return plan;
}

Result<Edit> containerd_configure(std::string_view text, const std::string& origin,
                                  const RuntimeEntry& entry) {
    auto version = config_version(text, origin);
    if (!version) return version.error();
    auto plan = containerd_plan(*version, entry);
    if (!plan) return plan.error().with_context(origin);
    auto edit = toml_add(text, origin, *plan);
    if (edit && *version == 1) {
        edit->notes.push_back(
            origin +
            " has no `version` key: containerd 1.x reads it as a version 1 "
            "configuration, so the handler went under [plugins.cri]. Version 1 is "
            "deprecated since containerd 1.5 and not read by containerd 2.x: "
            "convert the file to version 2 before upgrading");
    }
    return edit;
}

Result<Edit> containerd_unconfigure(std::string_view text, const std::string& origin,
                                    const std::string& name) {
    if (detail::blank(text)) return Edit{std::string(text), {}};
    auto version = config_version(text, origin);
    if (!version) return version.error();
    // The default key is looked for too, so that a default hardrunctl did not set is reported.
    auto plan = containerd_plan(*version, RuntimeEntry{name, "", true});
    if (!plan) return plan.error().with_context(origin);
    return toml_remove(text, origin, *plan);
}

}  // namespace hardrun::configure
