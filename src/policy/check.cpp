#include "policy/check.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "eval/intrinsics.h"

namespace cfn {

const ResourceGraph& CheckContext::graph() const {
  if (!graph_) graph_ = std::make_unique<ResourceGraph>(ResourceGraph::build(template_));
  return *graph_;
}

std::vector<const Resource*> CheckContext::resources() const {
  std::vector<const Resource*> found;
  auto add_variants = [&](const std::vector<const Resource*>& originals) {
    for (const Resource* original : originals) {
      for (const ResourceVariant& variant : variants_.of(*original)) found.push_back(&variant.resource);
    }
  };
  if (typed_.by_number) {
    for (uint32_t number : typed_.numbers) {
      if (const auto* originals = (*typed_.by_number)[number]) add_variants(*originals);
    }
    return found;
  }
  for (std::string_view type : rule_.resource_types) add_variants(template_.resources_of_type(type));
  return found;
}

namespace {

// Whether only the key's colon, blanks and comments stand between a key and its value:
// the value is written right under it, not a branch of an Fn::If written there.
bool written_right_under(const SourceFile& source, Range key, Range value) {
  size_t from = source.offset_of(key.end), to = source.offset_of(value.begin);
  std::string_view text = source.text();
  if (from > to || to > text.size()) return false;
  bool in_comment = false;
  for (char c : text.substr(from, to - from)) {
    if (c == '\n')
      in_comment = false;
    else if (c == '#')
      in_comment = true;
    else if (!in_comment && c != ':' && c != ' ' && c != '\t' && c != '\r')
      return false;
  }
  return true;
}

// The key that holds `value` among the resource's properties on the way down
// `property_path`, when `value` is a block mapping or list written right under it, or a
// collection over several lines: a finding on it points at `Key:`, not at its first
// entry's line.
// Unknown otherwise (a scalar, an intrinsic, a flow collection on its key's line, a list
// item, an Fn::If branch).
Range key_of_block(const SourceFile& source, const Resource& resource, const Value& value,
                   std::string_view property_path) {
  if (value.is_scalar() || value.intrinsic() || !value.range().known() || !resource.properties) return {};
  const std::string prefix = resource.path() + ".Properties";
  if (!property_path.starts_with(prefix)) return {};
  std::string_view rest = property_path.substr(prefix.size());
  for (const Value* at = resource.properties; at && !rest.empty(); at = step_into(*at, rest)) {
    for (const Value::Entry& entry : at->entries()) {
      if (&entry.value != &value) continue;
      // A block under its key, or a collection over several lines ({ on the key's line in
      // JSON): its key; a flow collection on one line is its own place.
      bool block = entry.key_range.known() && (entry.key_range.begin.line < value.range().begin.line ||
                                               value.range().begin.line < value.range().end.line);
      return block && written_right_under(source, entry.key_range, value.range()) ? entry.key_range : Range{};
    }
  }
  return {};
}

}  // namespace

void CheckContext::report(const Resource& resource, const Value& at, std::string property_path) {
  Range key = key_of_block(template_.source(), resource, at, property_path);
  report(resource, key.known() ? key : at.range(), std::move(property_path));
}

std::vector<const Resource*> CheckContext::variants_of(const Resource& original) const {
  std::vector<const Resource*> found;
  for (const ResourceVariant& variant : variants_.of(original)) found.push_back(&variant.resource);
  return found;
}

std::vector<const Resource*> CheckContext::variants_with(const Resource& original,
                                                         const Resource& deployed_with) const {
  std::vector<const Resource*> found = variants_of(original);
  std::erase_if(found, [&](const Resource* variant) { return !may_coexist(deployed_with, *variant); });
  return found;
}

const Resource* CheckContext::least_conditional(const std::vector<const Resource*>& variants) const {
  const Resource* found = nullptr;
  for (const Resource* variant : variants)
    if (!found || conditions_of(*variant).size() < conditions_of(*found).size()) found = variant;
  return found;
}

const Assumptions& CheckContext::conditions_of(const Resource& variant) const {
  static const Assumptions none;
  const ResourceVariant* found = variants_.find(&variant);
  return found ? found->assumptions : none;
}

Value CheckContext::resolved_with(const Value& value, const Resource& variant) const {
  const ResourceVariant* found = variants_.find(&variant);
  return found ? variants_.resolve_with(value, *found) : value;
}

bool CheckContext::may_coexist(const Resource& a, const Resource& b) const {
  const ResourceVariant* first = variants_.find(&a);
  const ResourceVariant* second = variants_.find(&b);
  return !first || !second || variants_.may_coexist(*first, *second);
}

// A finding placed on the mapping that holds a property (its key, when the property is
// absent) moves to the property's own key when this variant lost it to an Fn::If with
// AWS::NoValue: that is where the deployment without it is decided.
Range CheckContext::finding_range(const Resource& resource, Range at, std::string_view property_path) const {
  if (!at.known()) return missing_range(resource, property_path);
  if (Range removed = removed_key_range(resource, property_path); removed.known()) return removed;
  return at;
}

void CheckContext::report(const Resource& resource, Range at, std::string property_path) {
  Range range = finding_range(resource, at, property_path);
  add(resource, range, std::move(property_path));
}

void CheckContext::report_as(const Resource& resource, std::string subject, const Value& at,
                             std::string property_path) {
  Range range = finding_range(resource, at.range(), property_path);
  add(resource, range, std::move(property_path), std::move(subject));
}

void CheckContext::report_missing(const Resource& resource, std::string property_path) {
  report(resource, Range{}, std::move(property_path));  // no place of its own
}

namespace {

// The entry of a SAM-generated resource's Metadata."cfn-scan:origin".<section> (a mapping
// from a property path under Properties to a value) whose path holds `property_path`, at
// it or below it; null when there is none.
const Value::Entry* origin_entry(const Resource& resource, std::string_view section, std::string_view property_path) {
  const Value* origin = resource.metadata && resource.metadata->is_mapping()
                            ? resource.metadata->find("cfn-scan:origin") : nullptr;
  const Value* map = origin && origin->is_mapping() ? origin->find(section) : nullptr;
  if (!map || !map->is_mapping()) return nullptr;
  const std::string prefix = resource.path() + ".Properties.";
  if (!property_path.starts_with(prefix)) return nullptr;
  std::string_view rest = property_path.substr(prefix.size());
  for (const Value::Entry& entry : map->entries())
    if (rest.starts_with(entry.key) && (rest.size() == entry.key.size() || rest[entry.key.size()] == '.'))
      return &entry;
  return nullptr;
}

// Where the SAM setting that left a generated resource's property out is written (the
// origin's Absent), for a property path at or under it; unknown otherwise.
Range sam_absent_range(const Resource& resource, std::string_view property_path) {
  if (resource.sam_resource.empty()) return {};
  const Value::Entry* absent = origin_entry(resource, "Absent", property_path);
  return absent ? absent->value.range() : Range{};
}

}  // namespace

namespace {

// The branch of an Fn::If as written (or of Fn::Ifs within Fn::Ifs) that the resolved
// value came from, found by its place; the value itself when it is no Fn::If.
const Value* branch_holding(const Value& written, const Value& resolved) {
  const Value* at = &written;
  while (const Value::Entry* call = at->intrinsic()) {
    if (call->key != "Fn::If" || !call->value.is_sequence() || call->value.items().size() != 3) break;
    const Value* taken = nullptr;
    for (size_t branch = 1; branch <= 2; ++branch)
      if (call->value.items()[branch].range().holds(resolved.range())) taken = &call->value.items()[branch];
    if (!taken) break;
    at = taken;
  }
  return at;
}

// The item of a list as written whose place holds `resolved` (an item of the list as
// resolved), or null.
const Value* item_holding(const Value& written, const Value& resolved) {
  for (const Value& item : written.items())
    if (item.range().holds(resolved.range())) return &item;
  return nullptr;
}

}  // namespace

Range CheckContext::missing_range(const Resource& resource, std::string_view property_path) const {
  if (Range absent = sam_absent_range(resource, property_path); absent.known()) return absent;
  if (Range removed = removed_key_range(resource, property_path); removed.known()) return removed;
  return resource.key_range;
}

Range CheckContext::removed_key_range(const Resource& resource, std::string_view property_path) const {
  const Resource* original = template_.resource(resource.logical_id);
  if (!original || !original->properties || !resource.properties || resource.properties == original->properties)
    return {};  // as written: nothing resolved away
  const std::string prefix = resource.path() + ".Properties";
  if (!property_path.starts_with(prefix)) return {};
  // Down both at once: mappings by key; lists by the resolved item's index, the written
  // item being the one whose place holds it (indices differ once Fn::If items are
  // dropped); an Fn::If as written by the branch whose place holds the resolved value.
  const Value* written = original->properties;
  const Value* resolved = resource.properties;
  std::string_view rest = property_path.substr(prefix.size());
  while (!rest.empty()) {
    written = branch_holding(*written, *resolved);
    if (written->is_sequence() && resolved->is_sequence()) {
      const Value* resolved_child = step_into(*resolved, rest);
      written = resolved_child ? item_holding(*written, *resolved_child) : nullptr;
      if (!written) break;
      resolved = resolved_child;
      continue;
    }
    if (!written->is_mapping() || !resolved->is_mapping()) break;
    std::string_view resolved_rest = rest;
    const Value* written_child = step_into(*written, rest);
    if (!written_child) break;
    const Value* resolved_child = step_into(*resolved, resolved_rest);
    if (!resolved_child) {
      for (const Value::Entry& entry : written->entries())
        if (&entry.value == written_child && entry.key_range.known()) return entry.key_range;
      break;
    }
    written = written_child;
    resolved = resolved_child;
  }
  return {};
}

void CheckContext::report_with(const Resource& resource, const Value& at, std::string property_path,
                               const Resource& elsewhere) {
  report(resource, at, std::move(property_path));
  last_also_needs(elsewhere);
}

void CheckContext::report_with(const Resource& resource, const Value& at, std::string property_path,
                               const Resource& elsewhere, const Resource& also) {
  report_with(resource, at, std::move(property_path), elsewhere);
  last_also_needs(also);
}

void CheckContext::report_missing_with(const Resource& resource, std::string property_path,
                                       const Resource& elsewhere) {
  report_missing(resource, std::move(property_path));
  last_also_needs(elsewhere);
}

void CheckContext::add_to_last_message(std::string_view sentence) {
  if (out_.empty()) return;
  VariantFinding& last = out_.back();
  std::string& message = last.finding.message;
  size_t at = std::min(last.sentences_at, message.size());
  std::string added = " " + std::string(sentence);
  message.insert(at, added);
  last.sentences_at = at + added.size();
}

void CheckContext::last_also_rests_on(const Resource& resource, std::string_view property_path) {
  if (out_.empty()) return;
  Assumptions& named = out_.back().by_default;
  for (const Assumption& decided : follow_written(resource, property_path).decided_by_default)
    if (std::find(named.begin(), named.end(), decided) == named.end()) named.push_back(decided);
}

void CheckContext::last_also_needs(const Resource& elsewhere) {
  const ResourceVariant* variant = variants_.find(&elsewhere);
  if (!variant || out_.empty()) return;
  Assumptions& extra = out_.back().extra;  // called once for each resource the finding needs
  for (const Assumption& needed : variant->assumptions) {
    if (std::find(extra.begin(), extra.end(), needed) == extra.end()) extra.push_back(needed);
  }
}

bool CheckContext::report_missing_without(const Resource& resource, std::string property_path,
                                          const std::vector<const Resource*>& companions) {
  if (tmpl().may_include_resources()) return false;  // the companion may be in the included file
  const Resource* conditional = nullptr;
  const Resource* switched_off = nullptr;
  for (const Resource* companion : companions) {
    Presence seen = presence(resource, *companion);
    if (seen == Presence::Always || (seen == Presence::Sometimes && conditional)) return false;
    if (seen == Presence::Sometimes) conditional = companion;
    if (seen == Presence::Never && !switched_off && switched_off_by_default(*companion)) switched_off = companion;
  }
  Range range = finding_range(resource, resource.key_range, property_path);  // before the path is moved
  add(resource, range, std::move(property_path));
  // A companion under a condition that a parameter's Default makes false is in the
  // template but not deployed unless that parameter is given: the finding names that
  // condition, so that "has no flow log" does not read as wrong beside the flow log.
  const Resource* named = conditional ? conditional : switched_off;
  if (!named) return true;
  Assumption needed = *companion_condition(*named);
  out_.back().extra.push_back(Assumption{needed.condition, !needed.value});
  return true;
}

bool CheckContext::switched_off_by_default(const Resource& companion) const {
  auto condition = companion_condition(companion);
  return condition && variants_.decided_by_default(condition->condition) == false;
}

void CheckContext::last_unless(const Resource& companion) {
  std::optional<Assumption> needed = companion_condition(companion);
  if (!needed || out_.empty()) return;
  out_.back().extra.push_back(Assumption{needed->condition, !needed->value});
}

std::optional<Assumption> CheckContext::companion_condition(const Resource& companion) const {
  auto name = companion.condition ? companion.condition->as_string() : std::nullopt;
  if (!name) return std::nullopt;
  return Assumption{std::string(*name), true};
}

Presence CheckContext::presence(const Resource& variant, const Resource& companion) const {
  auto condition = companion_condition(companion);
  if (!condition) return Presence::Always;
  const ResourceVariant* checked = variants_.find(&variant);
  std::optional<bool> holds = checked ? variants_.condition_under(condition->condition, *checked)
                                      : std::nullopt;
  if (holds) return *holds ? Presence::Always : Presence::Never;
  return Presence::Sometimes;
}

void CheckContext::report_at(std::string logical_id, std::string name, Range range,
                             std::string property_path) {
  Finding finding;
  finding.rule = &rule_;
  finding.level = rule_.level;
  finding.range = range;
  finding.message = format_message(rule_.message, name, property_path);
  finding.logical_id = std::move(logical_id);
  finding.property_path = std::move(property_path);
  out_.push_back(VariantFinding{std::move(finding), nullptr, {}, {}, std::string::npos});
}

namespace {

// The SAM resource that generated the part of `resource` a finding is about: one of the
// origin's Parts when the property path lies under it (an implicit API's operation comes
// from the event of its own function), else the resource's.
std::string sam_origin(const Resource& resource, std::string_view property_path) {
  const Value::Entry* part = origin_entry(resource, "Parts", property_path);
  return part && part->value.as_string() ? part->value.text() : resource.sam_resource;
}

// How messages name a resource: SAM-generated ones also name what generated them.
std::string display_name(const Resource& resource, const std::string& sam_resource) {
  if (sam_resource.empty() || sam_resource == resource.logical_id) return resource.logical_id;
  return resource.logical_id + " (generated by SAM for " + sam_resource + ")";
}

}  // namespace

void CheckContext::add(const Resource& resource, Range range, std::string property_path,
                       std::string subject) {
  Finding finding;
  finding.rule = &rule_;
  finding.level = rule_.level;
  finding.range = range;
  finding.logical_id = resource.logical_id;
  std::string sam_resource = sam_origin(resource, property_path);
  if (subject.empty()) subject = display_name(resource, sam_resource);
  finding.message = format_message(rule_.message, subject, property_path);
  finding.sam_resource = std::move(sam_resource);
  WrittenPath written = follow_written(resource, property_path);
  size_t sentences_at = finding.message.size();
  finding.message += default_note(written.value);
  finding.property_path = std::move(property_path);
  out_.push_back(VariantFinding{std::move(finding), variants_.find(&resource), {}, std::move(written.decided_by_default),
                                sentences_at});
}

// A deployer may give another value: a finding on a Default says where the value comes
// from, or "remove Encrypted: false" reads wrong beside `Encrypted: !Ref Encrypt`, and
// a volume "not encrypted" through `!FindInMap [Settings, !Ref Env, Encrypted]` is so only
// for Env's Default.
std::string CheckContext::default_note(const Value* written) const {
  const Value::Entry* call = written ? written->intrinsic() : nullptr;
  if (!call) return "";
  std::vector<std::string> defaults;
  for (const std::string& name : intrinsics::deciding_parameters(*written, template_.mappings))
    if (variants_.value_from_default(name) && std::find(defaults.begin(), defaults.end(), name) == defaults.end())
      defaults.push_back(name);
  if (defaults.empty()) return "";
  if (call->key == "Ref") return " (the value is parameter " + defaults.front() + "'s Default)";
  if (defaults.size() == 1) return " (the value comes from parameter " + defaults.front() + "'s Default)";
  return " (the value comes from the Defaults of parameters " + defaults[0] + " and " + defaults[1] + ")";
}

CheckContext::WrittenPath CheckContext::follow_written(const Resource& resource, std::string_view property_path,
                                                       bool even_without_conditions) const {
  WrittenPath written;
  Assumptions& decided = written.decided_by_default;
  // Nothing to decide and no Default to name: the path need not be walked.
  if (!template_.conditions && !template_.parameters && !even_without_conditions) return written;
  const Resource* original = template_.resource(resource.logical_id);
  const std::string prefix = resource.path() + ".Properties";
  if (!original || !original->properties || !property_path.starts_with(prefix)) return written;
  const ResourceVariant* variant = variants_.find(&resource);
  // A condition's truth where this variant is deployed: static, or from its assumptions.
  auto truth_of = [&](const std::string& name) {
    std::optional<bool> truth = variants_.static_condition(name);
    return truth || !variant ? truth : variants_.condition_under(name, *variant);
  };
  // The branch an Fn::If takes there, or null when it is not an Fn::If that is decided.
  auto taken = [&](const Value& value) -> const Value* {
    const Value::Entry* call = value.intrinsic();
    if (!call || call->key != "Fn::If" || !call->value.is_sequence() || call->value.items().size() != 3 ||
        !call->value.items()[0].is_scalar())
      return nullptr;
    std::optional<bool> truth = truth_of(call->value.items()[0].text());
    return truth ? &call->value.items()[*truth ? 1 : 2] : nullptr;
  };
  // Whether a list item is dropped there (decided to AWS::NoValue): the finding's path
  // counts the items that remain.
  auto dropped = [&](const Value& item) {
    const Value* at = &item;
    while (const Value* branch = taken(*at)) at = branch;
    const Value::Entry* call = at->intrinsic();
    return call && call->key == "Ref" && call->value.as_string() == "AWS::NoValue";
  };
  std::string_view rest = property_path.substr(prefix.size());
  const Value* at = original->properties;
  while (at) {
    // Through each decided Fn::If, into the branch it took; a Default's decision is named.
    while (const Value* branch = taken(*at)) {
      const std::string& name = at->intrinsic()->value.items()[0].text();
      if (auto truth = variants_.decided_by_default(name)) decided.push_back(Assumption{name, *truth});
      at = branch;
    }
    if (rest.empty()) {
      written.value = at;
      break;
    }
    if (at->intrinsic()) break;
    if (!at->is_sequence()) {
      at = step_into(*at, rest);
      continue;
    }
    // From the index among the items that remain to the item as written.
    std::optional<size_t> wanted = read_index(rest);
    if (!wanted) break;
    const Value* list = at;
    at = nullptr;
    for (const Value& item : list->items()) {
      if (dropped(item)) continue;
      if ((*wanted)-- == 0) {
        at = &item;
        break;
      }
    }
  }
  return written;
}

namespace {

// The assumptions every reporting variant shares (the resource's own Condition, typically).
Assumptions shared_assumptions(const std::vector<VariantFinding*>& group) {
  Assumptions shared = group.front()->variant->assumptions;
  for (const VariantFinding* item : group) {
    const Assumptions& other = item->variant->assumptions;
    std::erase_if(shared, [&](const Assumption& a) {
      return std::find(other.begin(), other.end(), a) == other.end();
    });
  }
  return shared;
}

// The conditions that name exactly the variants a finding appears in: those the variants
// share, when every other variant of the resource contradicts one of them (a problem under
// IsProd false whatever UseKms is says "when IsProd is false"); otherwise those of the
// first. A variant that never split on a shared condition covers deployments on both of
// its sides, so only a contradiction keeps it out.
Assumptions naming_assumptions(const std::vector<VariantFinding*>& group, size_t variants_seen) {
  Assumptions shared = shared_assumptions(group);
  const ResourceVariant& first = *group.front()->variant;
  auto contradicts = [&](const ResourceVariant& sibling) {
    return std::any_of(shared.begin(), shared.end(), [&](const Assumption& a) {
      Assumption opposite{a.condition, !a.value};
      return std::find(sibling.assumptions.begin(), sibling.assumptions.end(), opposite) != sibling.assumptions.end();
    });
  };
  auto siblings = first.siblings();
  size_t compatible = static_cast<size_t>(std::count_if(siblings.begin(), siblings.end(),
                                                        [&](const ResourceVariant& v) { return !contradicts(v); }));
  return compatible == variants_seen ? shared : first.assumptions;
}

// A finding that also depends on another resource's conditions (VariantFinding::extra):
// each report holds under its variant's assumptions and its extra ones. Conditions met
// both ways among the reports cancel out (IsDev true in one, false in another); if any
// other condition differs, the first report's conditions are named (true, if narrower).
Assumptions assumptions_with_extra(const std::vector<VariantFinding*>& group) {
  std::vector<Assumptions> each;
  for (const VariantFinding* item : group) {
    Assumptions all = item->variant->assumptions;
    for (const Assumption& more : item->extra) {
      if (std::find(all.begin(), all.end(), more) == all.end()) all.push_back(more);
    }
    each.push_back(std::move(all));
  }
  auto holds_in = [](const Assumptions& set, const Assumption& a) {
    return std::find(set.begin(), set.end(), a) != set.end();
  };
  Assumptions shared;
  for (const Assumption& a : each.front()) {
    if (std::all_of(each.begin(), each.end(), [&](const Assumptions& set) { return holds_in(set, a); }))
      shared.push_back(a);
  }
  for (const Assumptions& set : each) {
    for (const Assumption& a : set) {
      if (holds_in(shared, a)) continue;
      Assumption opposite{a.condition, !a.value};
      bool met_both_ways = std::any_of(each.begin(), each.end(), [&](const Assumptions& other) {
        return holds_in(other, opposite);
      });
      if (!met_both_ways) return each.front();
    }
  }
  return shared;
}

std::string with_condition(std::string message, const Assumptions& assumptions) {
  std::string condition = describe(assumptions);
  if (!condition.empty()) message += " (" + condition + ")";
  return message;
}

// A property path without its list indices: an AWS::NoValue dropped from a list in one
// variant shifts the indices of the items after it, which are still the same values.
std::string without_indices(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t open = path.find('['); open != std::string_view::npos; open = path.find('[')) {
    out.append(path.substr(0, open));
    size_t close = path.find(']', open);
    path = close == std::string_view::npos ? std::string_view{} : path.substr(close + 1);
  }
  out.append(path);
  return out;
}

}  // namespace

