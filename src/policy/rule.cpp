#include "policy/rule.h"

#include <algorithm>
#include <array>

namespace cfn {

namespace {

constexpr std::array<std::string_view, 12> kCategoryTags = {
    "encryption-at-rest", "encryption-in-transit", "iam-wildcard", "public-access",
    "least-privilege",    "tracing",               "logging",      "secrets",
    "api-auth",           "template-error",        "security",     "observability"};

}  // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::Note: return "note";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "warning";
}

std::optional<Level> parse_level(std::string_view name) {
  if (name == "note") return Level::Note;
  if (name == "warning") return Level::Warning;
  if (name == "error") return Level::Error;
  return std::nullopt;
}

bool is_category_tag(std::string_view tag) {
  return std::find(kCategoryTags.begin(), kCategoryTags.end(), tag) != kCategoryTags.end();
}

std::span<const std::string_view> category_tags() { return kCategoryTags; }

}  // namespace cfn
