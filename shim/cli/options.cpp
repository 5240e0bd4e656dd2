// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"

#include <algorithm>
#include <charconv>

namespace hardrun::cli {
namespace {

Error usage(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

}  // namespace

std::optional<std::string> ParsedOptions::value(std::string_view name) const {
    const auto it = given_.find(name);
    if (it == given_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

const std::vector<std::string>& ParsedOptions::values(std::string_view name) const {
    static const std::vector<std::string> kNone;
    const auto it = given_.find(name);
    return it == given_.end() ? kNone : it->second;
}

bool ParsedOptions::has(std::string_view name) const { return given_.find(name) != given_.end(); }

Result<ParsedOptions> parse_options(std::span<const std::string_view> args, std::span<const OptionSpec> specs) {
    ParsedOptions out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (!arg.starts_with("--") || arg == "--") {
            out.positional.emplace_back(arg);
            continue;
        }
        const auto eq = arg.find('=');
        const std::string_view name = arg.substr(0, eq);
        const auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
        if (spec == specs.end()) return usage("unknown flag " + std::string(name));
        auto& slot = out.given_[std::string(name)];
        if (spec->kind == OptionKind::kSwitch) {
            if (eq != std::string_view::npos) return usage(std::string(name) + " takes no value");
            if (!slot.empty()) return usage(std::string(name) + " is given twice");
            slot.emplace_back();
            continue;
        }
        std::string value;
        if (eq != std::string_view::npos) {
            value = std::string(arg.substr(eq + 1));
        } else if (i + 1 < args.size()) {
            value = std::string(args[++i]);
        } else {
            return usage(std::string(name) + " needs a value");
        }
        if (spec->kind == OptionKind::kValue && !slot.empty()) return usage(std::string(name) + " is given twice");
        slot.push_back(std::move(value));
    }
    return out;
}

Result<std::int64_t> parse_milliseconds(std::string_view flag, std::string_view text, std::int64_t max) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0 || value > max) {
        return usage(std::string(flag) + " needs a number of milliseconds from 1 to " + std::to_string(max) +
                     ", not \"" + std::string(text) + "\"");
    }
    return value;
}

Result<std::string> absolute_path(std::string_view flag, std::string_view text) {
    if (text.empty() || text.front() != '/') {
        return usage(std::string(flag) + " needs an absolute path, not \"" + std::string(text) + "\"");
    }
    return std::string(text);
}

}  // namespace hardrun::cli
