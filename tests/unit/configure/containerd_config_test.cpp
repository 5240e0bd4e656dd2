// SPDX-License-Identifier: Apache-2.0
#include "configure/containerd_config.hpp"

#include <catch2/catch.hpp>

#include "configure/line_diff.hpp"
#include "configure_support.hpp"

namespace cfg = hardrun::configure;
using hardrun::testing::configure_fixture;
using hardrun::testing::toml_value;

namespace {

cfg::RuntimeEntry entry(bool set_default = false) {
    return {"hardened", "/usr/sbin/hardrun", set_default};
}

// The lines a unified diff shows as removed from `before`.
std::vector<std::string> removed_lines(const std::string& before, const std::string& after) {
    std::vector<std::string> out;
    const std::string diff = cfg::unified_diff(before, after, "a", "b", 0);
    std::size_t pos = 0;
    while (pos < diff.size()) {
        const auto end = diff.find('\n', pos);
        const std::string line = diff.substr(pos, end - pos);
        if (line.starts_with("-") && !line.starts_with("---")) out.push_back(line.substr(1));
        pos = end + 1;
    }
    return out;
}

struct Fixture {
    const char* file;
    const char* plugin;        // where the handler must be
    const char* default_line;  // the line --set-as-default replaces
};

const std::vector<Fixture> kFixtures = {
    {"containerd-1.6-default.toml", "io.containerd.grpc.v1.cri",
     "      default_runtime_name = \"runc\""},
    {"containerd-2.x-excerpt.toml", "io.containerd.cri.v1.runtime",
     "      default_runtime_name = 'runc'"},
    {"operator-v2.toml", "io.containerd.grpc.v1.cri",
     "    default_runtime_name=\"runc\"      # the stock one"},
};

}  // namespace

TEST_CASE("containerd_configure starts a missing config.toml as a version 2 file",
          "[configure][containerd]") {
    const std::string before = GENERATE("", "\n\n");
    auto edit = cfg::containerd_configure(before, "config.toml", entry());
    REQUIRE(edit);
    CHECK(edit->text ==
          "version = 2\n"
          "\n"
          "# hardrun: begin runtime \"hardened\": added by hardrunctl configure, removed by "
          "hardrunctl unconfigure\n"
          "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened]\n"
          "  runtime_type = \"io.containerd.runc.v2\"\n"
          "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened.options]\n"
          "  BinaryName = \"/usr/sbin/hardrun\"\n"
          "# hardrun: end runtime \"hardened\"\n");
}

TEST_CASE("containerd_configure appends the handler and keeps the existing file byte for byte",
          "[configure][containerd]") {
    const auto f = GENERATE(from_range(kFixtures));
    INFO(f.file);
    const std::string before = configure_fixture(f.file);
    auto edit = cfg::containerd_configure(before, f.file, entry());
    REQUIRE(edit);
    CHECK_THAT(edit->text, Catch::StartsWith(before));
    CHECK(toml_value(edit->text, {"plugins", f.plugin, "containerd", "runtimes", "hardened",
                                  "runtime_type"}) == "io.containerd.runc.v2");
    CHECK(toml_value(edit->text, {"plugins", f.plugin, "containerd", "runtimes", "hardened",
                                  "options", "BinaryName"}) == "/usr/sbin/hardrun");
    CHECK(toml_value(edit->text, {"plugins", f.plugin, "containerd", "default_runtime_name"}) ==
          "runc");
}

TEST_CASE("containerd_configure --set-as-default edits only the default_runtime_name line",
          "[configure][containerd]") {
    const auto f = GENERATE(from_range(kFixtures));
    INFO(f.file);
    const std::string before = configure_fixture(f.file);
    auto edit = cfg::containerd_configure(before, f.file, entry(true));
    REQUIRE(edit);
    CHECK(removed_lines(before, edit->text) == std::vector<std::string>{f.default_line});
    CHECK_THAT(edit->text, Catch::Contains("# hardrun: replaced for runtime \"hardened\": " +
                                           std::string(f.default_line)));
    CHECK(toml_value(edit->text, {"plugins", f.plugin, "containerd", "default_runtime_name"}) ==
          "hardened");
    REQUIRE(edit->notes.size() == 1);
    CHECK_THAT(edit->notes[0], Catch::Contains("default_runtime_name was \"runc\""));
}

