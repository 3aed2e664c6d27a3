#include "cli/scanner.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "model/template.h"
#include "policy/suppression.h"
#include "sam/expand.h"
#include "sam/foreach.h"

namespace cfn {

namespace {

// A file that failed to parse can't be recognised by its tree; its text still shows
// whether it was meant to be a template. Such files are reported, not skipped, so a
// broken template never passes silently.
bool text_mentions_template(const std::string& raw) {
  // UTF-16 or UTF-32 text (which the loaders refuse): its ASCII with the NUL bytes dropped.
  std::string without_nul;
  if (raw.find('\0') != std::string::npos) std::remove_copy(raw.begin(), raw.end(), std::back_inserter(without_nul), '\0');
  const std::string& text = without_nul.empty() ? raw : without_nul;
  if (text.find("AWSTemplateFormatVersion") != std::string::npos) return true;
  return text.find("Resources") != std::string::npos && text.find("Type") != std::string::npos;
}

// Whether the text cannot hold a template, whole or broken, without parsing it: a template
// has a key AWSTemplateFormatVersion or Resources (looks_like_template), and a broken one
// is recognised by those words (text_mentions_template). Only an escape in a quoted key
// (a backslash) or UTF-16/32 text (NUL bytes) could spell them otherwise. Rendered
// Kubernetes manifests or an OpenAPI document found in a folder walk took yaml-cpp a
// second or more per 7 MB, for a file that is then skipped.
bool cannot_be_template(std::string_view text) {
  return text.find("Resources") == std::string_view::npos &&
         text.find("AWSTemplateFormatVersion") == std::string_view::npos &&
         text.find_first_of(std::string_view("\\\0", 2)) == std::string_view::npos;
}

bool is_template(const Document& document) {
  if (document.root) return looks_like_template(*document.root) ||
                            (!document.diagnostics.empty() && text_mentions_template(document.source->text()));
  return !document.diagnostics.empty() && text_mentions_template(document.source->text());
}

// The template's parameter names and what it cannot take of the values given.
// Nothing to warn about without given values: every scan would copy the names for nothing.
void read_parameters(const Template& tmpl, const ParameterValues& given, ScannedFile& scanned) {
  if (given.values.empty()) return;
  scanned.parameters_read = tmpl.root() != nullptr;
  if (tmpl.parameters && tmpl.parameters->is_mapping()) {
    for (const Value::Entry& parameter : tmpl.parameters->entries()) scanned.parameter_names.push_back(parameter.key);
  }
  scanned.parameter_problems = disallowed_parameter_values(tmpl.parameters, given);
}

// A file over --max-file-size: one finding that says so, no scan. `text` is what was read
// of it, if anything.
ScannedFile too_large(const std::string& display_path, const std::string& message, const ScanOptions& options,
                      std::string text = {}) {
  Document document{std::make_shared<SourceFile>(display_path, std::move(text)), nullptr, {}};
  document.diagnostics.push_back(Diagnostic{"template-limit-exceeded", {{1, 1}, {1, 2}}, message, "", ""});
  Template tmpl = Template::build(std::move(document));
  ScannedFile scanned;
  scanned.outcome = FileOutcome::Template;
  scanned.report.source = tmpl.source_ptr();
  scanned.report.findings = analyze(tmpl, options.filter);
  return scanned;
}

std::string file_too_large(size_t size, size_t max_file_bytes) {
  return "The file is " + std::to_string(size) + " bytes, above the limit of " + std::to_string(max_file_bytes) +
         " bytes; it was not scanned.";
}

std::string stdin_too_large(size_t max_file_bytes) {
  return "Standard input holds more than the limit of " + std::to_string(max_file_bytes) +
         " bytes; it was not scanned.";
}

// A stream has no size to ask first, and one that never ends (`yes |`) must still end the
// read: at most one chunk past `limit`, so that a caller sees the text is over it.
std::string read_up_to(std::istream& in, size_t limit) {
  std::string text;
  std::array<char, 1 << 16> chunk;
  while (text.size() <= limit && in) {
    in.read(chunk.data(), chunk.size());
    text.append(chunk.data(), static_cast<size_t>(in.gcount()));
  }
  return text;
}

}  // namespace

ScannedFile scan_text(std::string text, const std::string& display_path, const ScanOptions& options) {
  if (text.size() > options.max_file_bytes) {
    std::string message = file_too_large(text.size(), options.max_file_bytes);  // before the text is moved away
    return too_large(display_path, message, options, std::move(text));
  }
  if (cannot_be_template(text)) return ScannedFile{};  // NotTemplate
  auto source = std::make_shared<SourceFile>(display_path, std::move(text));
  Document document = load_document(source, options.limits);
  ScannedFile scanned;
  if (!is_template(document)) return scanned;
  scanned.outcome = FileOutcome::Template;
  // A file that does not parse: CloudFormation rejects it whole, and the tree holds only
  // what came before the error, not the template its author wrote (a property cut off at
  // the error, or a bucket policy after it, would look missing). No rule runs on it; the
  // parse error says where to fix it.
  if (has_parse_error(document)) document.root.reset();
  Template tmpl = Template::build(expand_sam(expand_foreach(std::move(document), options.parameters), options.parameters));
  scanned.report.source = tmpl.source_ptr();
  read_parameters(tmpl, options.parameters, scanned);
  scanned.report.findings =
      analyze(tmpl, options.filter, options.parameters, options.eval_limits, &scanned.report.unchecked);
  SuppressionOptions suppression;
  suppression.foreign = options.foreign_suppressions;
  suppression.today = options.today;
  suppression.rule_enabled = options.filter.enabled;
  apply_suppressions(tmpl, scanned.report.findings, suppression);
  return scanned;
}

ScannedFile scan_file(const std::string& disk_path, const std::string& display_path,
                      const ScanOptions& options) {
  // Never read a huge file just to say it is too large.
  std::error_code size_error;
  auto size = std::filesystem::file_size(disk_path, size_error);
  if (!size_error && size > options.max_file_bytes)
    return too_large(display_path, file_too_large(size, options.max_file_bytes), options);
  std::ifstream in(disk_path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    ScannedFile scanned;
    scanned.outcome = FileOutcome::Unreadable;
    scanned.error = display_path + ": cannot read: " + std::strerror(errno);
    return scanned;
  }
  return scan_text(std::move(text).str(), display_path, options);
}

ScannedFile scan_stream(std::istream& in, const std::string& display_path, const ScanOptions& options) {
  std::string text = read_up_to(in, options.max_file_bytes);
  if (in.bad()) {
    ScannedFile scanned;
    scanned.outcome = FileOutcome::Unreadable;
    scanned.error = display_path + ": cannot read standard input: " + std::strerror(errno);
    return scanned;
  }
  if (text.size() > options.max_file_bytes)
    return too_large(display_path, stdin_too_large(options.max_file_bytes), options);
  return scan_text(std::move(text), display_path, options);
}

std::optional<std::string> read_one_template(const std::string& file, std::string_view command, size_t max_file_bytes,
                                             std::istream& in, std::ostream& err) {
  auto fail = [&](const std::string& why) {
    err << "cfn-scan " << command << ": " << name_of_input(file) << ": " << why << '\n';
    return std::nullopt;
  };
  if (file == kStdinPath) {
    std::string text = read_up_to(in, max_file_bytes);
    if (in.bad()) return fail(std::string("cannot read standard input: ") + std::strerror(errno));
    if (text.size() > max_file_bytes)
      return fail("more than the limit of " + std::to_string(max_file_bytes) + " bytes");
    return text;
  }
  std::error_code error;
  if (std::filesystem::is_directory(file, error))
    return fail("is a directory; " + std::string(command) + " reads one template file");
  auto size = std::filesystem::file_size(file, error);
  if (!error && size > max_file_bytes)
    return fail(std::to_string(size) + " bytes, above the limit of " + std::to_string(max_file_bytes) + " bytes");
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream text;
  if (stream) text << stream.rdbuf();
  if (!stream || stream.bad()) return fail(std::string("cannot read: ") + std::strerror(errno));
  return std::move(text).str();
}

bool report_unusable_template(const Document& document, std::string_view command, const std::string& name,
                              std::ostream& err) {
  for (const Diagnostic& diagnostic : document.diagnostics) {
    if (diagnostic.rule_id != "template-parse-error" && diagnostic.rule_id != "template-limit-exceeded") continue;
    err << "cfn-scan " << command << ": " << name;
    if (diagnostic.range.known()) err << ':' << diagnostic.range.begin.line << ':' << diagnostic.range.begin.column;
    err << ": " << diagnostic.message << '\n';
    return true;
  }
  if (document.root && looks_like_template(*document.root)) return false;
  err << "cfn-scan " << command << ": " << name
      << ": not a CloudFormation template (no AWSTemplateFormatVersion, and no Resources whose entries have a Type)\n";
  return true;
}

}  // namespace cfn
