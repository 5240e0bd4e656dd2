// SPDX-License-Identifier: Apache-2.0
// Every hardrun configuration shown in the documentation parses with hardrun's own parser.
#include <algorithm>
#include <sstream>

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "base/files.hpp"
#include "policy/parse.hpp"
#include "trust/containers_policy.hpp"

namespace {

// The ```json (or another fence, e.g. ```jsonc) blocks of a Markdown file, with the line each
// starts on.
std::vector<std::pair<int, std::string>> json_blocks(const std::string& text, const std::string& fence = "```json") {
    std::vector<std::pair<int, std::string>> out;
    std::istringstream in(text);
    std::string line, block;
    int number = 0, start = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++number;
        const auto trimmed = line.substr(std::min(line.find_first_not_of(' '), line.size()));
        if (!inside && trimmed == fence) {
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

// A P-256 public key in PEM, made here so the test needs no fixture.
std::string test_public_key_pem() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

}  // namespace

TEST_CASE("every configuration example in the documentation is valid", "[docs][policy]") {
    const std::string doc = GENERATE("docs/policy.md", "docs/operations.md", "docs/trust.md", "README.md");
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

TEST_CASE("every signature policy example in the documentation is valid", "[docs][trust]") {
    auto text = hardrun::read_file(std::string(HARDRUN_SOURCE_DIR) + "/docs/trust.md", 1 << 20);
    REQUIRE(text);
    // The keys the examples name are not on this machine: any path reads as a valid key.
    const std::string pem = test_public_key_pem();
    const auto read_key = [&](const std::string&) -> hardrun::Result<std::string> { return pem; };
    int checked = 0;
    for (const auto& [line, block] : json_blocks(*text, "```jsonc")) {
        INFO("docs/trust.md:" << line << "\n" << block);
        auto policy = hardrun::trust::parse_signature_policy(block, "docs/trust.md", read_key);
        CHECK(policy);
        if (!policy) WARN(policy.error().message());
        ++checked;
    }
    CHECK(checked > 0);
}
