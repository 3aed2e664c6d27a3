// A CloudFormation template's sections and resources, read from a Document.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/loader.h"
#include "model/text_hash.h"
#include "model/value.h"

namespace cfn {

struct Resource {
  std::string logical_id;
  Range key_range;                          // the logical-id key: where "missing X" points
  const Value* node = nullptr;              // the resource's mapping
  std::string type;                         // "" when Type is missing or not a string
  const Value* type_value = nullptr;
  const Value* properties = nullptr;        // null when absent or not a mapping
  const Value* condition = nullptr;         // the Condition attribute
  const Value* depends_on = nullptr;
  const Value* metadata = nullptr;
  const Value* deletion_policy = nullptr;
  const Value* update_replace_policy = nullptr;
  // For a resource SAM generated: the SAM resource it came from (Metadata."cfn-scan:origin").
  std::string sam_resource;

  // Whether the template's author wrote this logical id: not a resource SAM generated
  // under a name of its own (a function's role), whose key_range points at the SAM resource's.
  bool named_by_author() const { return sam_resource.empty() || sam_resource == logical_id; }

  std::string path() const { return "Resources." + logical_id; }
  std::string property_path(std::string_view property) const {
    return path() + ".Properties." + std::string(property);
  }
  // A property of this resource, or null.
  const Value* property(std::string_view name) const {
    return properties ? properties->find(name) : nullptr;
  }
};

class Template {
 public:
  // Moved, never copied: the type index points into resources_.
  Template() = default;
  Template(Template&&) = default;
  Template& operator=(Template&&) = default;
  Template(const Template&) = delete;
  Template& operator=(const Template&) = delete;

  // Reads sections and resources; structural problems become diagnostics
  // (template-invalid-structure) appended to the document's own.
  static Template build(Document document);

  const SourceFile& source() const { return *document_.source; }
  const SourcePtr& source_ptr() const { return document_.source; }
  const Value* root() const { return document_.root.get(); }
  const std::vector<Diagnostic>& diagnostics() const { return document_.diagnostics; }

  // Sections; null when absent or not of the right type.
  const Value* format_version = nullptr;
  const Value* description = nullptr;
  const Value* metadata = nullptr;
  const Value* parameters = nullptr;
  const Value* rules = nullptr;
  const Value* mappings = nullptr;
  const Value* conditions = nullptr;
  const Value* transform = nullptr;
  const Value* globals = nullptr;
  const Value* outputs = nullptr;
  // AWS::LanguageExtensions' Constants section (named as Const::Name); null without it.
  const Value* constants = nullptr;

  const std::vector<Resource>& resources() const { return resources_; }
  // Resources of one type, in template order.
  // Indexed once when the template is built: every rule asks.
  const std::vector<const Resource*>& resources_of_type(std::string_view type) const;
  // The same index whole: each type the template uses, with its resources.
  const TextMap<std::vector<const Resource*>>& resources_by_type() const { return by_type_; }
  const Resource* resource(std::string_view logical_id) const;

  // Transform names, whether written as a string or a list.
  const std::vector<std::string>& transforms() const { return transforms_; }
  bool is_sam() const;
  bool declares_transform(std::string_view name) const;
  // Whether every transform the template names is one cfn-scan applies itself (SAM,
  // AWS::LanguageExtensions), so the template it checks is the one CloudFormation gets; a
  // macro of the template's own may rewrite it first, and so may `aws cloudformation
  // package`, for a source of the AWS CLI's local modules (local_module_source in
  // template.cpp).
  bool only_applied_transforms() const;
  // Whether an AWS::Include can add resources at deploy time (an Fn::Transform entry in
  // Resources, or a top-level Transform naming AWS::Include): a resource the template
  // lacks may then be in the included file.
  bool may_include_resources() const { return includes_resources_; }

 private:
  Document document_;
  std::vector<Resource> resources_;
  TextMap<std::vector<const Resource*>> by_type_;
  TextMap<size_t> by_id_;
  std::vector<std::string> transforms_;
  bool includes_resources_ = false;
  bool local_modules_ = false;
};

// The transform that adds Fn::ForEach, Fn::Length, Fn::ToJsonString and a Constants
// section; cfn-scan applies it itself (sam/foreach.h).
inline constexpr std::string_view kLanguageExtensions = "AWS::LanguageExtensions";

// CloudFormation logical ids hold only letters and digits (A-Z, a-z, 0-9).
bool is_alphanumeric_id(std::string_view id);

// Whether a logical id is the stand-in a Fn::ForEach over items the template does not say
// generated (Queue{Tenant}, see expand_foreach): CloudFormation names those resources
// after the items, so the id is not checked as written.
inline bool is_loop_stand_in_id(std::string_view id) { return id.find('{') != std::string_view::npos; }

// Whether `key` is an attribute a resource may carry (Type, Properties, DependsOn, ... and
// the few others CloudFormation or SAM accept); any other key is a template error.
bool is_resource_attribute(std::string_view key);

// Whether a parsed document is a CloudFormation template at all (DESIGN.md: an
// AWSTemplateFormatVersion key, or a Resources mapping whose entries have a Type; an
// Fn::ForEach:: loop or an AWS::Include Fn::Transform counts as such an entry). One entry
// whose Type names a CloudFormation type (it holds "::") is enough: the entries without one
// are then template-invalid-structure findings, not a reason to skip the file.
bool looks_like_template(const Value& root);

}  // namespace cfn
