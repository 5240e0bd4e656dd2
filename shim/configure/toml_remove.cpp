// SPDX-License-Identifier: Apache-2.0
// toml_remove: take out exactly the lines toml_add wrote, found by their marker comments.
#include "configure/toml_block.hpp"
#include "configure/toml_detail.hpp"

namespace hardrun::configure {
namespace {

using detail::Line;

std::string_view line_at(std::string_view text, const Line& l) {
    return text.substr(l.begin, l.end - l.begin);
}

// Removes the first marked block of `name`: from its begin marker (and the blank line
// toml_add put before it) through its end marker. Returns false when there is none.
Result<bool> remove_one_block(std::string& text, const std::string& origin,
                              const std::string& name) {
    const auto lines = detail::split_lines(text);
    const std::string prefix = detail::begin_prefix(name);
    const std::string end = detail::end_marker(name);
    std::size_t b = 0;
    while (b < lines.size() && !line_at(text, lines[b]).starts_with(prefix)) ++b;
    if (b == lines.size()) return false;
    std::size_t e = b + 1;
    while (e < lines.size() && detail::trim_right(line_at(text, lines[e])) != end) ++e;
    if (e == lines.size()) {
        return Error(ErrorCode::kInvalidArgument, origin + ": line " + std::to_string(b + 1) +
                                                      " begins hardrun's block for runtime " +
                                                      toml_string(name) + " but no \"" + end +
                                                      "\" line follows; remove the block by hand");
    }
    std::size_t start = lines[b].begin;
    const bool added_newline =
        detail::trim_right(line_at(text, lines[b])).ends_with(detail::kNewlineAdded);
    const std::size_t separator = added_newline ? 2 : 1;
    if (start >= separator &&
        text.compare(start - separator, separator, std::string(separator, '\n')) == 0 &&
        (added_newline || start < 2 || text[start - 2] == '\n')) {
        start -= separator;
    }
    text.erase(start, lines[e].next - start);
    return true;
}

// Restores default lines toml_add replaced and deletes the ones it inserted.
bool restore_default_lines(std::string& text, const std::string& name) {
    const auto lines = detail::split_lines(text);
    const std::string suffix = detail::default_suffix(name);
    const std::string replaced = detail::replaced_prefix(name);
    bool changed = false;
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (!detail::trim_right(line_at(text, lines[i])).ends_with(suffix)) continue;
        changed = true;
        if (i > 0 && line_at(text, lines[i - 1]).starts_with(replaced)) {
            const Line& kept = lines[i - 1];
            const std::string original(line_at(text, kept).substr(replaced.size()));
            text.replace(kept.begin, lines[i].end - kept.begin, original);
            --i;
        } else {
            text.erase(lines[i].begin, lines[i].next - lines[i].begin);
        }
    }
    return changed;
}

// Notes for what is there without markers: somebody else's, so left alone.
void note_unmarked(const toml::table& doc, const TomlPlan& plan, std::vector<std::string>& notes) {
    auto table = detail::find_table(doc, plan.tables.front().path);
    if (table && *table != nullptr) {
        notes.push_back(
            toml_header(plan.tables.front().path) +
            " is present but was not added by hardrunctl (no \"# hardrun:\" markers); left alone");
    }
    if (!plan.default_key) return;
    auto d = detail::find_table(doc, plan.default_key->table);
    const toml::node* value = d && *d != nullptr ? (*d)->get(plan.default_key->key) : nullptr;
    if (value != nullptr && value->as_string() != nullptr &&
        value->as_string()->get() == plan.name) {
        notes.push_back(plan.default_key->key + " = " + toml_string(plan.name) + " in " +
                        toml_header(plan.default_key->table) +
                        " was not set by hardrunctl; left alone");
    }
}

}  // namespace

Result<Edit> toml_remove(std::string_view text, const std::string& origin, const TomlPlan& plan) {
    Edit edit{std::string(text), {}};
    auto doc = detail::parse_toml(text, origin);
    if (!doc) return doc.error();
    std::string out(text);
    while (true) {
        auto removed = remove_one_block(out, origin, plan.name);
        if (!removed) return removed.error();
        if (!*removed) break;
    }
    restore_default_lines(out, plan.name);
    if (out != text) {
        auto reparsed = detail::parse_toml(out, origin);
        if (!reparsed) {
            return Error(ErrorCode::kInvalidArgument,
                         origin + ": removing hardrun's lines would leave invalid TOML (" +
                             reparsed.error().message() + "); edit the file by hand");
        }
        edit.text = std::move(out);
        note_unmarked(*reparsed, plan, edit.notes);
    } else {
        note_unmarked(*doc, plan, edit.notes);
    }
    return edit;
}

Result<std::optional<std::int64_t>> toml_top_level_integer(std::string_view text,
                                                           const std::string& origin,
                                                           const std::string& key) {
    auto doc = detail::parse_toml(text, origin);
    if (!doc) return doc.error();
    const toml::node* node = doc->get(key);
    if (node == nullptr) return std::optional<std::int64_t>();
    if (const auto* i = node->as_integer()) return std::optional<std::int64_t>(i->get());
    return Error(ErrorCode::kInvalidSpec,
                 origin + ": " + key + " is " + detail::show(*node) + ", not an integer");
}

}  // namespace hardrun::configure
