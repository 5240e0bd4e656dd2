// SPDX-License-Identifier: Apache-2.0
// create, run and restore: load config.json, evaluate it against the rule, then refuse, or
// store the hardened spec and hand over to the real runtime. Audit mode changes nothing.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "app/app.hpp"
#include "app/decision.hpp"
#include "app/evaluate.hpp"
#include "app/image_check.hpp"
#include "bundle/bundle.hpp"
#include "policy/select.hpp"
#include "runtime/exec_state.hpp"
#include "runtime/host_facts.hpp"

namespace hardrun::app {
namespace {

identity::ImageIdentity look_up_image(const cli::Invocation& inv, const policy::ImageSettings& images,
                                      const Json& spec) {
    const char* ttrpc = std::getenv("TTRPC_ADDRESS");
    const identity::LookupInput input{spec,
                                      inv.engine_namespace(),
                                      inv.container_id,
                                      images.containerd_address,
                                      ttrpc != nullptr ? ttrpc : "",
                                      std::chrono::milliseconds(images.lookup_timeout_ms),
                                      images.containers_storage};
    return identity::resolve_identity(input);
}

// hardrunctl is installed beside hardrun (both in /usr/sbin, or both in the build tree).
std::string hardrunctl_path() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? std::filesystem::path("/usr/sbin") : self.parent_path()) / "hardrunctl";
}

}  // namespace

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
    // Looked up only when some rule matches by image or checks images: it may cost a call to
    // containerd.
    std::optional<identity::ImageIdentity> image;
    if (policy::config_needs_identity(settings.config)) {
        image = look_up_image(inv, settings.config.images, bundle->spec);
        decision.set_image(identity::identity_to_json(*image));
    }
    auto ev = evaluate(settings.config, runtime::probe_host_facts(), bundle->spec, inv.engine_namespace(),
                       image ? &*image : nullptr, &rule);
    if (rule != nullptr) decision.set_rule(rule->name, policy::mode_name(rule->body.mode));
    const bool audit = (rule != nullptr ? rule->body : default_body).mode == policy::Mode::kAudit;
    if (rule != nullptr && image && rule->body.trust.needs_identity()) {
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch()).count();
        auto check = check_image({settings.config, rule->body.trust, *image, hardrunctl_path(), now});
        decision.set_image(std::move(check.log));
        decision.add_notes(check.notes);
        if (!check.pass) {
            const std::string message = "hardrun: refused container " + id + " (rule \"" + rule->name + "\"): " + check.reason;
            if (!audit) return decision.refuse(settings, message);
            decision.add_notes({"audit: " + message});
        }
    }
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
