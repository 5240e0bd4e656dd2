// SPDX-License-Identifier: Apache-2.0
// create, run and restore: load config.json, evaluate it against the rule, then refuse, or
// store the hardened spec and hand over to the real runtime. Audit mode changes nothing.
#include "app/app.hpp"
#include "app/decision.hpp"
#include "app/evaluate.hpp"
#include "bundle/bundle.hpp"
#include "runtime/exec_state.hpp"
#include "runtime/host_facts.hpp"

namespace hardrun::app {

int handle_create(const cli::Invocation& inv, Settings& settings) {
    Decision decision(inv);
    const std::string& id = inv.container_id;
    if (settings.config_error) {
        return decision.refuse(settings, "hardrun: cannot create container " + id + ": " +
                                             settings.config_error->message() +
                                             " (every create is refused until it is fixed)");
    }
    const auto& default_body = settings.config.default_rule.body;
    auto bundle = bundle::load_bundle(inv.bundle);
    if (!bundle) {
        // No spec, so no annotations to choose a rule by: the default rule's mode decides.
        const std::string message = "hardrun: cannot create container " + id + ": " + bundle.error().message();
        if (default_body.mode != policy::Mode::kAudit) return decision.refuse(settings, message);
        decision.set_error(message);
        decision.finish("audited", settings);
        return forward(inv.argv, settings);
    }
    const policy::Rule* rule = nullptr;
    auto ev = evaluate(settings.config, runtime::probe_host_facts(), bundle->spec, inv.engine_namespace(), &rule);
    if (rule != nullptr) decision.set_rule(rule->name, policy::mode_name(rule->body.mode));
    const bool audit = (rule != nullptr ? rule->body : default_body).mode == policy::Mode::kAudit;
    if (!ev) {
        const std::string message = "hardrun: cannot create container " + id + ": " +
                                    bundle->path + "/config.json: " + ev.error().message();
        if (!audit) return decision.refuse(settings, message);
        decision.set_error(message);
        decision.finish("audited", settings);
        return forward(inv.argv, settings);
    }
    decision.add_violations(ev->violations);
    decision.add_changes(ev->changes);
    decision.add_notes(ev->notes);
    if (audit) {
        decision.finish("audited", settings);
        return forward(inv.argv, settings);
    }
    if (!ev->violations.empty()) {
        return decision.refuse(settings, refusal_message(id, ev->rule->name, ev->violations));
    }
    if (!ev->changes.empty()) {
        if (auto stored = bundle::store_spec(*bundle, ev->rewritten); !stored) {
            return decision.refuse(settings, "hardrun: cannot create container " + id + ": " + stored.error().message());
        }
    }
    const auto state = runtime::exec_state_path(settings.config.state_dir, inv.globals.root.value_or(""), id);
    if (auto saved = runtime::save_exec_state(state, spec::exec_limits_to_json(ev->exec_limits)); !saved) {
        return decision.refuse(settings, "hardrun: cannot create container " + id + ": " + saved.error().message());
    }
    decision.finish("allowed", settings);
    return forward(inv.argv, settings);
}

}  // namespace hardrun::app
