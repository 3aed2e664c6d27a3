// ec2-userdata-secret-plaintext: a secret written in the user data of an EC2 instance, a
// launch template or a launch configuration. User data is readable by anyone allowed to
// describe the instance or template, and by every process on the instance through the
// instance metadata service.
//
// The text scanned is what the template makes known: a Fn::Base64 of a string, of a
// Fn::Sub or of a Fn::Join (each part left unknown becomes intrinsics::kUnknownPart), or a
// literal string, decoded when it is base64. A secret is a known credential shape
// (obs::secret_shape) or a line assigning a literal to a variable with a secret name
// (DB_PASSWORD=..., export API_TOKEN='...'); a value holding $, ` or % is filled in at run
// time, and one holding an unknown part at deployment (API_TOKEN=${Token}-prod): neither
// is one. The finding points at that line in the template when the line is written there
// as is, else at UserData. A NoEcho parameter substituted into the user data is a secret
// there too, and so is an attribute CloudFormation hands out in clear (an access key's
// SecretAccessKey): reported at the reference.
#include <optional>
#include <string>

#include "eval/intrinsics.h"
#include "graph/graph.h"
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// The known text of a (resolved) value; each unknown piece becomes kUnknownPart, which no
// template writes: it ends a token, and an assignment's value holding it is not literal.
void append_known_text(const Value& value, std::string& out) {
  if (value.is_scalar()) {
    out.append(value.text());
    return;
  }
  const Value::Entry* call = value.intrinsic();
  if (call && call->key == "Fn::Sub") {
    const Value& argument = call->value;
    const Value* text = argument.is_sequence() && !argument.items().empty() ? &argument.items()[0] : &argument;
    // Every ${X} still here is unknown; ${!X} is the text ${X}.
    if (text->is_scalar()) {
      auto filled = intrinsics::substitute(text->text(),
                                           [](std::string_view) { return std::string(1, intrinsics::kUnknownPart); });
      out.append(filled ? *filled : text->text());
      return;
    }
  }
  if (call && call->key == "Fn::Join" && call->value.is_sequence() && call->value.items().size() == 2) {
    const Value& separator = call->value.items()[0];
    const Value& parts = call->value.items()[1];
    if (separator.is_scalar() && parts.is_sequence()) {
      for (size_t i = 0; i < parts.items().size(); ++i) {
        if (i > 0) out.append(separator.text());
        append_known_text(parts.items()[i], out);
      }
      return;
    }
  }
  out += intrinsics::kUnknownPart;
}

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// The decoding of standard base64 (whitespace ignored, padding optional), when the text is
// base64 and decodes to printable text; nullopt otherwise.
std::optional<std::string> decoded_base64(std::string_view text) {
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') break;
    int digit = base64_digit(c);
    if (digit < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(digit);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  for (unsigned char c : out) {
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return std::nullopt;
  }
  return out.empty() ? std::nullopt : std::optional<std::string>(std::move(out));
}

// The user data text the template makes known, or nullopt when none is.
std::optional<std::string> known_user_data(const Value& user_data) {
  if (user_data.is_scalar()) {
    if (user_data.is_null()) return std::nullopt;
    if (auto decoded = decoded_base64(user_data.text())) return decoded;
    return user_data.text();
  }
  const Value::Entry* call = user_data.intrinsic();
  if (!call || call->key != "Fn::Base64") return std::nullopt;
  std::string text;
  append_known_text(call->value, text);
  return text;
}

// Whether a line assigns a literal secret to a variable with a secret name, at its start
// or inside it (echo "DB_PASSWORD=..." >> /etc/app.env). Only the line's first assignment
// is read.
bool assigns_secret(const std::string& line) {
  auto assignment = obs::first_assignment(line);
  if (!assignment) return false;
  // Filled in at run time ($, `, %) or at deployment (a part the template leaves unknown).
  if (assignment->value.find_first_of(std::string("$`%") + intrinsics::kUnknownPart) != std::string_view::npos)
    return false;
  return obs::secret_name(assignment->name) && obs::secret_like_value(assignment->value);
}

// The first line of `text` that holds a secret.
std::optional<std::string> secret_line(const std::string& text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!obs::secret_shape(line).empty() || assigns_secret(line)) return line;
    start = end + 1;
  }
  return std::nullopt;
}

