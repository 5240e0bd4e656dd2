// SPDX-License-Identifier: Apache-2.0
#include "configure/crio_config.hpp"

#include <catch2/catch.hpp>

#include "configure_support.hpp"

namespace cfg = hardrun::configure;
using hardrun::testing::toml_value;

TEST_CASE("crio_configure writes a drop-in with the runtime handler CRI-O documents",
          "[configure][crio]") {
    auto edit =
        cfg::crio_configure("", "99-hardrun.conf", {"hardened", "/usr/sbin/hardrun", false});
    REQUIRE(edit);
    CHECK(edit->text ==
          "# hardrun: begin runtime \"hardened\": added by hardrunctl configure, removed by "
          "hardrunctl unconfigure\n"
          "[crio.runtime.runtimes.hardened]\n"
          "  runtime_path = \"/usr/sbin/hardrun\"\n"
          "  runtime_type = \"oci\"\n"
          "# hardrun: end runtime \"hardened\"\n");
}

TEST_CASE("crio_configure --set-as-default names the handler in [crio.runtime]",
          "[configure][crio]") {
    auto edit = cfg::crio_configure("", "99-hardrun.conf", {"hardened", "/usr/sbin/hardrun", true});
    REQUIRE(edit);
    CHECK(toml_value(edit->text, {"crio", "runtime", "default_runtime"}) == "hardened");
    CHECK(toml_value(edit->text, {"crio", "runtime", "runtimes", "hardened", "runtime_path"}) ==
          "/usr/sbin/hardrun");
}

TEST_CASE("crio drop-ins hold several names, each removed on its own", "[configure][crio]") {
    auto first =
        cfg::crio_configure("", "99-hardrun.conf", {"hardened", "/usr/sbin/hardrun", false});
    REQUIRE(first);
    auto both = cfg::crio_configure(first->text, "99-hardrun.conf",
                                    {"hardened-debug", "/opt/hardrun", false});
    REQUIRE(both);
    CHECK_THAT(both->text, Catch::StartsWith(first->text));
    auto again = cfg::crio_configure(both->text, "99-hardrun.conf",
                                     {"hardened", "/usr/sbin/hardrun", false});
    REQUIRE(again);
    CHECK(again->text == both->text);

    auto without_debug = cfg::crio_unconfigure(both->text, "99-hardrun.conf", "hardened-debug");
    REQUIRE(without_debug);
    CHECK(without_debug->text == first->text);
    auto empty = cfg::crio_unconfigure(without_debug->text, "99-hardrun.conf", "hardened");
    REQUIRE(empty);
    CHECK(empty->text.empty());
}

TEST_CASE("crio_configure refuses a conflicting or malformed drop-in", "[configure][crio]") {
    struct Case {
        const char* before;
        const char* message;
    };
    const auto c = GENERATE(values<Case>({
        {"[crio.runtime.runtimes.hardened]\nruntime_path = \"/usr/bin/crun\"\n",
         "crio.runtime.runtimes.hardened.runtime_path is \"/usr/bin/crun\", hardrun needs "
         "\"/usr/sbin/hardrun\""},
        {"[crio.runtime\n", "99-hardrun.conf: not valid TOML at line 1"},
    }));
    auto edit =
        cfg::crio_configure(c.before, "99-hardrun.conf", {"hardened", "/usr/sbin/hardrun", false});
    REQUIRE_FALSE(edit);
    CHECK_THAT(edit.error().message(), Catch::Contains(c.message));
}
