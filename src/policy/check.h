// Native checks: rules written in C++. Each lives in src/policy/checks/<rule-id>.cpp,
// takes its metadata from policies/<service>/<rule-id>.yaml, and reports through a
// CheckContext so that every finding is placed and worded the same way.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "model/template.h"
#include "policy/finding.h"
#include "policy/variants.h"

namespace cfn {

// A finding as a check reported it, before variants of one resource are merged.
struct VariantFinding {
  Finding finding;
  const ResourceVariant* variant = nullptr;  // null for a finding on an unresolved resource
  Assumptions extra;                         // more conditions it needs (see reported_unless)
  // Conditions a parameter's Default decides on the way to the finding's property (an
  // Fn::If there): named after the variant's own, so that the text says why.
  Assumptions by_default;
  // Where in the message a sentence a check adds goes: after the rule's text, before the
  // note on a parameter's Default ("(the value is parameter P's Default)").
  size_t sentences_at = std::string::npos;
};

// Where another resource a check relies on (a log group, a bucket policy, a web ACL
// association) exists, seen from a variant of the checked resource.
enum class Presence : uint8_t { Always, Never, Sometimes };

// The resources of a rule's resource_types, found without hashing the type names: the
// template's resource lists indexed by type number (null for a type it does not use), and
// the numbers of the rule's types. See builtin_type_numbers() in engine.cpp.
struct TypedResources {
  const std::vector<const std::vector<const Resource*>*>* by_number = nullptr;
  std::span<const uint32_t> numbers;
};

class CheckContext {
 public:
  CheckContext(const Template& tmpl, const RuleMeta& rule, ResourceVariants& variants,
               std::unique_ptr<ResourceGraph>& graph, std::vector<VariantFinding>& out,
               TypedResources typed = {})
      : template_(tmpl), rule_(rule), variants_(variants), graph_(graph), out_(out), typed_(typed) {}

  const Template& tmpl() const { return template_; }
  // The template's resource graph, built on first use and shared by every rule.
  const ResourceGraph& graph() const;
  const RuleMeta& rule() const { return rule_; }
  // Every variant of every resource of the rule's resource_types: Properties already
  // resolved (parameters, Fn::If branches, Sub...). What stays an intrinsic is unknown.
  std::vector<const Resource*> resources() const;
  // The variants of any resource of the template (a Ref's target, say), resolved the same way.
  std::vector<const Resource*> variants_of(const Resource& original) const;
  // Those of them that can be deployed together with `deployed_with` (a variant): none
  // when `original` is never created there.
  std::vector<const Resource*> variants_with(const Resource& original, const Resource& deployed_with) const;
  // Of `variants`, the one deployed under the fewest conditions (the first of those); null
  // when there is none.
  const Resource* least_conditional(const std::vector<const Resource*>& variants) const;
  // A condition's truth with the parameters' values (Defaults, --parameter); nullopt when
  // that leaves it undecided. For what is not a resource: an output's Condition.
  std::optional<bool> static_condition(std::string_view name) const { return variants_.static_condition(name); }
  // `value`, written in the resource outside its Properties (its Metadata), resolved under
  // the conditions of `variant` (from resources() / variants_of()); as written otherwise.
  Value resolved_with(const Value& value, const Resource& variant) const;
  // Whether two variants from resources() / variants_of() can be deployed together (their
  // conditions can hold at once). True for anything else: it cannot be ruled out.
  bool may_coexist(const Resource& a, const Resource& b) const;
  // Whether `companion` (a resource of the template, not a variant) is deployed wherever
  // `variant` is: Sometimes when its Condition holds on some of those deployments only.
  Presence presence(const Resource& variant, const Resource& companion) const;

  // The finding just added holds only where `elsewhere` (a variant) is deployed too.
  void last_also_needs(const Resource& elsewhere);
  // The finding just added holds only where `companion` (a resource of the template, not a
  // variant) is not deployed: where its Condition is false.
  void last_unless(const Resource& companion);
  // How many findings this rule has reported so far (to tell whether a call added one).
  size_t reported_count() const { return out_.size(); }

