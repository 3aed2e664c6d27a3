// Native checks: rules written in C++. Each lives in src/policy/checks/<rule-id>.cpp,
// takes its metadata from policies/<service>/<rule-id>.yaml, and reports through a
// CheckContext so that every finding is placed and worded the same way.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/template.h"
#include "policy/finding.h"

namespace cfn {

class CheckContext {
 public:
  CheckContext(const Template& tmpl, const RuleMeta& rule, std::vector<Finding>& out)
      : template_(tmpl), rule_(rule), out_(out) {}

  const Template& tmpl() const { return template_; }
  const RuleMeta& rule() const { return rule_; }
  std::vector<const Resource*> resources() const;  // those of the rule's resource_types

  // A finding on an offending value.
  void report(const Resource& resource, const Value& at, std::string property_path);
  // A finding for a property that is missing: it points at the logical-id key.
  void report_missing(const Resource& resource, std::string property_path);

 private:
  void add(const Resource& resource, Range range, std::string property_path);

  const Template& template_;
  const RuleMeta& rule_;
  std::vector<Finding>& out_;
};

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
