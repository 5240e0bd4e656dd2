// SPDX-License-Identifier: Apache-2.0
// hardrunctl explain: the create path's decision, printed instead of enforced.
#include "app/evaluate.hpp"
#include "bundle/bundle.hpp"
#include "ctl/commands.hpp"
#include "policy/load.hpp"
#include "runtime/host_facts.hpp"

namespace hardrun::ctl {
namespace {

struct ExplainArgs {
    std::string config;
    std::string engine_namespace;
    bool json = false;
    std::string bundle;
};

bool parse(Args args, ExplainArgs& out) {
    out.config = policy::config_path_from_environment();
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        if ((a == "--config" || a == "--namespace") && i + 1 < args.size()) {
            (a == "--config" ? out.config : out.engine_namespace) = std::string(args[++i]);
        } else if (a == "--json") {
            out.json = true;
        } else if (!a.starts_with("-") && out.bundle.empty()) {
            out.bundle = std::string(a);
        } else {
            return false;
        }
    }
    return !out.bundle.empty();
}

void print_text(const app::Evaluation& ev, std::ostream& out) {
    const auto& body = ev.rule->body;
    out << "rule: " << ev.rule->name << " (" << policy::mode_name(body.mode) << ")\n";
    if (ev.violations.empty()) {
        out << "verdict: " << (body.mode == policy::Mode::kAudit ? "would run unchanged (audit)" : "allowed") << "\n";
    } else {
        out << "verdict: " << (body.mode == policy::Mode::kAudit ? "would be refused in enforce mode" : "refused") << "\n";
        for (const auto& v : ev.violations) out << "  refuse " << v.pointer << ": " << v.reason << "\n";
    }
    out << "changes (" << ev.changes.size() << "):\n";
    for (const auto& c : ev.changes) out << "  " << c.pointer << ": " << c.what << " (" << c.why << ")\n";
    for (const auto& n : ev.notes) out << "note: " << n << "\n";
}

}  // namespace

int explain(Args args, std::ostream& out, std::ostream& err) {
    ExplainArgs a;
    if (!parse(args, a)) {
        err << "usage: hardrunctl explain [--config FILE] [--namespace NS] [--json] BUNDLE\n";
        return 2;
    }
    auto loaded = policy::load_config(a.config);
    if (!loaded) {
        err << "hardrunctl: " << loaded.error().message() << "\n";
        return 1;
    }
    if (loaded->warning) err << "hardrunctl: " << *loaded->warning << "\n";
    auto bundle = bundle::load_bundle(a.bundle);
    if (!bundle) {
        err << "hardrunctl: " << bundle.error().message() << "\n";
        return 1;
    }
    auto ev = app::evaluate(loaded->config, runtime::probe_host_facts(), bundle->spec, a.engine_namespace);
    if (!ev) {
        err << "hardrunctl: " << a.bundle << "/config.json: " << ev.error().message() << "\n";
        return 1;
    }
    if (a.json) {
        Json doc{{"rule", ev->rule->name}, {"mode", policy::mode_name(ev->rule->body.mode)},
                 {"violations", Json::array()}, {"changes", Json::array()}, {"notes", ev->notes},
                 {"spec", ev->rewritten}};
        for (const auto& v : ev->violations) doc["violations"].push_back(spec::violation_to_json(v));
        for (const auto& c : ev->changes) doc["changes"].push_back(spec::change_to_json(c));
        out << doc.dump(2) << "\n";
    } else {
        print_text(*ev, out);
    }
    return ev->violations.empty() ? 0 : 1;
}

}  // namespace hardrun::ctl