TEST_CASE("containerd_configure --set-as-default adds the key where the table has none",
          "[configure][containerd]") {
    SECTION("a table with its own header gets one line under it") {
        const std::string before =
            "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = "
            "\"overlayfs\"\n";
        auto edit = cfg::containerd_configure(before, "config.toml", entry(true));
        REQUIRE(edit);
        CHECK_THAT(
            edit->text,
            Catch::StartsWith("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n"
                              "  default_runtime_name = \"hardened\"  # hardrun: default runtime "
                              "\"hardened\"\n  snapshotter = \"overlayfs\"\n"));
    }
    SECTION("a table only implied by its subtables is opened in hardrun's block") {
        const std::string before =
            "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n  "
            "runtime_type = \"io.containerd.runc.v2\"\n";
        auto edit = cfg::containerd_configure(before, "config.toml", entry(true));
        REQUIRE(edit);
        CHECK_THAT(edit->text, Catch::StartsWith(before));
        CHECK(toml_value(edit->text, {"plugins", "io.containerd.grpc.v1.cri", "containerd",
                                      "default_runtime_name"}) == "hardened");
    }
    SECTION("a default written as a dotted key is left for the operator to change") {
        const std::string before =
            "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\"]\n  "
            "containerd.default_runtime_name = \"runc\"\n";
        auto edit = cfg::containerd_configure(before, "config.toml", entry(true));
        REQUIRE_FALSE(edit);
        CHECK_THAT(edit.error().message(), Catch::Contains("add this by hand"));
        CHECK_THAT(edit.error().message(),
                   Catch::Contains("set default_runtime_name = \"hardened\" in "
                                   "[plugins.\"io.containerd.grpc.v1.cri\".containerd]"));
    }
}

TEST_CASE("containerd_configure reads a file without version as version 1, with a note",
          "[configure][containerd]") {
    auto edit =
        cfg::containerd_configure("root = \"/var/lib/containerd\"\n", "config.toml", entry());
    REQUIRE(edit);
    CHECK(toml_value(edit->text, {"plugins", "cri", "containerd", "runtimes", "hardened", "options",
                                  "BinaryName"}) == "/usr/sbin/hardrun");
    REQUIRE(edit->notes.size() == 1);
    CHECK_THAT(edit->notes[0], Catch::Contains("version 1"));
}

TEST_CASE("containerd_configure run twice changes nothing the second time",
          "[configure][containerd]") {
    const auto f = GENERATE(from_range(kFixtures));
    const bool set_default = GENERATE(false, true);
    INFO(f.file << " set_as_default=" << set_default);
    auto first = cfg::containerd_configure(configure_fixture(f.file), f.file, entry(set_default));
    REQUIRE(first);
    auto second = cfg::containerd_configure(first->text, f.file, entry(set_default));
    REQUIRE(second);
    CHECK(second->text == first->text);
}

TEST_CASE("containerd_configure refuses a handler of the same name configured differently",
          "[configure][containerd]") {
    struct Case {
        const char* what;
        const char* before;
        const char* message;
    };
    const auto c = GENERATE(values<Case>({
        {"another BinaryName",
         "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened]\n  "
         "runtime_type = \"io.containerd.runc.v2\"\n"
         "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened.options]\n  "
         "BinaryName = \"/usr/bin/runc\"\n",
         "options.BinaryName is \"/usr/bin/runc\", hardrun needs \"/usr/sbin/hardrun\""},
        {"another runtime_type, no options",
         "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened]\n  "
         "runtime_type = \"io.containerd.kata.v2\"\n",
         "runtime_type is \"io.containerd.kata.v2\", hardrun needs \"io.containerd.runc.v2\""},
        {"a table of that name with other settings only",
         "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened]\n  "
         "privileged_without_host_devices = true\n",
         "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened] exists with other "
         "settings"},
        {"runtimes as an inline table cannot be extended by appending",
         "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  runtimes = { runc = { "
         "runtime_type = \"io.containerd.runc.v2\" } }\n",
         "without rewriting the file"},
        {"plugins as a string", "version = 2\nplugins = \"none\"\n",
         "plugins is a string, not a table"},
    }));
    INFO(c.what);
    auto edit = cfg::containerd_configure(c.before, "/etc/containerd/config.toml", entry());
    REQUIRE_FALSE(edit);
    CHECK_THAT(edit.error().message(), Catch::StartsWith("/etc/containerd/config.toml: "));
    CHECK_THAT(edit.error().message(), Catch::Contains(c.message));
}

