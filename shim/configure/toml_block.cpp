// SPDX-License-Identifier: Apache-2.0
// toml_add: decide what is missing, write it as text, and accept the text only if toml++
// reads back exactly the original document plus the intended keys.
#include "configure/toml_block.hpp"

#include "configure/toml_detail.hpp"

namespace hardrun::configure {
namespace {

using detail::Line;

// What the document already has of the plan's tables.
struct Survey {
    bool all_equal = true;
    bool all_absent = true;
    std::vector<std::string> differences;
};

Result<Survey> survey(const toml::table& doc, const TomlPlan& plan) {
    Survey s;
    for (const auto& t : plan.tables) {
        auto table = detail::find_table(doc, t.path);
        if (!table) return table.error();
        for (const auto& [key, want] : t.values) {
            const toml::node* node = *table != nullptr ? (*table)->get(key) : nullptr;
            const auto* str = node != nullptr ? node->as_string() : nullptr;
            const std::string where = detail::key_path(t.path) + "." + key;
            if (str != nullptr && str->get() == want) {
                s.all_absent = false;
                continue;
            }
            s.all_equal = false;
            if (node != nullptr) s.all_absent = false;
            s.differences.push_back(node != nullptr ? where + " is " + detail::show(*node) +
                                                          ", hardrun needs " + toml_string(want)
                                                    : where + " is absent");
        }
    }
    // The runtime's table present without any of hardrun's keys belongs to someone else.
    if (s.all_absent) {
        auto first = detail::find_table(doc, plan.tables.front().path);
        if (first && *first != nullptr) {
            s.all_absent = false;
            s.differences.insert(s.differences.begin(), toml_header(plan.tables.front().path) +
                                                            " exists with other settings");
        }
    }
    return s;
}

std::string table_text(const TomlTable& t) {
    std::string out = toml_header(t.path) + "\n";
    for (const auto& [key, value] : t.values) out += "  " + key + " = " + toml_string(value) + "\n";
    return out;
}

std::string default_assignment(const TomlPlan& plan) {
    return plan.default_key->key + " = " + toml_string(plan.name);
}

bool has_block(std::string_view text, const std::string& name) {
    return text.find(detail::begin_prefix(name)) != std::string_view::npos;
}

// base + (a blank line) + the marked block holding body.
std::string append_block(std::string_view base, const std::string& name, const std::string& body) {
    std::string out(base);
    if (body.empty()) return out;
    bool added_newline = false;
    if (!out.empty()) {
        if (out.back() != '\n') {
            out += '\n';
            added_newline = true;
        }
        out += '\n';
    }
    out += detail::begin_marker(name);
    if (added_newline) out += detail::kNewlineAdded;
    out += "\n" + body + detail::end_marker(name) + "\n";
    return out;
}

// Strategy for a default key that exists with another value: edit its line, if that line is
// plainly `key = value` (not a dotted key, not a multi-line value).
std::optional<std::string> replace_default_line(std::string_view base, const toml::node& node,
                                                const TomlPlan& plan) {
    const auto& src = node.source();
    if (src.begin.line == 0 || src.begin.line != src.end.line) return std::nullopt;
    const auto lines = detail::split_lines(base);
    if (src.begin.line > lines.size()) return std::nullopt;
    const Line& l = lines[src.begin.line - 1];
    const std::string_view line = base.substr(l.begin, l.end - l.begin);
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) return std::nullopt;
    std::string_view rest = line.substr(start);
    if (!rest.starts_with(plan.default_key->key)) return std::nullopt;
    rest.remove_prefix(plan.default_key->key.size());
    rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
    if (!rest.starts_with('=')) return std::nullopt;
    std::string out(base.substr(0, l.begin));
    out += detail::replaced_prefix(plan.name) + std::string(line) + "\n";
    out += std::string(line.substr(0, start)) + default_assignment(plan) +
           detail::default_suffix(plan.name);
    out += base.substr(l.end);
    return out;
}

// Strategy for a default key absent from a table that has its own header: a line right after
// the header (the header line must end with a newline).
std::optional<std::string> insert_after_header(std::string_view base, const toml::table& table,
                                               const TomlPlan& plan) {
    const auto line_no = table.source().begin.line;
    const auto lines = detail::split_lines(base);
    if (line_no == 0 || line_no > lines.size()) return std::nullopt;
    const Line& l = lines[line_no - 1];
    const std::string_view line = base.substr(l.begin, l.end - l.begin);
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line.substr(start).starts_with("[[") ||
        !line.substr(start).starts_with('[') || l.next == l.end) {
        return std::nullopt;
    }
    std::string out(base.substr(0, l.next));
    out += "  " + default_assignment(plan) + detail::default_suffix(plan.name) + "\n";
    out += base.substr(l.next);
    return out;
}

