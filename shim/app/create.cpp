// SPDX-License-Identifier: Apache-2.0
// create, run and restore: load config.json, evaluate it against the rule, then refuse, or
// store the hardened spec and hand over to the real runtime. Audit mode changes nothing.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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

// What the rule's image checks (signatures, scan gate) found; the identity alone when the rule
// checks nothing.
struct ImageVerdict {
    Json log;
    std::vector<std::string> notes;
    std::optional<std::string> refusal;
};

ImageVerdict check_rule_image(const cli::Invocation& inv, const Settings& settings, const policy::Rule* rule,
                              const identity::ImageIdentity& image) {
    if (rule == nullptr || !rule->body.trust.needs_identity()) return {identity::identity_to_json(image), {}, {}};
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    auto check = check_image({settings.config, rule->body.trust, image, hardrunctl_path(), now});
    ImageVerdict verdict{std::move(check.log), std::move(check.notes), {}};
    if (!check.pass) {
        verdict.refusal = "hardrun: refused container " + inv.container_id + " (rule \"" + rule->name + "\"): " + check.reason;
    }
    return verdict;
}

// A create that cannot be decided: refused, or in audit mode logged and passed on untouched.
int refuse_or_pass_on(Decision& decision, Settings& settings, const cli::Invocation& inv, bool audit,
                      const std::string& message) {
    if (!audit) return decision.refuse(settings, message);
    decision.set_error(message);
    decision.finish("audited", settings);
    return forward(inv.argv, settings);
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
        return refuse_or_pass_on(decision, settings, inv, default_body.mode == policy::Mode::kAudit,
                                 "hardrun: cannot create container " + id + ": " + bundle.error().message());
    }
    const policy::Rule* rule = nullptr;
    // Looked up only when some rule matches by image or checks images: it may cost a call to
    // containerd.
    std::optional<identity::ImageIdentity> image;
    if (policy::config_needs_identity(settings.config)) image = look_up_image(inv, settings.config.images, bundle->spec);
    auto ev = evaluate(settings.config, runtime::probe_host_facts(), bundle->spec, inv.engine_namespace(),
                       image ? &*image : nullptr, &rule);
    if (rule != nullptr) decision.set_rule(rule->name, policy::mode_name(rule->body.mode));
    const bool audit = (rule != nullptr ? rule->body : default_body).mode == policy::Mode::kAudit;
    if (image) {
        auto verdict = check_rule_image(inv, settings, rule, *image);
        decision.set_image(std::move(verdict.log));
        decision.add_notes(verdict.notes);
        if (verdict.refusal) {
            if (!audit) return decision.refuse(settings, *verdict.refusal);
            decision.add_notes({"audit: " + *verdict.refusal});
        }
    }
    if (!ev) {
        return refuse_or_pass_on(decision, settings, inv, audit,
                                 "hardrun: cannot create container " + id + ": " + bundle->path +
                                     "/config.json: " + ev.error().message());
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