// Where `line` (trimmed) is written inside `value`'s range in the template: the whole line,
// or, when a substituted ${X} changed it, its start up to the assignment's = sign.
std::optional<Range> line_in_source(const SourceFile& source, const Value& value, std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || !value.range().known()) return std::nullopt;
  line = line.substr(first);
  size_t begin = source.offset_of(value.range().begin);
  size_t end = source.offset_of(value.range().end);
  if (end <= begin || end > source.text().size()) return std::nullopt;
  std::string_view written = std::string_view(source.text()).substr(begin, end - begin);
  size_t equals = line.find('=');
  for (std::string_view part : {line, line.substr(0, equals == std::string_view::npos ? 0 : equals + 1)}) {
    if (part.size() < 4) continue;
    size_t found = written.find(part);
    if (found != std::string_view::npos)
      return Range{source.position_at(begin + found), source.position_at(begin + found + part.size())};
  }
  return std::nullopt;
}

// A reference the evaluated user data still holds to a secret: a Ref or ${X} of a NoEcho
// parameter (NoEcho masks it in the stack's description, not in the user data EC2
// returns), or a Fn::GetAtt or ${X.Attr} of an attribute CloudFormation hands out in clear
// (an IAM access key's SecretAccessKey).
bool report_secret_reference(CheckContext& ctx, const Resource& resource, const Value& user_data,
                             const std::string& path) {
  const ResourceGraph& graph = ctx.graph();
  const auto masked = obs::no_echo_parameters(ctx.tmpl());
  for (const GraphEdge* edge : obs::kept_references(ctx, resource, user_data, path)) {
    const GraphNode& target = graph.at(edge->to);
    std::string why;
    if (edge->attribute.empty() && edge->kind != EdgeKind::GetAtt && target.kind == NodeKind::Parameter &&
        masked.contains(target.logical_id)) {
      why = "The value is NoEcho parameter " + std::string(target.logical_id) +
            "'s, which NoEcho does not mask in user data.";
    } else if (!edge->attribute.empty() && target.resource &&
               obs::is_secret_attribute(*target.resource, edge->attribute)) {
      why = "The value is " + std::string(target.logical_id) + "'s " + std::string(edge->attribute) +
            ", a secret CloudFormation hands out in clear.";
    } else {
      continue;
    }
    ctx.report(resource, edge->range, path);
    ctx.add_to_last_message(why);
    return true;
  }
  return false;
}

void check_user_data(CheckContext& ctx, const Resource& resource, const Value* user_data, const std::string& path) {
  if (!user_data) return;
  auto text = known_user_data(*user_data);
  auto line = text ? secret_line(*text) : std::nullopt;
  if (!line) {
    report_secret_reference(ctx, resource, *user_data, path);
    return;
  }
  if (auto at = line_in_source(ctx.tmpl().source(), *user_data, *line)) return ctx.report(resource, *at, path);
  ctx.report(resource, *user_data, path);
}

}  // namespace

void ec2_userdata_secret_plaintext(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (resource->type == "AWS::EC2::LaunchTemplate") {
      const Value* data = resource->property("LaunchTemplateData");
      const Value* user_data = data && data->is_mapping() ? data->find("UserData") : nullptr;
      check_user_data(ctx, *resource, user_data, resource->property_path("LaunchTemplateData") + ".UserData");
    } else {
      check_user_data(ctx, *resource, resource->property("UserData"), resource->property_path("UserData"));
    }
  }
}

}  // namespace cfn::checks
