// SPDX-License-Identifier: Apache-2.0
#include "configure/line_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hardrun::configure {
namespace {

using Lines = std::vector<std::string_view>;

enum class Op : char { kKeep = ' ', kRemove = '-', kAdd = '+' };

struct Step {
    Op op;
    std::string_view line;  // with its '\n', unless it is a last line without one
};

// Above this many cells the longest-common-subsequence table is not built.
constexpr std::size_t kMaxCells = std::size_t{1} << 24;

Lines split_lines(std::string_view text) {
    Lines out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        out.push_back(text.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

// The lines between a common prefix and a common suffix, aligned by a longest common
// subsequence (a suffix table, so walking it forwards emits the steps in order).
void align_middle(const Lines& a, const Lines& b, std::size_t pre, std::size_t n, std::size_t m,
                  std::vector<Step>& out) {
    if (n == 0 || m == 0 || n * m > kMaxCells) {
        for (std::size_t i = 0; i < n; ++i) out.push_back({Op::kRemove, a[pre + i]});
        for (std::size_t j = 0; j < m; ++j) out.push_back({Op::kAdd, b[pre + j]});
        return;
    }
    const std::size_t w = m + 1;
    std::vector<std::uint32_t> lcs((n + 1) * w, 0);
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            lcs[i * w + j] = a[pre + i] == b[pre + j]
                                 ? lcs[(i + 1) * w + j + 1] + 1
                                 : std::max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
        }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n && j < m) {
        if (a[pre + i] == b[pre + j]) {
            out.push_back({Op::kKeep, a[pre + i++]});
            ++j;
        } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            out.push_back({Op::kRemove, a[pre + i++]});
        } else {
            out.push_back({Op::kAdd, b[pre + j++]});
        }
    }
    for (; i < n; ++i) out.push_back({Op::kRemove, a[pre + i]});
    for (; j < m; ++j) out.push_back({Op::kAdd, b[pre + j]});
}

std::vector<Step> edit_script(const Lines& a, const Lines& b) {
    std::size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    std::size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre &&
           a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) {
        ++suf;
    }
    std::vector<Step> out;
    for (std::size_t i = 0; i < pre; ++i) out.push_back({Op::kKeep, a[i]});
    align_middle(a, b, pre, a.size() - pre - suf, b.size() - pre - suf, out);
    for (std::size_t i = a.size() - suf; i < a.size(); ++i) out.push_back({Op::kKeep, a[i]});
    return out;
}

// GNU's range notation: "start" for one line, "start,len" otherwise; an empty range names the
// line before it.
std::string range(std::size_t lines_before, std::size_t len) {
    if (len == 1) return std::to_string(lines_before + 1);
    return std::to_string(len == 0 ? lines_before : lines_before + 1) + "," + std::to_string(len);
}

void print_hunk(const std::vector<Step>& steps, std::size_t begin, std::size_t end,
                std::size_t old_before, std::size_t new_before, std::string& out) {
    std::size_t old_len = 0;
    std::size_t new_len = 0;
    for (std::size_t k = begin; k < end; ++k) {
        if (steps[k].op != Op::kAdd) ++old_len;
        if (steps[k].op != Op::kRemove) ++new_len;
    }
    out += "@@ -" + range(old_before, old_len) + " +" + range(new_before, new_len) + " @@\n";
    for (std::size_t k = begin; k < end; ++k) {
        std::string_view line = steps[k].line;
        const bool has_newline = !line.empty() && line.back() == '\n';
        if (has_newline) line.remove_suffix(1);
        out += static_cast<char>(steps[k].op);
        out += line;
        out += has_newline ? "\n" : "\n\\ No newline at end of file\n";
    }
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after,
                         const std::string& before_label, const std::string& after_label,
                         std::size_t context) {
    if (before == after) return "";
    const std::vector<Step> steps = edit_script(split_lines(before), split_lines(after));
    std::string out = "--- " + before_label + "\n+++ " + after_label + "\n";
    std::size_t old_seen = 0;  // old and new lines before steps[k]
    std::size_t new_seen = 0;
    std::size_t k = 0;
    while (k < steps.size()) {
        if (steps[k].op == Op::kKeep) {
            ++old_seen;
            ++new_seen;
            ++k;
            continue;
        }
        // A change at k: the hunk starts `context` kept lines earlier and runs until a stretch
        // of more than 2 * context kept lines (or the end).
        const std::size_t lead = std::min(context, k);
        const std::size_t begin = k - lead;
        std::size_t last_change = k;
        std::size_t scan = k;
        while (scan < steps.size()) {
            if (steps[scan].op != Op::kKeep) {
                last_change = scan;
            } else if (scan - last_change > 2 * context) {
                break;
            }
            ++scan;
        }
        const std::size_t end = std::min(steps.size(), last_change + context + 1);
        print_hunk(steps, begin, end, old_seen - lead, new_seen - lead, out);
        for (; k < end; ++k) {
            if (steps[k].op != Op::kAdd) ++old_seen;
            if (steps[k].op != Op::kRemove) ++new_seen;
        }
    }
    return out;
}

}  // namespace hardrun::configure
