#include "iam/policy_document.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "eval/evaluator.h"
#include "eval/intrinsics.h"
#include "eval/resolver.h"

namespace cfn::iam {

namespace {

std::string indexed(const std::string& path, size_t i) {
  std::string result = path;
  result += '[';
  result += std::to_string(i);
  result += ']';
  return result;
}

// `path`, or item `i` of it unless i is Located::kNoIndex (an element written as one value,
// the one statement of a document written as a mapping).
std::string maybe_indexed(const std::string& path, size_t i) { return i == Located::kNoIndex ? path : indexed(path, i); }

std::string child(const std::string& path, std::string_view name) {
  std::string result = path;
  result += '.';
  result += name;
  return result;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Case-insensitive comparisons without a lowered copy: condition operators and keys are
// read for every statement of every policy.
bool equals_lower(std::string_view text, std::string_view lowered) {
  return text.size() == lowered.size() &&
         std::equal(text.begin(), text.end(), lowered.begin(), [](char a, char b) { return lower(a) == b; });
}

bool starts_with_lower(std::string_view text, std::string_view lowered) {
  return text.size() >= lowered.size() && equals_lower(text.substr(0, lowered.size()), lowered);
}

bool ends_with_lower(std::string_view text, std::string_view lowered) {
  return text.size() >= lowered.size() && equals_lower(text.substr(text.size() - lowered.size()), lowered);
}

bool effect_is(const Value& statement, std::string_view wanted) {
  const Value* effect = statement.find("Effect");
  if (!effect || is_unknown(*effect)) return false;
  return effect->as_string() == wanted;
}

bool only_stars(std::string_view text) {
  return !text.empty() && text.find_first_not_of('*') == std::string_view::npos;
}

// Glob match with `*` (any run, tried first) and one backtrack point, iterative;
// `same(p, t)` says whether pattern character p (not `*`) matches text character t.
template <typename Same>
bool glob_match(std::string_view pattern, std::string_view text, Same same) {
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && same(pattern[p], text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Glob match with `*` and `?`, case-insensitive: how IAM matches action names.
bool glob_matches(std::string_view pattern, std::string_view text) {
  return glob_match(pattern, text, [](char p, char t) {
    return p == '?' || std::tolower(static_cast<unsigned char>(p)) == std::tolower(static_cast<unsigned char>(t));
  });
}

// A condition operator that requires the key to be present and equal to / inside the
// given values. ForAllValues: passes on a request without the key, ...IfExists too.
bool is_restricting_operator(std::string_view op) {
  if (starts_with_lower(op, "forallvalues:") || ends_with_lower(op, "ifexists")) return false;
  if (starts_with_lower(op, "foranyvalue:")) op.remove_prefix(12);
  static constexpr std::string_view positive[] = {
      "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"};
  return std::any_of(std::begin(positive), std::end(positive),
                     [&](std::string_view name) { return equals_lower(op, name); });
}

// A value that lets anything through: "*" (or only stars) and the whole IPv4/IPv6 space.
// Read so under every positive operator, StringEquals too: "*" there is what an author
// writes meaning "anyone", and it is reported as such.
bool is_match_all(std::string_view text) { return only_stars(text) || text == "0.0.0.0/0" || text == "::/0"; }

// Whether an operator reads its values as patterns (StringLike, the ARN operators).
bool matches_patterns(std::string_view op) {
  if (starts_with_lower(op, "foranyvalue:")) op.remove_prefix(12);
  return starts_with_lower(op, "arn") || ends_with_lower(op, "like");
}

// Known IP ranges, 0.0.0.0/0 among them: every IPv4 address is in them.
bool holds_every_ipv4_address(const Value& values) {
  if (is_unknown(values)) return false;
  auto is_all_ipv4 = [](const Value& item) { return item.as_string() == "0.0.0.0/0"; };
  if (!values.is_sequence()) return is_all_ipv4(values);
  const auto& items = values.items();
  return std::none_of(items.begin(), items.end(), [](const Value& item) { return is_unknown(item); }) &&
         std::any_of(items.begin(), items.end(), is_all_ipv4);
}

// The same for IPv6: ::/0 among them.
bool holds_every_ipv6_address(const Value& values) {
  if (is_unknown(values)) return false;
  auto is_all_ipv6 = [](const Value& item) { return item.as_string() == "::/0"; };
  if (!values.is_sequence()) return is_all_ipv6(values);
  return std::any_of(values.items().begin(), values.items().end(), is_all_ipv6);
}

bool has_wildcard(std::string_view text) { return text.find_first_of("*?") != std::string_view::npos; }

// The fields of arn:partition:service:region:account[:resource] a condition pattern is
// judged by; nullopt when the text has fewer than five fields.
struct ArnFields {
  std::string_view service, account, resource;
};

std::optional<ArnFields> arn_fields(std::string_view arn) {
  std::string_view field[4];  // arn, partition, service, region
  for (std::string_view& each : field) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    each = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  size_t colon = arn.find(':');
  return ArnFields{field[2], arn.substr(0, colon), colon == std::string_view::npos ? "" : arn.substr(colon + 1)};
}

// Whether a pattern (under StringLike or an ARN operator) for a restricting key leaves
// open whose account, organization or network a request comes from: S3 calls a policy
// public unless such keys are tested against fixed values, and `vpce-*` or
// `arn:aws:sns:*:*:*` match endpoints and topics anyone can create. A pattern that fixes
// the owner and leaves the rest open (`arn:aws:sns:*:111122223333:*`, an organization's
// `o-a1b2c3/*` paths, a role id's `AROAEXAMPLE:*` sessions) still narrows.
bool pattern_fixes_no_owner(std::string_view key, std::string_view value) {
  if (!has_wildcard(value)) return false;
  static constexpr std::string_view whole_value_keys[] = {
      "aws:sourceaccount", "aws:principalaccount", "aws:sourceowner", "kms:calleraccount",
      "s3:dataaccesspointaccount", "aws:vpceaccount", "aws:sourceorgid", "aws:principalorgid",
      "aws:vpceorgid", "aws:sourcevpc", "aws:sourcevpce"};
  if (std::find(std::begin(whole_value_keys), std::end(whole_value_keys), key) != std::end(whole_value_keys))
    return true;
  auto first_part = [&](char separator) { return has_wildcard(value.substr(0, value.find(separator))); };
  if (key.ends_with("orgpaths")) return first_part('/');
  if (key == "aws:userid") return first_part(':');
  if (key == "aws:sourcearn" || key == "aws:principalarn" || key == "s3:dataaccesspointarn") {
    // arn:partition:service:region:account:resource. An S3 bucket's ARN has no account
    // (arn:aws:s3:::name, or arn:aws:s3:*:*:name, which ArnLike matches alike: `*` matches
    // the empty part), and its globally unique name is what fixes the owner.
    auto arn = arn_fields(value);
    // Fewer fields than an ARN has: "arn:aws:*" leaves every account open; other text is
    // no ARN, not judged.
    if (!arn) return starts_with_lower(value, "arn:");
    bool bucket = arn->service == "s3" && !arn->resource.starts_with("accesspoint/") &&
                  !arn->resource.starts_with("outpost/");
    if (!arn->account.empty() && !bucket) return has_wildcard(arn->account);
    return has_wildcard(arn->resource.substr(0, arn->resource.find('/')));
  }
  return false;
}

// Whether `key` (lower case) is one of the restricting condition keys.
bool is_restricting_key(std::string_view key) {
  const auto& keys = restricting_condition_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Whether a Condition element has a positive test of a key `tests_key` accepts (given in
// lower case) whose values narrow: known (as intrinsics::written_text reads them), and
// none of them one that `lets_all` accepts under that test's operator (the values of one
// key are ORed). An unknown Condition, block or value list counts as narrowing.
bool narrows(const Value* condition, const std::function<bool(std::string_view)>& tests_key,
             const std::function<bool(std::string_view op, std::string_view key, std::string_view value)>& lets_all) {
  if (!condition) return false;
  if (is_unknown(*condition)) return true;
  if (!condition->is_mapping()) return false;
  for (const Value::Entry& block : condition->entries()) {
    if (!is_restricting_operator(block.key)) continue;
    if (is_unknown(block.value)) return true;
    for (const Value::Entry& test : block.value.entries()) {
      const std::string key = ascii_lower(test.key);
      if (!tests_key(key)) continue;
      auto lets_everything = [&](const Value& value) {
        auto text = intrinsics::written_text(value);
        return text && lets_all(block.key, key, *text);
      };
      const Value& values = test.value;
      if (is_unknown(values) && !intrinsics::literal_runs(values)) return true;
      if (values.is_sequence() ? !values.items().empty() && std::none_of(values.items().begin(), values.items().end(),
                                                                          lets_everything)
                               : !lets_everything(values))
        return true;
    }
  }
  return false;
}

}  // namespace

// A statement whose NotResource is "*" (or holds it) applies to no resource; one whose
// NotAction is "*" or "*:*" (or holds it), to no action.
bool applies_to_nothing(const Value& statement) {
  const Value* not_resource = statement.find("NotResource");
  if (not_resource && find_wildcard_resource(Located(*not_resource, std::string()))) return true;
  const Value* not_action = statement.find("NotAction");
  return not_action && find_full_wildcard_action(Located(*not_action, std::string()));
}

bool Statement::allows() const { return effect_is(*node_, "Allow") && !applies_to_nothing(*node_); }
bool Statement::denies() const { return effect_is(*node_, "Deny") && !applies_to_nothing(*node_); }

Located Located::item(const Value& item_value, size_t index) const {
  // Only an element of a statement keeps a lazy path; below anything else, make it now.
  if (index != kNoIndex && (index_ != kNoIndex || !statements_)) return Located(item_value, indexed(path(), index));
  Located found = *this;
  found.value = &item_value;
  found.key_range = Range{};
  if (index != kNoIndex) found.index_ = index;
  return found;
}

std::string Located::path() const {
  std::string text = statements_ ? child(maybe_indexed(*statements_, statement_), step_) : made_;
  return maybe_indexed(text, index_);
}

std::string Statement::path() const { return maybe_indexed(*statements_path_, index_); }

std::optional<Located> Statement::element(std::string_view name) const {
  const Value::Entry* entry = node_->find_entry(name);
  if (!entry) return std::nullopt;
  return Located(entry->value, entry->key_range, *statements_path_, index_, name);
}

std::vector<Statement> statements(const Value& document, const std::string& path) {
  std::vector<Statement> found;
  if (!document.is_mapping() || is_unknown(document)) return found;
  const Value* statement = document.find("Statement");
  if (!statement || is_unknown(*statement)) return found;
  auto statement_path = std::make_shared<const std::string>(child(path, "Statement"));
  if (statement->is_mapping()) {
    found.emplace_back(*statement, std::move(statement_path), Located::kNoIndex);
    return found;
  }
  const auto& list = statement->items();
  found.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].is_mapping() && !is_unknown(list[i])) found.emplace_back(list[i], statement_path, i);
  }
  return found;
}

namespace {

constexpr size_t kWhole = Located::kNoIndex;  // the index of an element written as one string

// The first known item of a string-or-list element for which visit(item, index) is true,
// with its index. No path is built: most items are read and passed over, and only a
// finding needs one.
template <typename Visit>
std::optional<std::pair<const Value*, size_t>> first_item(const Value& element, Visit&& visit) {
  if (is_unknown(element)) return std::nullopt;
  if (!element.is_sequence()) {
    if (visit(element, kWhole)) return std::pair{&element, kWhole};
    return std::nullopt;
  }
  const auto& list = element.items();
  for (size_t i = 0; i < list.size(); ++i) {
    if (!is_unknown(list[i]) && visit(list[i], i)) return std::pair{&list[i], i};
  }
  return std::nullopt;
}

// The item first_item found, as an item of `element`.
std::optional<Located> located(std::optional<std::pair<const Value*, size_t>> found, const Located& element) {
  if (!found) return std::nullopt;
  return element.item(*found->first, found->second);
}

// An item given as a string that `test` accepts.
template <typename Test>
std::optional<Located> find_text_item(const Located& element, Test&& test) {
  return located(first_item(*element.value,
                            [&](const Value& item, size_t) {
                              auto text = item.as_string();
                              return text && test(*text);
                            }),
                 element);
}

}  // namespace

std::vector<Located> items(const Located& element) {
  std::vector<Located> found;
  first_item(*element.value, [&](const Value& item, size_t index) {
    found.push_back(element.item(item, index));
    return false;  // every item
  });
  return found;
}

bool action_matches(std::string_view pattern, std::string_view action) {
  return glob_matches(pattern, action);
}

bool is_full_wildcard_action(std::string_view pattern) {
  size_t colon = pattern.find(':');
  if (colon == std::string_view::npos) return only_stars(pattern);
  return only_stars(pattern.substr(0, colon)) && only_stars(pattern.substr(colon + 1));
}

std::string service_of_wildcard(std::string_view pattern) {
  size_t colon = pattern.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == pattern.size()) return {};
  std::string service;
  for (char c : pattern.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return {};
    service += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return only_stars(pattern.substr(colon + 1)) ? service : std::string();
}

bool is_every_service_action(std::string_view pattern, std::string_view service) {
  return is_full_wildcard_action(pattern) || (!service.empty() && service_of_wildcard(pattern) == service);
}

bool is_every_trust_action(std::string_view pattern) { return is_every_service_action(pattern, "sts"); }

std::optional<Located> find_action(const Located& element, std::string_view action) {
  return find_text_item(element, [&](std::string_view text) { return action_matches(text, action); });
}

std::optional<Located> find_full_wildcard_action(const Located& element) {
  return find_text_item(element, is_full_wildcard_action);
}

std::optional<Located> find_every_trust_action(const Located& element) {
  return find_text_item(element, is_every_trust_action);
}

std::optional<Located> find_every_service_action(const Located& element, std::string_view service) {
  return find_text_item(element, [&](std::string_view text) { return is_every_service_action(text, service); });
}

std::optional<Located> find_wildcard_resource(const Located& element) {
  return find_text_item(element, only_stars);
}

namespace {

// An ARN as written (unknown parts as intrinsics::kUnknownPart) that names every role:
// arn:PARTITION:iam::ACCOUNT:role/* or arn:PARTITION:iam::ACCOUNT:*, whatever the partition
// and the account are.
bool arn_names_every_role(std::string_view arn) {
  std::array<std::string_view, 5> fields;
  for (std::string_view& field : fields) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    field = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  if (fields[0] != "arn" || fields[2] != "iam") return false;
  if (arn.starts_with("role/")) arn.remove_prefix(5);
  return only_stars(arn);
}

bool names_every_role(const Value& item) {
  if (auto text = item.as_string(); text && only_stars(*text)) return true;
  auto written = intrinsics::written_text(item);
  return written && arn_names_every_role(*written);
}

}  // namespace

std::optional<Located> find_every_role_resource(const Located& element) {
  const Value& value = *element.value;
  if (!value.is_sequence()) return names_every_role(value) ? std::optional(element.item(value, kWhole)) : std::nullopt;
  for (size_t i = 0; i < value.items().size(); ++i) {
    if (names_every_role(value.items()[i])) return element.item(value.items()[i], i);
  }
  return std::nullopt;
}

std::optional<Located> find_public_principal(const Located& element) {
  const Value& principal = *element.value;
  if (is_unknown(principal)) return std::nullopt;
  if (principal.is_scalar()) {
    auto text = principal.as_string();
    if (text && only_stars(*text)) return element.item(principal, kWhole);
    return std::nullopt;
  }
  if (!principal.is_mapping()) return std::nullopt;
  for (std::string_view kind : {"AWS", "CanonicalUser"}) {
    const Value* named = principal.find(kind);
    if (!named) continue;
    auto found = first_item(*named, [](const Value& item, size_t) {
      auto text = item.as_string();
      return text && only_stars(*text);
    });
    if (found) return located(found, Located(*named, child(element.path(), kind)));  // a finding: path now
  }
  return std::nullopt;
}

// Whether a value of a restricting key admits every caller: "*" and the like, a pattern
// that fixes no owner, or aws:userid "anonymous", the id of an unsigned request.
bool admits_everyone(std::string_view key, std::string_view value, bool as_pattern) {
  if (key == "aws:userid" && equals_ignoring_case(value, "anonymous")) return true;
  return is_match_all(value) || (as_pattern && pattern_fixes_no_owner(key, value));
}

bool condition_restricts_principal_by(const Value* condition, const std::function<bool(std::string_view)>& tests_key) {
  return narrows(condition, tests_key, [](std::string_view op, std::string_view key, std::string_view value) {
    return admits_everyone(key, value, matches_patterns(op));
  });
}

bool condition_restricts_principal(const Value* condition) {
  return condition_restricts_principal_by(condition, is_restricting_key);
}

bool condition_narrows(const Value* condition, const std::function<bool(std::string_view)>& tests_key,
                       const std::function<bool(std::string_view)>& lets_all) {
  // `lets_all` reads patterns: under StringEquals a value is only itself.
  return narrows(condition, tests_key, [&](std::string_view op, std::string_view, std::string_view value) {
    return matches_patterns(op) && lets_all(value);
  });
}

bool deny_condition_never_met(const Value* condition) {
  if (!condition || is_unknown(*condition) || !condition->is_mapping()) return false;
  // A test of a key the request may lack is true when the key is missing ("not like *"
  // holds for a request without aws:SourceVpce), so only aws:SourceIp, which every request
  // from the internet carries, can make the test impossible: not in 0.0.0.0/0 (every IPv4
  // address; ::/0 alone leaves every IPv4 caller outside it).
  for (const Value::Entry& block : condition->entries()) {
    if (!equals_lower(block.key, "notipaddress") || is_unknown(block.value) || !block.value.is_mapping()) continue;
    for (const Value::Entry& test : block.value.entries()) {
      if (equals_lower(test.key, "aws:sourceip") && holds_every_ipv4_address(test.value)) return true;
    }
  }
  return false;
}

namespace {

// A comparison a request meets only by having the key with a matching value: the deny
// applies to the requests it names. A restricting operator, or one of the other plain
// comparisons (Bool, BinaryEquals, the Numeric and Date ones); not a negated operator,
// IfExists or Null (which a request without the key meets), nor ForAllValues: (true for
// an empty or missing key).
bool is_plain_match_operator(std::string_view op) {
  if (is_restricting_operator(op)) return true;
  if (starts_with_lower(op, "foranyvalue:")) op.remove_prefix(12);
  static constexpr std::string_view other_plain[] = {
      "bool",         "binaryequals",          "numericequals", "numericlessthan",    "numericlessthanequals",
      "numericgreaterthan", "numericgreaterthanequals", "dateequals", "datelessthan", "datelessthanequals",
      "dategreaterthan", "dategreaterthanequals"};
  return std::any_of(std::begin(other_plain), std::end(other_plain),
                     [&](std::string_view name) { return equals_lower(op, name); });
}

// IpAddress aws:SourceIp over ranges that hold 0.0.0.0/0 and ::/0: every caller from the
// internet meets it (the mirror of deny_condition_never_met's NotIpAddress).
bool every_caller_meets(const Value::Entry& block) {
  if (!equals_lower(block.key, "ipaddress")) return false;
  return std::all_of(block.value.entries().begin(), block.value.entries().end(), [&](const Value::Entry& test) {
    return equals_lower(test.key, "aws:sourceip") && holds_every_ipv4_address(test.value) &&
           holds_every_ipv6_address(test.value);
  });
}

// Whether an execute-api resource, as written, covers every stage, method and path of
// the API: "*", "execute-api:*", "execute-api:/*/*/*", "arn:aws:execute-api:*:*:*",
// "arn:...:api-id/*", "arn:...:api-id/*/*", the region and account possibly unknown
// (written with Fn::Sub). The API id may be "*" or end with one; every part after it must
// be "*".
bool covers_whole_api(std::string_view text) {
  if (text == "*") return true;
  bool short_form = text.starts_with("execute-api:");
  std::string_view rest;
  if (short_form) {
    rest = text.substr(12);
  } else {
    for (int colons = 0; colons < 5; ++colons) {
      size_t colon = text.find(':');
      if (colon == std::string_view::npos) return false;
      text.remove_prefix(colon + 1);
    }
    rest = text;
  }
  if (short_form && rest.starts_with('/')) rest.remove_prefix(1);  // the API is implicit
  if (!short_form) {
    std::string_view api = rest.substr(0, rest.find('/'));
    if (api.ends_with('*')) return true;
    if (api.size() == rest.size()) return false;  // the API itself, none of its methods
    rest.remove_prefix(api.size() + 1);
  }
  if (rest.empty()) return false;
  for (size_t start = 0; start <= rest.size();) {
    size_t slash = rest.find('/', start);
    if (rest.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start) != "*") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

// A Deny's Resource (not NotResource) holding one that covers the whole API.
bool covers_whole_api(const Statement& statement) {
  const Value* resource = statement.resource();
  if (!resource || statement.not_resource()) return false;
  auto whole = [](const Value& item) {
    auto text = intrinsics::written_text(item);
    return text && covers_whole_api(std::string_view(*text));
  };
  return resource->is_sequence() ? std::any_of(resource->items().begin(), resource->items().end(), whole)
                                 : whole(*resource);
}

bool deny_names_callers_to_block(const Statement& deny) {
  const Value& condition = *deny.condition();
  if (is_unknown(condition) || !condition.is_mapping() || condition.entries().empty()) return false;
  bool plain = std::all_of(condition.entries().begin(), condition.entries().end(), [](const Value::Entry& block) {
    return is_plain_match_operator(block.key) && block.value.is_mapping() && !is_unknown(block.value) &&
           !block.value.entries().empty();
  });
  // A "block list" of every address, for the whole API, blocks everyone.
  bool blocks_everyone = std::all_of(condition.entries().begin(), condition.entries().end(), every_caller_meets) &&
                         covers_whole_api(deny);
  return plain && !blocks_everyone;
}

}  // namespace

bool deny_turns_callers_away(const Statement& deny) {
  const Value* condition = deny.condition();
  if (!condition || condition->is_null()) return true;
  return !deny_condition_never_met(condition) && !deny_names_callers_to_block(deny);
}

namespace {

// A negated operator: StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike,
// StringNotEqualsIgnoreCase, NotIpAddress, with or without IfExists (a missing key meets
// them either way); not under ForAllValues: or ForAnyValue:.
bool is_negated_operator(std::string_view op) {
  if (op.find(':') != std::string_view::npos) return false;
  if (ends_with_lower(op, "ifexists")) op.remove_suffix(8);
  static constexpr std::string_view negated[] = {"stringnotequals", "stringnotequalsignorecase", "stringnotlike",
                                                 "arnnotequals",    "arnnotlike",                "notipaddress"};
  return std::any_of(std::begin(negated), std::end(negated), [&](std::string_view name) { return equals_lower(op, name); });
}

// An element's items: the list's, or the element itself when it is one value.
std::vector<const Value*> items_of(const Value& element) {
  std::vector<const Value*> found;
  if (!element.is_sequence()) return {&element};
  for (const Value& item : element.items()) found.push_back(&item);
  return found;
}

// Whether a Deny's action pattern matches every action an Allow's pattern names: IAM's
// case-insensitive glob, where the Deny's `*` matches any run (the Allow's wildcards too)
// and its `?` one character that is no wildcard of the Allow's.
bool action_pattern_covers(std::string_view pattern, std::string_view action) {
  return glob_match(pattern, action, [](char p, char t) {
    if (p == '?') return t != '*' && t != '?';
    return std::tolower(static_cast<unsigned char>(p)) == std::tolower(static_cast<unsigned char>(t));
  });
}

// Whether a Deny's Action covers every action of an Allow's: for each allowed action
// ("s3:GetObject", "s3:Get*") a pattern that matches it ("*", its whole service "s3:*",
// "s3:Get*", or the action itself).
bool covers_actions(const Value* denied, const Value* allowed) {
  if (!denied || !allowed || is_unknown(*allowed)) return false;
  auto denied_items = items_of(*denied);
  auto covers = [&](const Value* item) {
    auto action = item->as_string();
    if (!action || is_unknown(*item)) return false;
    return std::any_of(denied_items.begin(), denied_items.end(), [&](const Value* deny) {
      auto pattern = deny->as_string();
      return pattern && !is_unknown(*deny) && action_pattern_covers(*pattern, *action);
    });
  };
  auto allowed_items = items_of(*allowed);
  return !allowed_items.empty() && std::all_of(allowed_items.begin(), allowed_items.end(), covers);
}

// Whether a Deny's Resource pattern matches every resource an Allow's Resource text names,
// wildcards included: ARNs compare with their case; the Deny's `*` matches any run (the
// Allow's wildcards too), its `?` one character that is no wildcard of the Allow's.
bool pattern_covers(std::string_view pattern, std::string_view text) {
  return glob_match(pattern, text, [](char p, char t) {
    return p == '?' ? t != '*' && t != '?' : p == t;
  });
}

// `prefix${Name}suffix` -> `${Name.Attribute}` wherever it is written with a plain name.
void spell_as_attribute(std::string& text, std::string_view prefix, std::string_view suffix,
                        std::string_view attribute) {
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
    size_t name = at + prefix.size();
    size_t end = text.find(suffix, name);
    if (end == std::string::npos || end == name) continue;
    std::string_view written = std::string_view(text).substr(name, end - name);
    if (written.find_first_of("${}.:/*") != std::string_view::npos) continue;
    std::string replacement = "${" + std::string(written) + "." + std::string(attribute) + "}";
    text.replace(at, end + suffix.size() - at, replacement);
  }
}

// One spelling for the ARN of a bucket, queue or topic of the template, however it is
// written: `arn:${AWS::Partition}:s3:::${B}` and `arn:aws:s3:::${B}` are `${B.Arn}` (only
// a bucket's name makes an S3 ARN, and only a resource with an Arn attribute makes the
// other), a queue's ARN built from its QueueName is its Arn, and a topic's TopicArn is its
// Ref. The partition is taken to be aws.
std::string one_arn_spelling(std::string text) {
  replace_all(text, "${AWS::Partition}", "aws");
  spell_as_attribute(text, "arn:aws:s3:::${", "}", "Arn");
  spell_as_attribute(text, "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${", ".QueueName}", "Arn");
  replace_all(text, ".TopicArn}", "}");  // ${T.TopicArn} -> ${T}
  return text;
}

// The same ARN written another way: !Sub "${B.Arn}/*", !Join ["", [!GetAtt B.Arn, "/*"]]
// and !Sub "arn:${AWS::Partition}:s3:::${B}/*".
bool same_arn(const Value& deny, const Value& item) {
  auto deny_text = intrinsics::canonical_text(deny);
  auto item_text = deny_text ? intrinsics::canonical_text(item) : std::nullopt;
  return item_text && one_arn_spelling(*deny_text) == one_arn_spelling(*item_text);
}

// Whether a Deny's Resource covers every resource of an Allow's: "*", the same value
// (written alike, intrinsics included, or as another Sub or Join of the same parts), or a
// literal pattern that matches it. Neither
// written (a trust policy; an ECR repository's policy) is the same resource.
bool covers_resources(const Value* denied, const Value* allowed) {
  if (!denied && !allowed) return true;
  if (!denied || !allowed) return false;
  auto denied_items = items_of(*denied);
  auto covers = [&](const Value* item) {
    return std::any_of(denied_items.begin(), denied_items.end(), [&](const Value* deny) {
      auto pattern = is_unknown(*deny) ? std::nullopt : deny->as_string();
      if (pattern && only_stars(*pattern)) return true;
      if (eval_detail::same_value(*deny, *item) || same_arn(*deny, *item)) return true;
      auto resource = is_unknown(*item) ? std::nullopt : item->as_string();
      return pattern && resource && has_wildcard(*pattern) && pattern_covers(*pattern, *resource);
    });
  };
  auto allowed_items = items_of(*allowed);
  return !allowed_items.empty() && std::all_of(allowed_items.begin(), allowed_items.end(), covers);
}

// Whether every test of a Deny's Condition excludes requests from outside: a negated test
// of a restricting key whose values fix the owner.
bool excludes_outsiders(const Value* condition) {
  if (!condition || is_unknown(*condition) || !condition->is_mapping() || condition->entries().empty()) return false;
  for (const Value::Entry& block : condition->entries()) {
    if (!is_negated_operator(block.key) || is_unknown(block.value) || !block.value.is_mapping() ||
        block.value.entries().empty())
      return false;
    for (const Value::Entry& test : block.value.entries()) {
      const std::string key = ascii_lower(test.key);
      if (!is_restricting_key(key)) return false;
      auto opens = [&](const Value& value) {
        auto text = intrinsics::written_text(value);
        return text && admits_everyone(key, *text, true);
      };
      const Value& values = test.value;
      if (values.is_sequence() ? values.items().empty() || std::any_of(values.items().begin(), values.items().end(), opens)
                               : opens(values))
        return false;
    }
  }
  return true;
}

}  // namespace

bool denied_to_outsiders(const Statement& allow, const Value& document) {
  if (allow.not_action() || allow.not_resource()) return false;
  for (const Statement& statement : statements(document, "")) {
    if (!statement.denies() || statement.not_action() || statement.not_resource() || statement.not_principal()) continue;
    auto principal = statement.element("Principal");
    if (!principal || !find_public_principal(*principal)) continue;
    if (covers_actions(statement.action(), allow.action()) && covers_resources(statement.resource(), allow.resource()) &&
        excludes_outsiders(statement.condition()))
      return true;
  }
  return false;
}

const std::vector<std::string_view>& restricting_condition_keys() {
  static const std::vector<std::string_view> keys = {
      "aws:sourcearn",        "aws:sourceaccount",    "aws:sourceowner",     "aws:sourceorgid",
      "aws:sourceorgpaths",   "aws:principalorgid",   "aws:principalorgpaths", "aws:principalaccount",
      "aws:principalarn",     "aws:sourcevpc",        "aws:sourcevpce",      "aws:sourceip",
      "aws:vpcsourceip",      "aws:userid",           "kms:calleraccount",
      "s3:dataaccesspointaccount", "s3:dataaccesspointarn",
      // The owner of the VPC endpoint a request came through: absent for a request from
      // the internet, so a positive test of one refuses anonymous callers.
      "aws:vpceaccount",      "aws:vpceorgid",        "aws:vpceorgpaths"};
  return keys;
}

}  // namespace cfn::iam
