// SPDX-License-Identifier: Apache-2.0
#include "configure/line_diff.hpp"

#include <catch2/catch.hpp>

using hardrun::configure::unified_diff;

TEST_CASE("unified_diff prints nothing for equal texts", "[configure][diff]") {
    CHECK(unified_diff("", "", "a", "b").empty());
    CHECK(unified_diff("x\ny\n", "x\ny\n", "a", "b").empty());
}

TEST_CASE("unified_diff writes hunks the way GNU diff -u does", "[configure][diff]") {
    struct Case {
        const char* what;
        const char* before;
        const char* after;
        const char* expected;
    };
    const auto c = GENERATE(values<Case>({
        {"a new file", "", "a\nb\n", "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
        {"a file emptied", "a\n", "", "--- old\n+++ new\n@@ -1 +0,0 @@\n-a\n"},
        {"one line changed, context trimmed to three lines", "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
         "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
         "--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"},
        {"lines appended after a last line without a newline", "a = 1", "a = 1\n\nb = 2\n",
         "--- old\n+++ new\n@@ -1 +1,3 @@\n-a = 1\n\\ No newline at end of file\n+a = 1\n+\n+b = "
         "2\n"},
        {"two changes far apart make two hunks", "a\n1\n2\n3\n4\n5\n6\n7\nb\n",
         "A\n1\n2\n3\n4\n5\n6\n7\nB\n",
         "--- old\n+++ new\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -6,4 +6,4 @@\n 5\n 6\n "
         "7\n-b\n+B\n"},
        {"two changes six lines apart share one hunk", "a\n1\n2\n3\n4\n5\n6\nb\n",
         "A\n1\n2\n3\n4\n5\n6\nB\n",
         "--- old\n+++ new\n@@ -1,8 +1,8 @@\n-a\n+A\n 1\n 2\n 3\n 4\n 5\n 6\n-b\n+B\n"},
        {"a line inserted between kept ones", "x\nz\n", "x\ny\nz\n",
         "--- old\n+++ new\n@@ -1,2 +1,3 @@\n x\n+y\n z\n"},
    }));
    INFO(c.what);
    CHECK(unified_diff(c.before, c.after, "old", "new") == c.expected);
}
