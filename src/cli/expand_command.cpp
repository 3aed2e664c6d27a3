#include "cli/expand_command.h"

#include <cmath>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/scanner.h"
#include "eval/parameters.h"
#include "model/loader.h"
#include "sam/expand.h"
#include "sam/foreach.h"

namespace cfn {

namespace {

nlohmann::ordered_json plain_scalar(const Value& value) {
  if (value.is_null()) return nullptr;
  if (auto flag = value.as_bool()) return *flag;
  const std::string& text = value.text();
  if (auto number = value.as_number(); number && std::isfinite(*number)) {
    bool integral = text.find_first_of(".eE") == std::string::npos;
    if (integral && std::abs(*number) < 9e15) return static_cast<long long>(*number);
    if (!integral) return *number;
  }
  return text;
}

nlohmann::ordered_json to_json(const Value& value) {
  if (value.is_scalar()) return value.quoted() ? nlohmann::ordered_json(value.text()) : plain_scalar(value);
  if (value.is_sequence()) {
    auto list = nlohmann::ordered_json::array();
    for (const Value& item : value.items()) list.push_back(to_json(item));
    return list;
  }
  auto object = nlohmann::ordered_json::object();
  for (const Value::Entry& entry : value.entries()) object[entry.key] = to_json(entry.value);
  return object;
}

}  // namespace

// A byte that is not UTF-8 (none should reach here: the loaders check) is written as
// U+FFFD, never an exception out of the JSON library.
std::string value_to_json(const Value& value, int indent) {
  return to_json(value).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_expand(const std::string& file, const std::vector<std::string>& parameters, std::istream& in, std::ostream& out,
               std::ostream& err) {
  ParameterValues given;
  for (const std::string& argument : parameters) {
    if (auto error = add_parameter_argument(given, argument)) {
      err << "cfn-scan: error: --parameter " << argument << ": " << *error << '\n';
      return 2;
    }
  }
  const ScanOptions defaults;  // the size limit scan and graph read files with
  std::optional<std::string> text = read_one_template(file, "expand", defaults.max_file_bytes, in, err);
  if (!text) return 2;
  const std::string name = name_of_input(file);
  Document loaded = load_document(std::make_shared<SourceFile>(name, std::move(*text)));
  // No rule runs on a file that does not parse, nor on what is no template: printing a
  // partial tree with status 0 would pass it off as what the checks see.
  if (report_unusable_template(loaded, "expand", name, err)) return 2;
  Document document = expand_sam(expand_foreach(std::move(loaded), given), given);
  for (const Diagnostic& diagnostic : document.diagnostics)
    err << name << ':' << diagnostic.range.begin.line << ':' << diagnostic.range.begin.column << ": "
        << diagnostic.rule_id << ": " << diagnostic.message << '\n';
  if (!document.root) return 2;
  out << value_to_json(*document.root) << '\n';
  return 0;
}

}  // namespace cfn
