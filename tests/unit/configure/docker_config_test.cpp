// SPDX-License-Identifier: Apache-2.0
#include "configure/docker_config.hpp"

#include <catch2/catch.hpp>

#include "base/json.hpp"

namespace cfg = hardrun::configure;
using hardrun::Json;

namespace {

const cfg::RuntimeEntry kEntry{"hardrun", "/usr/sbin/hardrun", false};
const cfg::RuntimeEntry kDefaultEntry{"hardrun", "/usr/sbin/hardrun", true};

Json parsed(const std::string& text) { return Json::parse(text); }

}  // namespace

TEST_CASE("docker_configure turns a missing or empty daemon.json into one runtime entry",
          "[configure][docker]") {
    // A final newline is kept, or added to a new file; a one-line "{}" without one stays without.
    const std::string before = GENERATE("", "\n", "{}", "{}\n");
    auto edit = cfg::docker_configure(before, "daemon.json", kEntry);
    REQUIRE(edit);
    const bool newline = before != "{}";
    CHECK(edit->text ==
          "{\n    \"runtimes\": {\n        \"hardrun\": {\n            \"path\": "
          "\"/usr/sbin/hardrun\"\n"
          "        }\n    }\n}" +
              std::string(newline ? "\n" : ""));
    CHECK(edit->notes.empty());
}

TEST_CASE("docker_configure keeps every other key, its order and the file's indentation",
          "[configure][docker]") {
    struct Case {
        const char* what;
        std::string before;
        const char* indent;
    };
    const auto c = GENERATE(values<Case>({
        {"two spaces (jq)",
         "{\n  \"storage-driver\": \"vfs\",\n  \"debug\": true,\n  \"log-opts\": {\"max-size\": "
         "\"10m\"}\n}\n",
         "  "},
        {"tabs",
         "{\n\t\"storage-driver\": \"vfs\",\n\t\"debug\": true,\n\t\"log-opts\": {\"max-size\": "
         "\"10m\"}\n}\n",
         "\t"},
        {"one line", R"({"storage-driver": "vfs", "debug": true, "log-opts": {"max-size": "10m"}})",
         "    "},
    }));
    INFO(c.what);
    auto edit = cfg::docker_configure(c.before, "daemon.json", kDefaultEntry);
    REQUIRE(edit);
    const Json doc = parsed(edit->text);
    std::vector<std::string> keys;
    for (const auto& item : doc.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"storage-driver", "debug", "log-opts", "runtimes",
                                           "default-runtime"});
    CHECK(doc["log-opts"] == Json{{"max-size", "10m"}});
    CHECK(doc["runtimes"]["hardrun"] == Json{{"path", "/usr/sbin/hardrun"}});
    CHECK(doc["default-runtime"] == "hardrun");
    CHECK_THAT(edit->text, Catch::StartsWith(std::string("{\n") + c.indent + "\"storage-driver\""));
}

TEST_CASE("docker_configure run twice changes nothing the second time", "[configure][docker]") {
    const bool set_default = GENERATE(false, true);
    const cfg::RuntimeEntry entry{"hardrun", "/usr/sbin/hardrun", set_default};
    auto first = cfg::docker_configure(R"({"debug": true})", "daemon.json", entry);
    REQUIRE(first);
    auto second = cfg::docker_configure(first->text, "daemon.json", entry);
    REQUIRE(second);
    CHECK(second->text == first->text);
}

TEST_CASE("docker_configure accepts an entry with the same path and extra settings as configured",
          "[configure][docker]") {
    const std::string before =
        R"({"runtimes": {"hardrun": {"path": "/usr/sbin/hardrun", "runtimeArgs": ["--debug"]}}})";
    auto edit = cfg::docker_configure(before, "daemon.json", kEntry);
    REQUIRE(edit);
    CHECK(edit->text == before);
}

