#include <catch2/catch.hpp>

#include "model/source.h"

using cfn::SourceFile;

TEST_CASE("an excerpt keeps the chosen lines at their numbers and drops the rest", "[source]") {
  SourceFile file("t.yaml", "a: 1\r\nb: 2\nc: 3\nd: 4\n");
  auto excerpt = file.excerpt({3, 1, 3});
  CHECK(excerpt->path() == "t.yaml");
  CHECK(excerpt->line(1) == "a: 1");
  CHECK(excerpt->line(2) == "");
  CHECK(excerpt->line(3) == "c: 3");
  CHECK(excerpt->line(4) == "");
  CHECK(excerpt->line_count() == file.line_count());
  CHECK(excerpt->size() == file.size());
  CHECK(excerpt->text().size() < file.text().size());
}

TEST_CASE("an excerpt of no lines is empty", "[source]") {
  SourceFile file("t.yaml", "a: 1\nb: 2\n");
  CHECK(file.excerpt({})->line(1).empty());
  CHECK(file.excerpt({0, 99})->line_count() == file.line_count());
}