  // A finding on an offending value.
  void report(const Resource& resource, const Value& at, std::string property_path);
  // The same, found in a variant of another resource (the role of a function, say): it
  // holds where `elsewhere`'s conditions hold too, which the message names.
  void report_with(const Resource& resource, const Value& at, std::string property_path,
                   const Resource& elsewhere);
  // The same, holding where both `elsewhere` and `also` are (a role and its policy).
  void report_with(const Resource& resource, const Value& at, std::string property_path, const Resource& elsewhere,
                   const Resource& also);
  void report_missing_with(const Resource& resource, std::string property_path, const Resource& elsewhere);
  // A finding at a range of the template (a key, when the offending value is a block);
  // at the logical-id key when the range is unknown (see missing_range).
  void report(const Resource& resource, Range at, std::string property_path);
  // The same, naming the resource in the message as `subject` ("ImportPolicy (attached to
  // role ImportRole)") when what it is connected to matters to the reader.
  void report_as(const Resource& resource, std::string subject, const Value& at,
                 std::string property_path);
  // A finding for a property that is missing: it points at the logical-id key, or where
  // the template writes what resolved to nothing (see missing_range).
  void report_missing(const Resource& resource, std::string property_path);
  // The same for something another resource provides (a log group, a bucket policy, a web
  // ACL association), unless one of `companions` (resources of the template) is deployed
  // with the variant `resource`: on all its deployments, no finding; on some only (a
  // companion's Condition), a finding that names the deployments without it; when two
  // companions each exist on some, no finding (which one covers which cannot be told).
  // A companion whose Condition a parameter's Default makes false is named the same way.
  // Returns whether it reported.
  bool report_missing_without(const Resource& resource, std::string property_path,
                              const std::vector<const Resource*>& companions);
  // Adds a sentence to the message of the finding just reported, for what only this case
  // needs said (an S3 website origin cannot speak HTTPS: the usual fix does not apply).
  void add_to_last_message(std::string_view sentence);
  // The finding just reported also rests on another property of the same resource (an
  // HTTP listener's default actions, for its Protocol): a condition a parameter's Default
  // decides on the way there is named too.
  void last_also_rests_on(const Resource& resource, std::string_view property_path);
  // The value the template writes at a property path of a variant of `resource` (through
  // the Fn::If branches its conditions take), before any intrinsic is resolved; null when
  // the path leads through an intrinsic or nowhere.
  const Value* written_value(const Resource& resource, std::string_view property_path) const {
    return follow_written(resource, property_path, /*even_without_conditions=*/true).value;
  }
  // A finding about something that is not one resource (a condition, a set of resources):
  // `name` fills the message's {resource}.
  void report_at(std::string logical_id, std::string name, Range range, std::string property_path);

 private:
  void add(const Resource& resource, Range range, std::string property_path,
           std::string subject = {});
  // Where a finding on `property_path` points when it names no place: the logical-id key,
  // unless the resource as written has the property (or a mapping on its way) and this
  // variant lost it to an Fn::If with AWS::NoValue: then that property's key.
  Range missing_range(const Resource& resource, std::string_view property_path) const;
  // The conditions a variant from resources() / variants_of() is deployed under (none for
  // anything else).
  const Assumptions& conditions_of(const Resource& variant) const;
  // The key of the property at `property_path` when the resource as written has it and this
  // variant lost it to an Fn::If with AWS::NoValue (nested properties too); unknown else.
  Range removed_key_range(const Resource& resource, std::string_view property_path) const;
  // Where a finding reported `at` goes: there, or the removed property's key (above).
  Range finding_range(const Resource& resource, Range at, std::string_view property_path) const;
  // The condition a companion resource is created under, as the assumption it needs.
  std::optional<Assumption> companion_condition(const Resource& companion) const;
  // Whether a companion's Condition is false because of a parameter's Default.
  bool switched_off_by_default(const Resource& companion) const;
  // The resource as written, followed along a finding's property path: the Fn::If
  // conditions a parameter's Default decides on the way, each with the branch taken, and
  // the value written at the path when the walk reaches it (null otherwise).
  struct WrittenPath {
    Assumptions decided_by_default;
    const Value* value = nullptr;
  };
  // Without conditions or parameters there is nothing to name, and the walk is skipped
  // unless `even_without_conditions` asks for the value.
  WrittenPath follow_written(const Resource& resource, std::string_view property_path,
                             bool even_without_conditions = false) const;
  // " (the value is parameter P's Default)" when the value written at the path is a Ref to
  // a parameter that takes its Default, " (the value comes from parameter P's Default)"
  // when a FindInMap, Select, Sub or Join written there takes its value from one (see
  // intrinsics::deciding_parameters); "" otherwise.
  std::string default_note(const Value* written) const;

  const Template& template_;
  const RuleMeta& rule_;
  ResourceVariants& variants_;
  std::unique_ptr<ResourceGraph>& graph_;
  std::vector<VariantFinding>& out_;
  TypedResources typed_;  // by_number null: look the rule's types up by name
};

// Merges the findings of one rule across each resource's variants: a problem found in
// every variant is reported once; one found in some only names the conditions under
// which it holds ("when IsProd is false").
std::vector<Finding> merge_variant_findings(std::vector<VariantFinding> findings);

using CheckFn = void (*)(CheckContext&);

struct NativeCheck {
  std::string_view rule_id;
  CheckFn run;
};

// Every native check, sorted by rule id.
std::span<const NativeCheck> native_checks();

// Fills a rule's message template: {resource} is the logical id, {path} the property path.
std::string format_message(std::string_view message_template, std::string_view logical_id,
                           std::string_view property_path);

}  // namespace cfn