TEST_CASE("containerd_configure refuses a malformed config.toml naming the file, line and column",
          "[configure][containerd]") {
    struct Case {
        const char* before;
        const char* message;
    };
    const auto c = GENERATE(values<Case>({
        {"version = 2\n[plugins\nx = 1\n", "config.toml: not valid TOML at line 2, column 9"},
        {"version = 2\n[grpc]\naddress = \"a\"\n[grpc]\n", "config.toml: not valid TOML at line 4"},
        {"version = \"2\"\n", "config.toml: version is \"2\", not an integer"},
        {"version = 4\n", "config.toml: version = 4 is not a containerd config version"},
    }));
    auto edit = cfg::containerd_configure(c.before, "config.toml", entry());
    REQUIRE_FALSE(edit);
    CHECK_THAT(edit.error().message(), Catch::Contains(c.message));
    auto removed = cfg::containerd_unconfigure(c.before, "config.toml", "hardened");
    CHECK_FALSE(removed);
}

TEST_CASE("containerd_unconfigure after configure gives back the original bytes",
          "[configure][containerd]") {
    const auto f = GENERATE(from_range(kFixtures));
    const bool set_default = GENERATE(false, true);
    const bool final_newline = GENERATE(true, false);
    INFO(f.file << " set_as_default=" << set_default << " final_newline=" << final_newline);
    std::string before = configure_fixture(f.file);
    if (!final_newline) before.pop_back();
    auto added = cfg::containerd_configure(before, f.file, entry(set_default));
    REQUIRE(added);
    auto removed = cfg::containerd_unconfigure(added->text, f.file, "hardened");
    REQUIRE(removed);
    CHECK(removed->text == before);
    CHECK(removed->notes.empty());
}

TEST_CASE("containerd_unconfigure leaves a handler it did not write, with a note",
          "[configure][containerd]") {
    const std::string before =
        "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened]\n  "
        "runtime_type = \"io.containerd.runc.v2\"\n";
    auto edit = cfg::containerd_unconfigure(before, "config.toml", "hardened");
    REQUIRE(edit);
    CHECK(edit->text == before);
    REQUIRE(edit->notes.size() == 1);
    CHECK_THAT(edit->notes[0], Catch::Contains("not added by hardrunctl"));
}

TEST_CASE("containerd_configure's --dry-run diff shows the appended block and the edited default line",
          "[configure][containerd]") {
    const std::string before =
        "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  default_runtime_name = "
        "\"runc\"\n";
    auto edit = cfg::containerd_configure(before, "config.toml", entry(true));
    REQUIRE(edit);
    CHECK(cfg::unified_diff(before, edit->text, "config.toml", "config.toml") ==
          "--- config.toml\n+++ config.toml\n"
          "@@ -1,3 +1,11 @@\n"
          " version = 2\n"
          " [plugins.\"io.containerd.grpc.v1.cri\".containerd]\n"
          "-  default_runtime_name = \"runc\"\n"
          "+# hardrun: replaced for runtime \"hardened\":   default_runtime_name = \"runc\"\n"
          "+  default_runtime_name = \"hardened\"  # hardrun: default runtime \"hardened\"\n"
          "+\n"
          "+# hardrun: begin runtime \"hardened\": added by hardrunctl configure, removed by "
          "hardrunctl unconfigure\n"
          "+[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened]\n"
          "+  runtime_type = \"io.containerd.runc.v2\"\n"
          "+[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.hardened.options]\n"
          "+  BinaryName = \"/usr/sbin/hardrun\"\n"
          "+# hardrun: end runtime \"hardened\"\n");
}
