// SPDX-License-Identifier: Apache-2.0
// hardrunctl configure / unconfigure ENGINE: register hardrun in an engine's own configuration,
// as a list of steps: parse, read, edit (pure), show or back up and write, tell the operator to
// restart the engine. hardrunctl never restarts a daemon.
#include <unistd.h>

#include <ctime>
#include <optional>

#include "configure/apply.hpp"
#include "configure/engines.hpp"
#include "configure/line_diff.hpp"
#include "ctl/commands.hpp"

namespace hardrun::ctl {
namespace {

using configure::Action;

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// What the change did, in one line.
std::string summary(const configure::Options& o) {
    const auto& e = o.entry;
    if (o.action == Action::kUnconfigure) return "runtime " + quoted(e.name) + " removed";
    std::string out = "runtime " + quoted(e.name) + " registered with path " + e.path;
    if (e.set_as_default) out += ", and made the default runtime";
    return out;
}

// The last step: the diff for --dry-run, or the backup and the write; then what to do next.
int commit(const configure::Options& o, const configure::ConfigFile& file,
           const std::optional<std::string>& after, std::ostream& out, std::ostream& err) {
    if (o.dry_run) {
        out << configure::unified_diff(file.text, after.value_or(""),
                                       file.exists ? file.path : "/dev/null",
                                       after ? file.path : "/dev/null")
            << "dry run: " << file.path << " was not changed\n";
        return 0;
    }
    auto backup = configure::write_config_file(file, after, std::time(nullptr));
    if (!backup) {
        err << "hardrunctl: " << backup.error().message() << "\n";
        return 1;
    }
    out << file.path << ": " << summary(o)
        << (after ? "" : "; the file held nothing else and was removed") << "\n";
    if (!backup->empty()) out << "backup of the previous file: " << *backup << "\n";
    out << "restart " << o.engine->daemon << " for the change to take effect (e.g. "
        << o.engine->restart_command << "); hardrunctl does not restart it\n";
    return 0;
}

int run(Action action, Args args, std::ostream& out, std::ostream& err) {
    auto options = configure::parse_options(action, args);
    if (!options) {
        err << "hardrunctl: " << options.error().message() << "\n" << configure::usage(action);
        return 2;
    }
    const configure::Engine& engine = *options->engine;
    auto file = configure::read_config_file(configure::config_file(*options));
    if (!file) {
        err << "hardrunctl: " << file.error().message() << "\n";
        return 1;
    }
    if (!file->note.empty()) out << "note: " << file->note << "\n";
    const configure::EditFn edit_fn =
        action == Action::kConfigure ? engine.configure : engine.unconfigure;
    auto edit = edit_fn(file->text, file->path, options->entry);
    if (!edit) {
        err << "hardrunctl: " << edit.error().message() << "\n"
            << "hardrunctl: " << file->path << " was not changed\n";
        return 1;
    }
    for (const auto& note : edit->notes) out << "note: " << note << "\n";
    if (edit->text == file->text && (file->exists || action == Action::kUnconfigure)) {
        out << file->path << ": "
            << (action == Action::kConfigure
                    ? "already configured (runtime " + quoted(options->entry.name) + ")"
                    : "nothing of runtime " + quoted(options->entry.name) + " to remove")
            << "; nothing changed\n";
        return 0;
    }

    if (action == Action::kConfigure && ::access(options->entry.path.c_str(), X_OK) != 0) {
        out << "note: " << options->entry.path
            << " is not an executable file on this host: install "
            << "hardrun there before restarting " << engine.daemon << "\n";
    }

    // A drop-in of hardrun's own that unconfigure leaves empty is removed.
    std::optional<std::string> after = edit->text;
    if (action == Action::kUnconfigure && !engine.drop_in.empty() && blank(edit->text))
        after.reset();

    return commit(*options, *file, after, out, err);
}

}  // namespace

int configure_engine(Args args, std::ostream& out, std::ostream& err) {
    return run(Action::kConfigure, args, out, err);
}

int unconfigure_engine(Args args, std::ostream& out, std::ostream& err) {
    return run(Action::kUnconfigure, args, out, err);
}

}  // namespace hardrun::ctl
