// SPDX-License-Identifier: Apache-2.0
// One decision-log entry, built as the decision is made and written once at the end.
#pragma once

#include <string>
#include <vector>

#include "app/settings.hpp"
#include "base/json.hpp"
#include "cli/invocation.hpp"
#include "spec/context.hpp"

namespace hardrun::app {

class Decision {
public:
    explicit Decision(const cli::Invocation& inv);

    void set_rule(const std::string& rule, const char* mode);
    void add_changes(const std::vector<spec::Change>& changes);
    void add_violations(const std::vector<spec::Violation>& violations);
    void add_notes(const std::vector<std::string>& notes);
    void set_error(const std::string& message) { entry_["error"] = message; }
    // The image: identity, and the signature and scan evidence when they were checked.
    void set_image(Json image) { entry_["image"] = std::move(image); }

    // verdict: "allowed", "refused" or "audited". Writes the entry; a log that cannot be written
    // is reported as a warning, never a reason to refuse.
    void finish(const char* verdict, Settings& settings);

    // Logs the refusal, tells the user through runc's log format, and gives the exit code (1).
    int refuse(Settings& settings, const std::string& message);

private:
    Json entry_;
};

// "hardrun: refused container <id> (rule "<r>"): <reason>; <reason>"
std::string refusal_message(const std::string& id, const std::string& rule,
                            const std::vector<spec::Violation>& violations);

}  // namespace hardrun::app
