// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>
#include <string_view>
#include <vector>

#include "cli/options.hpp"

using namespace hardrun::cli;

namespace {

constexpr OptionSpec kSpecs[] = {
    {"--cache-dir", OptionKind::kValue},
    {"--insecure-registry", OptionKind::kRepeated},
    {"--json", OptionKind::kSwitch},
};

hardrun::Result<ParsedOptions> parse(std::vector<std::string_view> args) { return parse_options(args, kSpecs); }

}  // namespace

TEST_CASE("options take their value from the next word or after '='", "[cli][options]") {
    auto opts = parse({"--cache-dir", "/c", "img", "--insecure-registry=a:*", "--json", "--insecure-registry", "b:*", "x"});
    REQUIRE(opts);
    CHECK(opts->value("--cache-dir") == "/c");
    CHECK(opts->values("--insecure-registry") == std::vector<std::string>{"a:*", "b:*"});
    CHECK(opts->has("--json"));
    CHECK_FALSE(opts->has("--other"));
    CHECK(opts->positional == std::vector<std::string>{"img", "x"});
    CHECK_FALSE(opts->value("--nothing"));
    CHECK(opts->values("--nothing").empty());
}

TEST_CASE("option errors name the flag", "[cli][options]") {
    const auto [args, why] = GENERATE(table<std::vector<std::string_view>, std::string>({
        {{"--bogus", "x"}, "unknown flag --bogus"},
        {{"--cache-dir"}, "--cache-dir needs a value"},
        {{"--cache-dir", "/a", "--cache-dir=/b"}, "--cache-dir is given twice"},
        {{"--json", "--json"}, "--json is given twice"},
        {{"--json=yes"}, "--json takes no value"},
    }));
    auto opts = parse(args);
    REQUIRE_FALSE(opts);
    CHECK(opts.error().code() == hardrun::ErrorCode::kInvalidArgument);
    CHECK_THAT(opts.error().message(), Catch::Contains(why));
}

TEST_CASE("milliseconds and absolute paths are checked and named", "[cli][options]") {
    CHECK(*parse_milliseconds("--timeout-ms", "1500") == 1500);
    for (const char* bad : {"0", "-1", "1.5", "", "600001", "12ms"}) {
        auto ms = parse_milliseconds("--timeout-ms", bad);
        REQUIRE_FALSE(ms);
        CHECK_THAT(ms.error().message(), Catch::Contains("--timeout-ms needs a number of milliseconds"));
    }
    CHECK(*absolute_path("--policy", "/etc/containers/policy.json") == "/etc/containers/policy.json");
    CHECK_THAT(absolute_path("--policy", "policy.json").error().message(), Catch::Contains("--policy needs an absolute path"));
}
