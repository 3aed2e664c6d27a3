#include "sam/references.h"

#include <optional>
#include <utility>

namespace cfn::sam {

namespace {

struct Generated {
  std::string_view sam_type;
  std::string_view type;
  std::string_view property;
};

// From the AWS SAM Developer Guide, "Generated CloudFormation resources": the properties
// that name one resource each (usage plans, which several APIs may share, are left out).
constexpr Generated kReferenceable[] = {
    {"Function", "AWS::Lambda::Alias", "Alias"},
    {"Function", "AWS::Lambda::Version", "Version"},
    {"StateMachine", "AWS::StepFunctions::StateMachineAlias", "Alias"},
    {"StateMachine", "AWS::StepFunctions::StateMachineVersion", "Version"},
    {"Api", "AWS::ApiGateway::Stage", "Stage"},
    {"Api", "AWS::ApiGateway::Deployment", "Deployment"},
    {"Api", "AWS::ApiGateway::DomainName", "DomainName"},
    {"HttpApi", "AWS::ApiGatewayV2::Stage", "Stage"},
    {"HttpApi", "AWS::ApiGatewayV2::DomainName", "DomainName"},
};

// The generated id `name` stands for, with what follows the property kept
// ("MyFunction.Alias.Arn" -> "MyFunctionAliaslive.Arn" when `rest` is allowed).
std::optional<std::string> resolved(std::string_view name, const ReferenceableProperties& properties,
                                    bool rest_allowed) {
  size_t first_dot = name.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  size_t second_dot = name.find('.', first_dot + 1);
  std::string_view head = name.substr(0, second_dot);
  auto found = properties.find(head);
  if (found == properties.end()) return std::nullopt;
  if (second_dot == std::string_view::npos) return found->second;
  if (!rest_allowed) return std::nullopt;
  return found->second + std::string(name.substr(second_dot));
}

Value with_text(const Value& scalar, std::string text) {
  return Value::scalar(std::move(text), scalar.quoted(), scalar.range());
}

// "${MyApi.Stage}" and "${MyFunction.Alias.Arn}" in a Sub string; `${!Literal}` is text.
std::optional<std::string> resolved_sub_text(std::string_view text, const ReferenceableProperties& properties) {
  std::string out;
  bool changed = false;
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find("${", at);
    size_t close = open == std::string_view::npos ? open : text.find('}', open + 2);
    if (close == std::string_view::npos) break;
    std::string_view variable = text.substr(open + 2, close - open - 2);
    auto name = variable.starts_with('!') ? std::nullopt : resolved(variable, properties, true);
    out.append(text.substr(at, open + 2 - at));
    out.append(name ? *name : std::string(variable));
    out.push_back('}');
    changed = changed || name.has_value();
    at = close + 1;
  }
  if (!changed) return std::nullopt;
  out.append(text.substr(at));
  return out;
}

std::optional<Value> rewritten(const Value& value, const ReferenceableProperties& properties);

// The argument of Ref, Fn::GetAtt or Fn::Sub with its names resolved; nullopt when unchanged.
std::optional<Value> rewritten_argument(std::string_view function, const Value& argument,
                                        const ReferenceableProperties& properties) {
  if (function == "Ref" && argument.is_scalar()) {
    if (auto name = resolved(argument.text(), properties, false)) return with_text(argument, *name);
    return std::nullopt;
  }
  if (function == "Fn::GetAtt" && argument.is_scalar()) {
    if (auto name = resolved(argument.text(), properties, true)) return with_text(argument, *name);
    return std::nullopt;
  }
  if (function == "Fn::GetAtt" && argument.is_sequence() && argument.items().size() == 2 &&
      argument.items()[0].is_scalar() && argument.items()[1].is_scalar()) {
    // SAM reads the list joined: [Fn.Alias, Arn] and [Fn, Alias.Arn] are both Fn.Alias.Arn.
    const Value& id = argument.items()[0];
    const Value& attribute = argument.items()[1];
    auto name = resolved(id.text() + "." + attribute.text(), properties, true);
    size_t dot = name ? name->find('.') : std::string::npos;
    if (dot == std::string::npos) return std::nullopt;
    Value copy = argument;
    copy.items()[0] = with_text(id, name->substr(0, dot));
    copy.items()[1] = with_text(attribute, name->substr(dot + 1));
    return copy;
  }
  if (function == "Fn::Sub" && argument.is_scalar()) {
    if (auto text = resolved_sub_text(argument.text(), properties)) return with_text(argument, *text);
    return std::nullopt;
  }
  if (function == "Fn::Sub" && argument.is_sequence() && !argument.items().empty()) {
    std::optional<Value> copy;
    if (argument.items()[0].is_scalar()) {
      if (auto text = resolved_sub_text(argument.items()[0].text(), properties)) {
        copy = argument;
        copy->items()[0] = with_text(argument.items()[0], *text);
      }
    }
    for (size_t i = 1; i < argument.items().size(); ++i) {
      if (auto item = rewritten(argument.items()[i], properties)) {
        if (!copy) copy = argument;
        copy->items()[i] = std::move(*item);
      }
    }
    return copy;
  }
  return rewritten(argument, properties);
}

// The value with its references resolved; nullopt when nothing in it changes, so that
// untouched subtrees stay shared.
std::optional<Value> rewritten(const Value& value, const ReferenceableProperties& properties) {
  if (value.is_scalar() || value.known_to_contain_intrinsic() == false) return std::nullopt;
  std::optional<Value> copy;
  const auto& entries = value.entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    std::optional<Value> child = entries.size() == 1 && value.intrinsic()
                                     ? rewritten_argument(entries[i].key, entries[i].value, properties)
                                     : rewritten(entries[i].value, properties);
    if (!child) continue;
    if (!copy) copy = value;
    copy->entries()[i].value = std::move(*child);
  }
  const auto& items = value.items();
  for (size_t i = 0; i < items.size(); ++i) {
    std::optional<Value> child = rewritten(items[i], properties);
    if (!child) continue;
    if (!copy) copy = value;
    copy->items()[i] = std::move(*child);
  }
  return copy;
}

// Whether the text may write such a name: a property's name after a dot ("Fn.Alias"),
// escaped JSON text ("Fn\u002eAlias"), or a Fn::ForEach (whose names the text spells only
// with a loop's identifier). One pass for the dots, however many resources SAM generated.
bool may_name_a_property(std::string_view written) {
  if (written.find('\\') != std::string_view::npos || written.find("Fn::ForEach") != std::string_view::npos)
    return true;
  for (size_t dot = written.find('.'); dot != std::string_view::npos; dot = written.find('.', dot + 1)) {
    std::string_view after = written.substr(dot + 1);
    for (const Generated& generated : kReferenceable)
      if (after.starts_with(generated.property)) return true;
  }
  return false;
}

}  // namespace

std::string_view referenceable_property(std::string_view sam_type, std::string_view generated_type) {
  for (const Generated& generated : kReferenceable)
    if (generated.sam_type == sam_type && generated.type == generated_type) return generated.property;
  return {};
}

void resolve_referenceable_properties(Value& root, const ReferenceableProperties& properties,
                                      std::string_view written) {
  if (properties.empty() || !root.is_mapping() || !may_name_a_property(written)) return;
  for (Value::Entry& section : root.entries()) {
    if (section.key != "Resources" && section.key != "Outputs") continue;
    if (auto changed = rewritten(section.value, properties)) section.value = std::move(*changed);
  }
}

}  // namespace cfn::sam
