// SPDX-License-Identifier: Apache-2.0
// Every hardrun configuration shown in the documentation parses with hardrun's own parser.
#include <algorithm>
#include <sstream>

#include <catch2/catch.hpp>

#include "base/files.hpp"
#include "policy/parse.hpp"

namespace {

// The ```json blocks of a Markdown file, with the line each starts on.
std::vector<std::pair<int, std::string>> json_blocks(const std::string& text) {
    std::vector<std::pair<int, std::string>> out;
    std::istringstream in(text);
    std::string line, block;
    int number = 0, start = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++number;
        const auto trimmed = line.substr(std::min(line.find_first_not_of(' '), line.size()));
        if (!inside && trimmed == "```json") {
            inside = true;
            start = number + 1;
            block.clear();
        } else if (inside && trimmed == "```") {
            inside = false;
            out.emplace_back(start, block);
        } else if (inside) {
            block += line + "\n";
        }
    }
    return out;
}

}  // namespace

TEST_CASE("every configuration example in the documentation is valid", "[docs][policy]") {
    const std::string doc = GENERATE("docs/policy.md", "docs/operations.md", "README.md");
    auto text = hardrun::read_file(std::string(HARDRUN_SOURCE_DIR) + "/" + doc, 1 << 20);
    REQUIRE(text);
    int checked = 0;
    for (const auto& [line, block] : json_blocks(*text)) {
        // README's daemon.json snippets are Docker's, not hardrun's.
        if (block.find("\"runtimes\"") != std::string::npos) continue;
        INFO(doc << ":" << line << "\n" << block);
        auto config = hardrun::policy::parse_config_text(block, doc);
        CHECK(config);
        if (!config) WARN(config.error().message());
        ++checked;
    }
    if (doc != "README.md") CHECK(checked > 0);
}