Error conflict(std::string_view text, const std::string& origin, const TomlPlan& plan,
               const Survey& s) {
    std::string msg =
        origin + ": runtime " + toml_string(plan.name) + " is already configured differently:";
    for (const auto& d : s.differences) msg += "\n  " + d;
    msg += has_block(text, plan.name)
               ? "\nhardrunctl wrote it (between \"# hardrun:\" markers): run unconfigure first, "
                 "then configure again"
               : "\nchoose another --runtime-name, or change that table by hand";
    return Error(ErrorCode::kInvalidArgument, msg);
}

// What toml_add must write: the document it must read back as, the tables' text, and where the
// default stands.
struct Changes {
    toml::table expected;
    std::string body;  // the tables, when missing
    bool need_default = false;
    const toml::node* current = nullptr;  // the default's present value
    const toml::table* default_table = nullptr;
};

Result<Changes> changes_for(const toml::table& doc, const TomlPlan& plan, const Survey& s) {
    Changes c{doc, "", false, nullptr, nullptr};
    for (const auto& t : plan.tables) {
        if (s.all_equal) break;
        auto table = detail::ensure_table(c.expected, t.path);
        if (!table) return table.error();
        for (const auto& [key, value] : t.values) (*table)->insert_or_assign(key, value);
        c.body += table_text(t);
    }
    if (!plan.default_key) return c;
    auto found = detail::find_table(doc, plan.default_key->table);
    if (!found) return found.error();
    c.default_table = *found;
    c.current = c.default_table != nullptr ? c.default_table->get(plan.default_key->key) : nullptr;
    c.need_default = c.current == nullptr || c.current->as_string() == nullptr ||
                     c.current->as_string()->get() != plan.name;
    if (c.need_default) {
        auto table = detail::ensure_table(c.expected, plan.default_key->table);
        if (!table) return table.error();
        (*table)->insert_or_assign(plan.default_key->key, plan.name);
    }
    return c;
}

// The texts to try, best first.
std::vector<std::string> candidates(std::string_view base, const TomlPlan& plan, const Changes& c) {
    std::vector<std::string> out;
    if (!c.need_default) {
        out.push_back(append_block(base, plan.name, c.body));
    } else if (c.current != nullptr) {
        if (auto r = replace_default_line(base, *c.current, plan))
            out.push_back(append_block(*r, plan.name, c.body));
    } else {
        // A header in our block suits a table that is absent or only implied by its subtables;
        // one that has its own header gets a line under that header instead.
        const std::string table_and_key =
            toml_header(plan.default_key->table) + "\n  " + default_assignment(plan) + "\n";
        out.push_back(append_block(base, plan.name, table_and_key + c.body));
        if (c.default_table != nullptr) {
            if (auto r = insert_after_header(base, *c.default_table, plan)) {
                out.push_back(append_block(*r, plan.name, c.body));
            }
        }
    }
    return out;
}

}  // namespace

Result<Edit> toml_add(std::string_view text, const std::string& origin, const TomlPlan& plan) {
    const std::string base = detail::blank(text) ? plan.new_file_prefix : std::string(text);
    auto doc = detail::parse_toml(base, origin);
    if (!doc) return doc.error();
    auto s = survey(*doc, plan);
    if (!s) return s.error().with_context(origin);
    if (!s->all_equal && !s->all_absent) return conflict(text, origin, plan, *s);
    auto c = changes_for(*doc, plan, *s);
    if (!c) return c.error().with_context(origin);
    Edit edit{std::string(text), {}};
    if (c->body.empty() && !c->need_default) return edit;

    std::string why = "the line to change could not be located";
    for (const auto& candidate : candidates(base, plan, *c)) {
        auto reparsed = detail::parse_toml(candidate, origin);
        if (reparsed && *reparsed == c->expected) {
            edit.text = candidate;
            if (c->current != nullptr) {
                edit.notes.push_back(plan.default_key->key + " was " + detail::show(*c->current) +
                                     "; the original line is kept in a comment above the new one");
            }
            return edit;
        }
        why = reparsed ? "the result would not read back as intended" : reparsed.error().message();
    }
    std::string by_hand = c->body;
    if (c->need_default) {
        by_hand += "and set " + default_assignment(plan) + " in " +
                   toml_header(plan.default_key->table) + "\n";
    }
    return Error(ErrorCode::kInvalidArgument,
                 origin + ": cannot register runtime " + toml_string(plan.name) +
                     " without rewriting the file (" + why + "); add this by hand:\n" + by_hand);
}

}  // namespace hardrun::configure