TEST_CASE("docker_configure refuses what it cannot do without losing the operator's settings",
          "[configure][docker]") {
    struct Case {
        const char* what;
        const char* before;
        cfg::RuntimeEntry entry;
        const char* message;
    };
    const auto c = GENERATE(values<Case>({
        {"a runtime of that name with another path",
         R"({"runtimes": {"hardrun": {"path": "/opt/other"}}})", kEntry,
         "daemon.json: runtimes.hardrun already exists as {\"path\":\"/opt/other\"}"},
        {"malformed JSON names the byte", "{\"debug\": true,,}", kEntry,
         "daemon.json: not valid JSON at byte 16"},
        {"truncated JSON", "{\"runtimes\": {", kEntry, "daemon.json: not valid JSON at byte"},
        {"not an object", "[1, 2]", kEntry, "daemon.json: not a JSON object"},
        {"runtimes not an object", R"({"runtimes": ["hardrun"]})", kEntry,
         "\"runtimes\" is not an object"},
        {"a name dockerd reserves", "{}", cfg::RuntimeEntry{"runc", "/usr/sbin/hardrun", false},
         "reserved by dockerd"},
    }));
    INFO(c.what);
    auto edit = cfg::docker_configure(c.before, "daemon.json", c.entry);
    REQUIRE_FALSE(edit);
    CHECK_THAT(edit.error().message(), Catch::Contains(c.message));
}

TEST_CASE("docker_configure --set-as-default replaces another default runtime with a note",
          "[configure][docker]") {
    auto edit =
        cfg::docker_configure(R"({"default-runtime": "runc"})", "daemon.json", kDefaultEntry);
    REQUIRE(edit);
    CHECK(parsed(edit->text)["default-runtime"] == "hardrun");
    REQUIRE(edit->notes.size() == 1);
    CHECK_THAT(edit->notes[0], Catch::Contains("default-runtime was \"runc\""));
}

TEST_CASE("docker_unconfigure gives back a daemon.json written in the same style byte for byte",
          "[configure][docker]") {
    const std::string before = GENERATE(
        std::string("{\n  \"storage-driver\": \"vfs\",\n  \"log-driver\": \"json-file\"\n}\n"),
        std::string("{\n    \"debug\": true,\n    \"runtimes\": {\n        \"nvidia\": {\n"
                    "            \"path\": \"nvidia-container-runtime\"\n        }\n    }\n}\n"));
    const bool set_default = GENERATE(false, true);
    auto added =
        cfg::docker_configure(before, "daemon.json", {"hardrun", "/usr/sbin/hardrun", set_default});
    REQUIRE(added);
    REQUIRE(added->text != before);
    auto removed = cfg::docker_unconfigure(added->text, "daemon.json", "hardrun");
    REQUIRE(removed);
    CHECK(removed->text == before);
}

TEST_CASE("docker_unconfigure leaves what hardrunctl did not write", "[configure][docker]") {
    SECTION("an entry with settings configure never writes is refused") {
        const std::string before =
            R"({"runtimes": {"hardrun": {"path": "/x", "runtimeArgs": []}}})";
        auto edit = cfg::docker_unconfigure(before, "daemon.json", "hardrun");
        REQUIRE_FALSE(edit);
        CHECK_THAT(edit.error().message(), Catch::Contains("left alone"));
    }
    SECTION("nothing of the runtime: the text is returned unchanged") {
        const std::string before = GENERATE(std::string(""), std::string(R"({"debug": true})"));
        auto edit = cfg::docker_unconfigure(before, "daemon.json", "hardrun");
        REQUIRE(edit);
        CHECK(edit->text == before);
    }
    SECTION("a malformed file is refused naming the byte") {
        auto edit = cfg::docker_unconfigure("{\"a\" 1}", "/etc/docker/daemon.json", "hardrun");
        REQUIRE_FALSE(edit);
        CHECK_THAT(edit.error().message(),
                   Catch::Contains("/etc/docker/daemon.json: not valid JSON at byte 6"));
    }
}
