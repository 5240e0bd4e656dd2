// SPDX-License-Identifier: Apache-2.0
// exec: hold the new process to the limits the container's rule set at create time, both in
// an exec process.json (--process) and in the --cap/--user/--apparmor/--no-new-privs flags.
#include "app/app.hpp"
#include "app/decision.hpp"
#include "bundle/bundle.hpp"
#include "runtime/exec_state.hpp"
#include "runtime/host_facts.hpp"
#include "spec/exec.hpp"

namespace hardrun::app {
namespace {

// The limits saved at create; a container hardrun did not create gets the default rule's.
Result<spec::ExecLimits> limits_for(const cli::Invocation& inv, Settings& settings) {
    const auto path = runtime::exec_state_path(settings.config.state_dir,
                                               inv.globals.root.value_or(""), inv.container_id);
    auto saved = runtime::load_exec_state(path);
    if (!saved) return saved.error();
    if (saved->has_value()) return spec::exec_limits_from_json(**saved);
    settings.warnings.push_back("no limits saved for this container; applying the default rule");
    const spec::RewriteContext ctx{settings.config, settings.config.default_rule, nullptr, "",
                                   runtime::probe_host_facts(), {}, {}};
    return spec::exec_limits_for(ctx);
}

}  // namespace

int handle_exec(const cli::Invocation& inv, Settings& settings) {
    Decision decision(inv);
    const std::string prefix = "hardrun: cannot exec in container " + inv.container_id + ": ";
    if (settings.config_error) {
        return decision.refuse(settings, prefix + settings.config_error->message());
    }
    auto limits = limits_for(inv, settings);
    if (!limits) return decision.refuse(settings, prefix + limits.error().message());
    decision.set_rule(limits->rule, policy::mode_name(limits->mode));
    const bool audit = limits->mode == policy::Mode::kAudit;

    std::optional<bundle::JsonFile> process;
    if (inv.exec.process_file) {
        auto file = bundle::load_json_file(*inv.exec.process_file);
        if (!file) return decision.refuse(settings, prefix + file.error().message());
        auto changes = spec::rewrite_process(file->doc, *limits);
        if (!changes) {
            return decision.refuse(settings, prefix + *inv.exec.process_file + ": " + changes.error().message());
        }
        decision.add_changes(*changes);
        if (!changes->empty()) process = std::move(*file);
    }
    auto args = spec::restrict_exec_flags(inv, *limits);
    decision.add_changes(args.changes);
    if (audit) {
        decision.finish("audited", settings);
        return forward(inv.argv, settings);
    }
    if (process) {
        if (auto stored = bundle::store_json_file(*process); !stored) {
            return decision.refuse(settings, prefix + stored.error().message());
        }
    }
    decision.finish("allowed", settings);
    return forward(args.argv, settings);
}

}  // namespace hardrun::app
