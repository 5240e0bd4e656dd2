// SPDX-License-Identifier: Apache-2.0
// runc uses urfave/cli v1 over Go's flag package: "-name" and "--name" are the same flag,
// values come inline ("--name=v") or as the next token, boolean flags take a value only
// inline, "--" ends the flags. Global flags stop at the subcommand. Subcommand flags may follow
// positionals, except for exec, whose arguments after the container id are the process's own.
#include <algorithm>
#include <array>

#include "base/glob.hpp"
#include "cli/flags.hpp"
#include "cli/invocation.hpp"

namespace hardrun::cli {
namespace {

struct Token {
    const FlagSpec* spec = nullptr;
    std::string value;
    bool inline_value = false;
    std::size_t consumed = 1;  // tokens this flag used (2 when its value was separate)
};

bool is_flag_token(std::string_view tok) { return tok.size() > 1 && tok.front() == '-' && tok != "--"; }

Result<bool> parse_bool(std::string_view flag, std::string_view text) {
    // Go's strconv.ParseBool.
    static constexpr std::array<std::string_view, 6> kTrue = {"1", "t", "T", "TRUE", "true", "True"};
    static constexpr std::array<std::string_view, 6> kFalse = {"0", "f", "F", "FALSE", "false", "False"};
    if (std::find(kTrue.begin(), kTrue.end(), text) != kTrue.end()) return true;
    if (std::find(kFalse.begin(), kFalse.end(), text) != kFalse.end()) return false;
    return Error(ErrorCode::kInvalidArgument,
                 "invalid boolean value \"" + std::string(text) + "\" for flag " + std::string(flag));
}

const FlagSpec* find_flag(std::span<const FlagSpec> table, std::string_view name) {
    for (const auto& spec : table) {
        if (spec.name == name || (!spec.alias.empty() && spec.alias == name)) return &spec;
    }
    return nullptr;
}

// Reads the flag at argv[i]; `where` names the table in errors ("global", "exec", ...).
Result<Token> read_flag(std::span<const std::string_view> argv, std::size_t i,
                        std::span<const FlagSpec> table, std::string_view where) {
    std::string_view tok = argv[i];
    std::string_view body = tok.substr(tok.starts_with("--") ? 2 : 1);
    Token out;
    std::string_view name = body;
    if (auto eq = body.find('='); eq != std::string_view::npos) {
        name = body.substr(0, eq);
        out.value = std::string(body.substr(eq + 1));
        out.inline_value = true;
    }
    out.spec = find_flag(table, name);
    if (out.spec == nullptr) {
        return Error(ErrorCode::kInvalidArgument,
                     "flag provided but not defined: " + std::string(tok) + " (" +
                         std::string(where) + ")");
    }
    if (!out.spec->takes_value) {
        if (out.inline_value) {
            auto on = parse_bool(tok, out.value);
            if (!on) return on.error();
            out.value = *on ? "true" : "false";
        } else {
            out.value = "true";
        }
        return out;
    }
    if (!out.inline_value) {
        if (i + 1 >= argv.size()) {
            return Error(ErrorCode::kInvalidArgument, "flag needs an argument: " + std::string(tok));
        }
        out.value = std::string(argv[i + 1]);
        out.consumed = 2;
    }
    return out;
}

Command classify(std::string_view name) {
    if (name == "create") return Command::kCreate;
    if (name == "run") return Command::kRun;
    if (name == "restore") return Command::kRestore;
    if (name == "exec") return Command::kExec;
    if (name == "delete") return Command::kDelete;
    return Command::kOther;
}

void apply_global(Invocation& inv, const Token& t) {
    switch (t.spec->id) {
        case FlagId::kRoot: inv.globals.root = t.value; break;
        case FlagId::kLog: inv.globals.log = t.value; break;
        case FlagId::kLogFormat: inv.globals.log_format = t.value; break;
        default: break;
    }
}

void apply_command_flag(Invocation& inv, const Token& t, std::size_t index) {
    FlagUse use{index, t.inline_value, t.value};
    switch (t.spec->id) {
        case FlagId::kBundle: inv.bundle = t.value; break;
        case FlagId::kProcess: inv.exec.process_file = t.value; break;
        case FlagId::kCap: inv.exec.caps.push_back(use); break;
        case FlagId::kUser: inv.exec.user = use; break;
        case FlagId::kApparmor: inv.exec.apparmor = use; break;
        case FlagId::kNoNewPrivs: inv.exec.no_new_privs = use; break;
        default: break;
    }
}

// Parses the subcommand's flags and positionals from argv[start..].
Result<void> parse_command(Invocation& inv, std::span<const std::string_view> argv,
                           std::size_t start) {
    const auto table = command_flags(inv.command_name);
    const bool stop_at_positional = inv.command == Command::kExec;
    std::vector<std::size_t> positionals;  // argv indices
    bool flags_done = false;
    for (std::size_t i = start; i < argv.size();) {
        const std::string_view tok = argv[i];
        if (!flags_done && tok == "--") {
            flags_done = true;
            ++i;
            continue;
        }
        if (flags_done || !is_flag_token(tok)) {
            positionals.push_back(i);
            if (stop_at_positional) break;  // exec: the rest belongs to the process
            ++i;
            continue;
        }
        auto flag = read_flag(argv, i, table, inv.command_name);
        if (!flag) return flag.error();
        if (flag->spec->name == "help") {
            inv.command = Command::kOther;  // runc prints help; nothing to harden
            return ok();
        }
        apply_command_flag(inv, *flag, i);
        i += flag->consumed;
    }
    if (!positionals.empty()) {
        inv.container_id_index = positionals.front();
        inv.container_id = std::string(argv[positionals.front()]);
    }
    if (inv.container_id.empty()) {
        return Error(ErrorCode::kInvalidArgument,
                     "\"" + inv.command_name + "\" requires a container id");
    }
    if (!valid_container_id(inv.container_id)) {
        return Error(ErrorCode::kInvalidArgument, "invalid container id \"" + inv.container_id + "\"");
    }
    return ok();
}

}  // namespace

bool valid_container_id(std::string_view id) {
    if (id.empty() || id == "." || id == "..") return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '+' || c == '-' || c == '.';
    });
}

std::string Invocation::engine_namespace() const {
    if (!globals.root || globals.root->empty()) return "";
    std::string root = clean_path(*globals.root);
    const auto slash = root.rfind('/');
    return slash == std::string::npos ? root : root.substr(slash + 1);
}

Result<Invocation> parse_invocation(std::span<const std::string_view> argv) {
    Invocation inv;
    inv.argv.assign(argv.begin(), argv.end());
    std::size_t i = argv.empty() ? 0 : 1;
    while (i < argv.size()) {
        const std::string_view tok = argv[i];
        if (tok == "--") {
            ++i;
            break;
        }
        if (!is_flag_token(tok)) break;
        auto flag = read_flag(argv, i, global_flags(), "global");
        if (!flag) return flag.error();
        apply_global(inv, *flag);
        i += flag->consumed;
    }
    if (i >= argv.size()) return inv;

    inv.command_name = std::string(argv[i]);
    inv.command_index = i;
    inv.command = classify(inv.command_name);
    if (inv.command == Command::kOther) {
        return inv;  // forwarded untouched; the real runtime judges its own arguments
    }
    if (auto r = parse_command(inv, argv, i + 1); !r) {
        return r.error().with_context(inv.command_name);
    }
    return inv;
}

}  // namespace hardrun::cli