std::vector<Finding> merge_variant_findings(std::vector<VariantFinding> findings) {
  // The same place in several variants is one finding. The logical id is viewed in the
  // findings themselves, which stay where they are until the groups are made.
  using Key = std::tuple<std::string_view, std::string, uint32_t, uint32_t>;
  std::map<Key, size_t> group_of;
  std::vector<std::vector<VariantFinding*>> groups;  // in the order first reported
  for (VariantFinding& item : findings) {
    const Finding& f = item.finding;
    Key key{f.logical_id, without_indices(f.property_path), f.range.begin.line, f.range.begin.column};
    auto [it, added] = group_of.try_emplace(std::move(key), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(&item);
  }
  std::vector<Finding> merged;
  merged.reserve(groups.size());
  for (auto& group : groups) {
    VariantFinding& first = *group.front();
    const ResourceVariant* variant = first.variant;
    if (!variant) {
      merged.push_back(std::move(first.finding));
      continue;
    }
    std::vector<size_t> seen;
    for (const VariantFinding* item : group) seen.push_back(item->variant->index);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    bool extra = std::any_of(group.begin(), group.end(), [](const VariantFinding* item) { return !item->extra.empty(); });
    Assumptions assumptions = extra ? assumptions_with_extra(group) : naming_assumptions(group, seen.size());
    for (const Assumption& decided : first.by_default)
      if (std::find(assumptions.begin(), assumptions.end(), decided) == assumptions.end()) assumptions.push_back(decided);
    first.finding.message = with_condition(std::move(first.finding.message), assumptions);
    merged.push_back(std::move(first.finding));
  }
  return merged;
}

std::string format_message(std::string_view message_template, std::string_view logical_id,
                           std::string_view property_path) {
  std::string text;
  text.reserve(message_template.size() + logical_id.size() + property_path.size());
  size_t done = 0;  // the template up to here is in `text`
  for (size_t brace = message_template.find('{'); brace != std::string_view::npos;
       brace = message_template.find('{', brace + 1)) {
    std::string_view rest = message_template.substr(brace);
    std::string_view placeholder = rest.starts_with("{resource}") ? "{resource}" : rest.starts_with("{path}") ? "{path}" : "";
    if (placeholder.empty()) continue;
    text.append(message_template.substr(done, brace - done));
    text.append(placeholder == "{path}" ? property_path : logical_id);
    done = brace + placeholder.size();
    brace = done - 1;
  }
  text.append(message_template.substr(done));
  return text;
}

}  // namespace cfn
