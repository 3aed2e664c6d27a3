#include "eval/parameters.h"

#include <fstream>
#include <memory>
#include <sstream>

#include "eval/intrinsics.h"
#include "model/loader.h"

namespace cfn {

bool is_list_parameter_type(std::string_view type) {
  return type.find("List<") != std::string_view::npos || type == "CommaDelimitedList";
}

bool is_ssm_parameter_type(std::string_view type) { return type.starts_with("AWS::SSM::Parameter::Value<"); }

namespace {

// Collects problems with the file's name and the offending value's position.
class FileReader {
 public:
  FileReader(ParameterValues& into, const SourceFile& source) : into_(into), source_(source) {}

  void read(const Value& root) {
    if (root.is_sequence()) {
      for (const Value& item : root.items()) read_list_item(item);
    } else if (root.is_mapping()) {
      read_parameters_mapping(root);
    } else {
      error(root, "a parameters file must be a list of {\"ParameterKey\", \"ParameterValue\"} "
                  "objects, a list of \"KEY=VALUE\" strings, or an object with \"Parameters\".");
    }
  }

  void error(Range range, std::string_view message) {
    std::string text = source_.path();
    if (range.known()) {
      text += ':' + std::to_string(range.begin.line) + ':' + std::to_string(range.begin.column);
    }
    errors_.push_back(text + ": " + std::string(message));
  }
  void error(const Value& at, std::string_view message) { error(at.range(), message); }

  std::vector<std::string> take_errors() { return std::move(errors_); }

 private:
  void read_list_item(const Value& item) {
    if (item.is_scalar()) {
      if (auto problem = add_parameter_argument(into_, item.text())) error(item, *problem);
    } else if (item.is_mapping()) {
      read_key_value_object(item);
    } else {
      error(item, "a list item must be {\"ParameterKey\": ..., \"ParameterValue\": ...} or "
                  "\"KEY=VALUE\".");
    }
  }

  // {"ParameterKey": "K", "ParameterValue": "V"}, as `aws cloudformation create-stack` takes.
  void read_key_value_object(const Value& item) {
    const Value* key = item.find("ParameterKey");
    if (!key || !key->as_string() || key->text().empty()) {
      error(item, "\"ParameterKey\" is missing or not a non-empty string.");
      return;
    }
    const Value* value = item.find("ParameterValue");
    if (!value) {
      // UsePreviousValue keeps the deployed stack's value: unknown here, so not an error.
      const Value* previous = item.find("UsePreviousValue");
      if (!previous || previous->as_bool() != true) {
        error(item, "parameter '" + key->text() + "' has no \"ParameterValue\".");
      }
      return;
    }
    add_value(key->text(), *value);
  }

  // {"Parameters": {"K": "V"}}; the file's other keys (Tags, StackPolicy) are not ours.
  void read_parameters_mapping(const Value& root) {
    const Value* parameters = root.find("Parameters");
    if (!parameters) {
      error(root, "an object parameters file needs a \"Parameters\" object.");
      return;
    }
    if (!parameters->is_mapping()) {
      error(*parameters, "\"Parameters\" must be an object of names to values.");
      return;
    }
    for (const Value::Entry& entry : parameters->entries()) add_value(entry.key, entry.value);
  }

  void add_value(const std::string& key, const Value& value) {
    if (value.is_scalar()) {
      into_.values[key] = value.text();
      return;
    }
    if (value.is_sequence()) {
      std::string joined;
      const std::vector<Value>& items = value.items();
      for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_scalar()) {
          error(items[i], "parameter '" + key + "': list items must be strings.");
          return;
        }
        if (i > 0) joined += ',';
        joined += items[i].text();
      }
      into_.values[key] = joined;
      return;
    }
    error(value, "the value of parameter '" + key + "' must be a string.");
  }

  ParameterValues& into_;
  const SourceFile& source_;
  std::vector<std::string> errors_;
};

}  // namespace

// Built with append: GCC 12 warns falsely (-Wrestrict) on `"'" + std::string(...)`.
std::string quoted(std::string_view text) {
  std::string result = "'";
  result.append(text).append("'");
  return result;
}

std::vector<std::string> split_list_parameter(std::string_view text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  auto trim = [](std::string_view item) {
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    return std::string(item);
  };
  for (const std::string& item : intrinsics::split(text, ",").value_or(std::vector<std::string>{}))
    items.push_back(trim(item));
  return items;
}

namespace {

// Whether `text` is an item of AllowedValues, compared as text, as CloudFormation does (a
// YAML boolean, yes or True included, is the text "true" once loaded).
bool allows(const Value& allowed, std::string_view text) {
  for (const Value& item : allowed.items()) {
    if (!item.is_scalar()) return true;  // not a list of values: not judged
    if (item.text() == text) return true;
  }
  return false;
}

std::string listed(const Value& allowed) {
  std::string text;
  for (const Value& item : allowed.items()) text += (text.empty() ? "" : ", ") + item.text();
  return text;
}

}  // namespace

std::vector<std::string> disallowed_parameter_values(const Value* parameters, const ParameterValues& given) {
  std::vector<std::string> messages;
  if (!parameters || !parameters->is_mapping()) return messages;
  for (const auto& [name, text] : given.values) {
    const Value* declaration = parameters->find(name);
    const Value* allowed = declaration && declaration->is_mapping() ? declaration->find("AllowedValues") : nullptr;
    if (!allowed || !allowed->is_sequence() || allowed->items().empty()) continue;
    const Value* type = declaration->find("Type");
    std::string_view type_name = type && type->as_string() ? *type->as_string() : std::string_view();
    if (is_ssm_parameter_type(type_name)) continue;  // the value names an SSM parameter
    std::vector<std::string> items =
        is_list_parameter_type(type_name) ? split_list_parameter(text) : std::vector<std::string>{text};
    for (const std::string& item : items) {
      if (allows(*allowed, item)) continue;
      messages.push_back("parameter " + name + ": '" + item + "' is not one of its AllowedValues (" +
                         listed(*allowed) + "); CloudFormation rejects it, and the scan used it as given");
    }
  }
  return messages;
}

std::optional<std::string> add_parameter_argument(ParameterValues& into, std::string_view argument) {
  size_t equals = argument.find('=');
  if (equals == std::string_view::npos) {
    return quoted(argument) + " is not KEY=VALUE.";
  }
  if (equals == 0) return quoted(argument) + " has an empty parameter name.";
  into.values[std::string(argument.substr(0, equals))] = std::string(argument.substr(equals + 1));
  return std::nullopt;
}

std::vector<std::string> add_parameters_file(ParameterValues& into, const SourcePtr& source) {
  Document document = load_json(source);
  FileReader reader(into, *source);
  for (const Diagnostic& diagnostic : document.diagnostics) {
    reader.error(diagnostic.range, diagnostic.message);
  }
  if (document.root) reader.read(*document.root);
  return reader.take_errors();
}

std::vector<std::string> read_parameters_file(ParameterValues& into, const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return {path + ": cannot read the parameters file."};
  std::ostringstream text;
  text << stream.rdbuf();
  return add_parameters_file(into, std::make_shared<SourceFile>(path, text.str()));
}

}  // namespace cfn
