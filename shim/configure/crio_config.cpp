// SPDX-License-Identifier: Apache-2.0
#include "configure/crio_config.hpp"

namespace hardrun::configure {

TomlPlan crio_plan(const RuntimeEntry& entry) {
    TomlPlan plan;
    plan.name = entry.name;
    plan.tables = {TomlTable{{"crio", "runtime", "runtimes", entry.name},
                             {{"runtime_path", entry.path}, {"runtime_type", "oci"}}}};
    if (entry.set_as_default)
        plan.default_key = TomlDefault{{"crio", "runtime"}, "default_runtime"};
    return plan;
}

Result<Edit> crio_configure(std::string_view text, const std::string& origin,
                            const RuntimeEntry& entry) {
    return toml_add(text, origin, crio_plan(entry));
}

Result<Edit> crio_unconfigure(std::string_view text, const std::string& origin,
                              const std::string& name) {
    return toml_remove(text, origin, crio_plan(RuntimeEntry{name, "", true}));
}

}  // namespace hardrun::configure
