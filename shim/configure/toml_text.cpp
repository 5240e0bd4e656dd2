// SPDX-License-Identifier: Apache-2.0
#include <sstream>

#include "configure/toml_block.hpp"
#include "configure/toml_detail.hpp"

namespace hardrun::configure {
namespace {

bool bare_key(std::string_view key) {
    if (key.empty()) return false;
    for (const char c : key) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

const char* type_name(toml::node_type type) {
    switch (type) {
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a float";
        case toml::node_type::boolean:
            return "a boolean";
        default:
            return "a date or time";
    }
}

}  // namespace

std::string toml_string(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "\"";
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (u < 0x20 || u == 0x7f) {
                    out += "\\u00";
                    out += kHex[u >> 4];
                    out += kHex[u & 0xf];
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string toml_header(const std::vector<std::string>& path) {
    return "[" + detail::key_path(path) + "]";
}

namespace detail {

Result<toml::table> parse_toml(std::string_view text, const std::string& origin) {
    try {
        return toml::parse(text, std::string_view(origin));
    } catch (const toml::parse_error& e) {
        const auto& at = e.source().begin;
        return Error(ErrorCode::kInvalidSpec,
                     origin + ": not valid TOML at line " + std::to_string(at.line) + ", column " +
                         std::to_string(at.column) + ": " + std::string(e.description()));
    }
}

Result<const toml::table*> find_table(const toml::table& root,
                                      const std::vector<std::string>& path) {
    const toml::table* table = &root;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const toml::node* node = table->get(path[i]);
        if (node == nullptr) return static_cast<const toml::table*>(nullptr);
        if (!node->is_table()) {
            const std::vector<std::string> walked(path.begin(),
                                                  path.begin() + static_cast<long>(i) + 1);
            return Error(ErrorCode::kInvalidArgument,
                         key_path(walked) + " is " + type_name(node->type()) + ", not a table");
        }
        table = node->as_table();
    }
    return table;
}

Result<toml::table*> ensure_table(toml::table& root, const std::vector<std::string>& path) {
    toml::table* table = &root;
    for (const auto& key : path) {
        auto [it, inserted] = table->emplace<toml::table>(key);
        (void)inserted;
        if (!it->second.is_table()) {
            return Error(ErrorCode::kInvalidArgument,
                         key_path(path) + ": " + key + " is not a table");
        }
        table = it->second.as_table();
    }
    return table;
}

std::string key_path(const std::vector<std::string>& path) {
    std::string out;
    for (const auto& key : path) {
        if (!out.empty()) out += '.';
        out += bare_key(key) ? key : toml_string(key);
    }
    return out;
}

std::string show(const toml::node& node) {
    if (const auto* s = node.as_string()) return toml_string(s->get());
    if (node.is_table() || node.is_array()) return type_name(node.type());
    std::ostringstream os;
    node.visit([&os](const auto& v) { os << v; });
    return os.str();
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            lines.push_back({pos, text.size(), text.size()});
            break;
        }
        lines.push_back({pos, nl, nl + 1});
        pos = nl + 1;
    }
    return lines;
}

std::string_view trim_right(std::string_view line) {
    const auto last = line.find_last_not_of(" \t\r");
    return last == std::string_view::npos ? std::string_view() : line.substr(0, last + 1);
}

std::string begin_prefix(const std::string& name) {
    return "# hardrun: begin runtime " + toml_string(name) + ":";
}

std::string begin_marker(const std::string& name) {
    return begin_prefix(name) + " added by hardrunctl configure, removed by hardrunctl unconfigure";
}

std::string end_marker(const std::string& name) {
    return "# hardrun: end runtime " + toml_string(name);
}

std::string default_suffix(const std::string& name) {
    return "  # hardrun: default runtime " + toml_string(name);
}

std::string replaced_prefix(const std::string& name) {
    return "# hardrun: replaced for runtime " + toml_string(name) + ": ";
}

}  // namespace detail
}  // namespace hardrun::configure
