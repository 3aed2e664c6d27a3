// What CheckContext's helpers promise that checks and the fixtures do not show directly.
#include <catch2/catch.hpp>

#include "policy/check.h"

using namespace cfn;

TEST_CASE("format_message fills every {resource} and {path}, and leaves other braces", "[policy][message]") {
  CHECK(format_message("{resource} has no {path}.", "Bucket", "Resources.Bucket.Properties.X") ==
        "Bucket has no Resources.Bucket.Properties.X.");
  CHECK(format_message("{resource}{resource}", "A", "") == "AA");
  CHECK(format_message("{path} at the end {path}", "A", "P") == "P at the end P");
  CHECK(format_message("a {literal} brace, {resource} and {", "Q", "") == "a {literal} brace, Q and {");
  CHECK(format_message("no placeholder", "Q", "P") == "no placeholder");
  CHECK(format_message("", "Q", "P").empty());
  CHECK(format_message("{{resource}}", "R", "") == "{R}");
}
