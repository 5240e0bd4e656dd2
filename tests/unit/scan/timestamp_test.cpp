// SPDX-License-Identifier: Apache-2.0
#include "scan/timestamp.hpp"

#include <catch2/catch.hpp>

using hardrun::scan::format_duration;
using hardrun::scan::format_utc;
using hardrun::scan::parse_rfc3339;

TEST_CASE("parse_rfc3339 reads UTC, fractions and offsets as scanners write them",
          "[scan][timestamp]") {
    const auto [text, want] = GENERATE(table<const char*, std::int64_t>({
        {"1970-01-01T00:00:00Z", 0},
        {"2021-08-25T12:20:30.000000005Z", 1629894030},
        {"2021-08-25T12:20:30Z", 1629894030},
        {"2021-08-25t12:20:30.5z", 1629894030},
        {"2021-08-25 12:20:30Z", 1629894030},
        {"2021-08-25T14:20:30+02:00", 1629894030},
        {"2021-08-25T07:50:30.999-04:30", 1629894030},
        {"2024-02-29T23:59:59Z", 1709251199},
        {"2016-12-31T23:59:60Z", 1483228800},
    }));
    CAPTURE(text);
    REQUIRE(parse_rfc3339(text) == want);
}

TEST_CASE("parse_rfc3339 rejects what is not a full RFC 3339 date-time", "[scan][timestamp]") {
    const char* text =
        GENERATE("", "2021-08-25", "2021-08-25T12:20:30", "2021-08-25T12:20Z",
                 "2021-08-25T12:20:30.Z", "2021-08-25T24:00:00Z", "2021-08-25T12:60:00Z",
                 "2021-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2021-08-25T12:20:30+0200",
                 "2021-08-25T12:20:30+24:00", "2021-08-25T12:20:30Z ", "2021-08-25X12:20:30Z",
                 "21-08-25T12:20:30Z", "2021-08-25T12:20:30+02:00x", "2021-08-25T1a:20:30Z");
    CAPTURE(text);
    CHECK_FALSE(parse_rfc3339(text).has_value());
}

TEST_CASE("format_utc prints Unix time as an RFC 3339 UTC time", "[scan][timestamp]") {
    CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(format_utc(1629894030) == "2021-08-25T12:20:30Z");
    CHECK(format_utc(1709251199) == "2024-02-29T23:59:59Z");
    CHECK(format_utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(parse_rfc3339(format_utc(1795694400)) == 1795694400);
}

TEST_CASE("format_duration names the largest whole unit", "[scan][timestamp]") {
    CHECK(format_duration(0) == "0 seconds");
    CHECK(format_duration(1) == "1 second");
    CHECK(format_duration(59) == "59 seconds");
    CHECK(format_duration(60) == "1 minute");
    CHECK(format_duration(7200) == "2 hours");
    CHECK(format_duration(86400) == "1 day");
    CHECK(format_duration(12 * 86400 + 3600) == "12 days");
}
