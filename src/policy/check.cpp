#include "policy/check.h"

namespace cfn {

std::vector<const Resource*> CheckContext::resources() const {
  std::vector<const Resource*> found;
  for (std::string_view type : rule_.resource_types) {
    auto of_type = template_.resources_of_type(type);
    found.insert(found.end(), of_type.begin(), of_type.end());
  }
  return found;
}

void CheckContext::report(const Resource& resource, const Value& at, std::string property_path) {
  add(resource, at.range().known() ? at.range() : resource.key_range, std::move(property_path));
}

void CheckContext::report_missing(const Resource& resource, std::string property_path) {
  add(resource, resource.key_range, std::move(property_path));
}

void CheckContext::add(const Resource& resource, Range range, std::string property_path) {
  Finding finding;
  finding.rule = &rule_;
  finding.level = rule_.level;
  finding.range = range;
  finding.logical_id = resource.logical_id;
  finding.message = format_message(rule_.message, resource.logical_id, property_path);
  finding.property_path = std::move(property_path);
  out_.push_back(std::move(finding));
}

std::string format_message(std::string_view message_template, std::string_view logical_id,
                           std::string_view property_path) {
  std::string text;
  text.reserve(message_template.size() + logical_id.size());
  for (size_t i = 0; i < message_template.size(); ++i) {
    std::string_view rest = message_template.substr(i);
    if (rest.starts_with("{resource}")) {
      text += logical_id;
      i += 9;
    } else if (rest.starts_with("{path}")) {
      text += property_path;
      i += 5;
    } else {
      text += message_template[i];
    }
  }
  return text;
}

}  // namespace cfn
