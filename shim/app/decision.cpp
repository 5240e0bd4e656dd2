// SPDX-License-Identifier: Apache-2.0
#include "app/decision.hpp"

#include "audit/decision_log.hpp"

namespace hardrun::app {

Decision::Decision(const cli::Invocation& inv) {
    entry_ = Json{{"time", audit::now_rfc3339()},
                  {"command", inv.command_name},
                  {"id", inv.container_id},
                  {"engine_namespace", inv.engine_namespace()}};
    if (inv.command != cli::Command::kExec) entry_["bundle"] = inv.bundle.empty() ? "." : inv.bundle;
}

void Decision::set_rule(const std::string& rule, const char* mode) {
    entry_["rule"] = rule;
    entry_["mode"] = mode;
}

void Decision::add_changes(const std::vector<spec::Change>& changes) {
    Json& list = entry_["changes"];
    if (list.is_null()) list = Json::array();
    for (const auto& c : changes) list.push_back(spec::change_to_json(c));
}

void Decision::add_violations(const std::vector<spec::Violation>& violations) {
    Json& list = entry_["violations"];
    if (list.is_null()) list = Json::array();
    for (const auto& v : violations) list.push_back(spec::violation_to_json(v));
}

void Decision::add_notes(const std::vector<std::string>& notes) {
    if (notes.empty()) return;
    Json& list = entry_["notes"];
    if (list.is_null()) list = Json::array();
    for (const auto& n : notes) list.push_back(n);
}

void Decision::finish(const char* verdict, Settings& settings) {
    entry_["verdict"] = verdict;
    add_notes(settings.warnings);
    auto log = audit::DecisionLog::open(settings.config.decision_log);
    auto written = log ? log->record(entry_) : Result<void>(log.error());
    if (!written) {
        audit::report(settings.log, audit::Level::kWarning,
                      "hardrun: decision not logged: " + written.error().message());
    }
}

int Decision::refuse(Settings& settings, const std::string& message) {
    set_error(message);
    finish("refused", settings);
    audit::report(settings.log, audit::Level::kError, message);
    return 1;
}

std::string refusal_message(const std::string& id, const std::string& rule,
                            const std::vector<spec::Violation>& violations) {
    std::string reasons;
    for (const auto& v : violations) reasons += (reasons.empty() ? "" : "; ") + v.reason;
    return "hardrun: refused container " + id + " (rule \"" + rule + "\"): " + reasons;
}

}  // namespace hardrun::app
