// Reference edges: one walk over every value of every section, recording each Ref,
// GetAtt, Sub variable, DependsOn, Condition, Fn::If and Fn::FindInMap with the path
// and position where it is written, and each intrinsic call of the wrong shape.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "eval/intrinsics.h"
#include "graph/builder.h"
#include "model/template.h"

namespace cfn {

namespace {

// A Fn::Sub variable, `X` or `X.Attr`, as {X, Attr}; Attr is "" for `X`.
std::pair<std::string_view, std::string_view> split_attribute(std::string_view variable) {
  size_t dot = variable.find('.');
  if (dot == std::string_view::npos) return {variable, {}};
  return {variable.substr(0, dot), variable.substr(dot + 1)};
}

bool is_local_variable(const Value* variables, std::string_view name) {
  return variables && variables->is_mapping() && variables->find(name) != nullptr;
}

// Walks the values under one node (a resource, an output, a condition), keeping the
// property path of the value it is at, and links every reference it meets.
class ReferenceWalker {
 public:
  // `path` is the buffer the walk writes into, holding the path of the value the walk
  // starts at; one buffer serves every walk of a template, so its capacity grows once.
  // `language_extensions`: the template declares AWS::LanguageExtensions (asked once per
  // template, not once per walk).
  ReferenceWalker(GraphBuilder& builder, size_t from, std::string& path, bool language_extensions)
      : builder_(builder), from_(from), path_(path), language_extensions_(language_extensions) {}

  // Path steps are appended to path_ in place and cut off again: this walk visits every
  // value of the template, and a temporary string per step was most of its cost.
  void walk(const Value& value) {
    if (value.known_to_contain_intrinsic() == false) return;  // nothing here refers to anything
    if (const Value::Entry* call = value.intrinsic()) return walk_intrinsic(value, *call);
    for (const Value::Entry& entry : value.entries()) walk_child(entry.value, entry.key);
    for (size_t i = 0; i < value.items().size(); ++i) walk_item(value.items()[i], i);
  }

  // The value under `.key`.
  void walk_child(const Value& value, std::string_view key) {
    if (value.known_to_contain_intrinsic() == false) return;  // before the path is touched
    size_t mark = path_.size();
    path_ += '.';
    path_ += key;
    walk(value);
    path_.resize(mark);
  }

  // The value under `[index]`.
  void walk_item(const Value& value, size_t index) {
    if (value.known_to_contain_intrinsic() == false) return;
    size_t mark = path_.size();
    append_index(path_, index);
    walk(value);
    path_.resize(mark);
  }

  // DependsOn: one logical id or a list of them.
  void depends_on(const Value& value) {
    if (value.is_scalar()) return link(value.text(), find_resource(value.text()), EdgeKind::DependsOn, "", value);
    for (size_t i = 0; i < value.items().size(); ++i) {
      const Value& item = value.items()[i];
      if (!item.is_scalar()) continue;
      size_t mark = path_.size();
      append_index(path_, i);
      link(item.text(), find_resource(item.text()), EdgeKind::DependsOn, "", item);
      path_.resize(mark);
    }
  }

  // The Condition attribute of a resource or output, and {Condition: X} in a condition.
  void condition(const Value& value, EdgeKind kind = EdgeKind::Condition) {
    if (auto name = value.as_string()) link(*name, find(*name, NodeKind::Condition), kind, "", value);
  }

 private:
  void walk_intrinsic(const Value& site, const Value::Entry& call) {
    if (auto expected = intrinsics::wrong_shape(call)) {
      builder_.add_malformed(MalformedCall{from_, call.key, *expected, path_, site.range()});
    } else if (auto needs = language_extensions_ ? std::nullopt : intrinsics::needs_language_extensions(call)) {
      builder_.add_malformed(MalformedCall{from_, call.key, *needs, path_, site.range()});
    }
    const Value& argument = call.value;
    if (call.key == "Ref" && argument.is_scalar()) return ref(site, argument.text());
    if (call.key == "Fn::GetAtt") return get_att(site, argument);
    if (call.key == "Fn::Sub") return sub(site, argument);
    if (call.key == "Condition" && argument.is_scalar()) return condition(argument);
    if (call.key == "Fn::If") return if_condition(argument);
    if (call.key == "Fn::FindInMap") return find_in_map(argument);
    walk_child(argument, call.key);
  }

  void ref(const Value& site, std::string_view name) {
    link(name, find_referable(name), EdgeKind::Ref, "", site);
  }

  // [Resource, Attribute] (the attribute may itself be a Ref) or "Resource.Attribute".
  void get_att(const Value& site, const Value& argument) {
    if (argument.is_scalar()) {
      std::string_view text = argument.text();
      size_t dot = text.find('.');
      if (text.empty()) return link("", ResourceGraph::npos, EdgeKind::GetAtt, "", site);  // `!GetAtt` alone
      if (dot == std::string_view::npos) return;
      return link(text.substr(0, dot), find_resource(text.substr(0, dot)), EdgeKind::GetAtt, text.substr(dot + 1), site);
    }
    const auto& items = argument.items();
    if (items.empty() || !items[0].is_scalar()) return walk_child(argument, "Fn::GetAtt");
    std::string_view attribute;
    if (items.size() > 1 && items[1].is_scalar()) attribute = items[1].text();
    link(items[0].text(), find_resource(items[0].text()), EdgeKind::GetAtt, attribute, site);
    if (items.size() > 1 && !items[1].is_scalar()) walk_child(items[1], "Fn::GetAtt[1]");
  }

  // "text" or [text, {Var: value}]: variables named in the map are local to the Sub.
  void sub(const Value& site, const Value& argument) {
    const Value* text = &argument;
    const Value* variables = nullptr;
    if (argument.is_sequence()) {
      if (argument.items().empty()) return;
      text = &argument.items()[0];
      if (argument.items().size() > 1) variables = &argument.items()[1];
    }
    if (text->is_scalar()) {
      // Read as the evaluator reads them: `${!Literal}` is text, and an unclosed `${` ends
      // the scan (CloudFormation rejects the string).
      for (std::string_view variable : intrinsics::sub_variable_names(text->text())) {
        auto [name, attribute] = split_attribute(variable);
        if (name.empty() || is_local_variable(variables, name)) continue;
        size_t target = attribute.empty() ? find_referable(name) : find_resource(name);
        link(name, target, EdgeKind::Sub, attribute, site);
      }
    }
    if (variables) walk_child(*variables, "Fn::Sub[1]");
  }

  void if_condition(const Value& argument) {
    const auto& items = argument.items();
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == 0 && items[0].is_scalar()) {
        walk_condition_name(items[0]);
      } else {
        size_t mark = path_.size();
        path_ += ".Fn::If";
        walk_item(items[i], i);
        path_.resize(mark);
      }
    }
  }

  void walk_condition_name(const Value& name) {
    size_t mark = path_.size();
    path_ += ".Fn::If[0]";
    condition(name, EdgeKind::IfCondition);
    path_.resize(mark);
  }

  void find_in_map(const Value& argument) {
    const auto& items = argument.items();
    for (size_t i = 0; i < items.size(); ++i) {
      size_t mark = path_.size();
      path_ += ".Fn::FindInMap";
      append_index(path_, i);
      if (i == 0 && items[0].is_scalar()) {
        // The edge's site is the whole argument list: what the keys are is read from there.
        link(items[0].text(), find(items[0].text(), NodeKind::Mapping), EdgeKind::FindInMap, "", argument,
             items[0].range());
      } else {
        walk(items[i]);
      }
      path_.resize(mark);
    }
  }

  size_t find(std::string_view name, NodeKind kind) const { return builder_.graph().node(name, kind); }
  size_t find_resource(std::string_view name) const { return find(name, NodeKind::Resource); }

  // What a Ref or ${X} can name: a resource, a parameter or a pseudo parameter.
  size_t find_referable(std::string_view name) {
    size_t found = find_resource(name);
    if (found == ResourceGraph::npos) found = find(name, NodeKind::Parameter);
    if (found == ResourceGraph::npos) found = builder_.pseudo_node(name);
    return found;
  }

  // An edge to what `name` names; when it names nothing in the template (an empty name,
  // `!Ref` alone, included), no edge (no guess) but a record of it: CloudFormation
  // rejects such a reference.
  void link(std::string_view name, size_t to, EdgeKind kind, std::string_view attribute, const Value& site) {
    link(name, to, kind, attribute, site, site.range());
  }
  // The same, the edge's site being `site` and its position `range` (a lookup's name).
  void link(std::string_view name, size_t to, EdgeKind kind, std::string_view attribute, const Value& site,
            Range range) {
    if (to == ResourceGraph::npos) {
      builder_.add_unresolved(UnresolvedReference{from_, kind, std::string(name), path_, range});
      return;
    }
    builder_.add_edge(GraphEdge{from_, to, kind, attribute, path_, range, &site});
  }

  GraphBuilder& builder_;
  size_t from_;
  std::string& path_;
  bool language_extensions_;  // the template declares AWS::LanguageExtensions
};

// The buffer a walker starts from: `parts` joined, in place.
std::string& start_path(std::string& buffer, std::initializer_list<std::string_view> parts) {
  buffer.clear();
  for (std::string_view part : parts) buffer += part;
  return buffer;
}

void walk_resource(GraphBuilder& builder, const Resource& resource, std::string& path, bool language_extensions) {
  size_t from = builder.graph().node(resource);
  if (from == ResourceGraph::npos || !resource.node) return;
  for (const Value::Entry& attribute : resource.node->entries()) {
    // A value with no intrinsic in it refers to nothing (Metadata, most often, and every
    // SAM resource has one): passed over before its path is made. DependsOn and Condition
    // name what they refer to.
    bool names_references = attribute.key == "DependsOn" || attribute.key == "Condition";
    if (!names_references && attribute.value.known_to_contain_intrinsic() == false) continue;
    // An unknown attribute is already an error, often a resource indented one level too
    // deep: its references are not the resource's (one to the resource itself would be
    // reported as a dependency cycle besides).
    if (attribute.key == "Type" || !is_resource_attribute(attribute.key)) continue;
    ReferenceWalker walker(builder, from, start_path(path, {"Resources.", resource.logical_id, ".", attribute.key}),
                           language_extensions);
    if (attribute.key == "DependsOn") {
      walker.depends_on(attribute.value);
    } else if (attribute.key == "Condition") {
      walker.condition(attribute.value);
    } else {
      walker.walk(attribute.value);
    }
  }
}

void walk_output(GraphBuilder& builder, const Value::Entry& output, std::string& path, bool language_extensions) {
  size_t from = builder.graph().node(output.key, NodeKind::Output);
  for (const Value::Entry& attribute : output.value.entries()) {
    ReferenceWalker walker(builder, from, start_path(path, {"Outputs.", output.key, ".", attribute.key}),
                           language_extensions);
    if (attribute.key == "Condition") {
      walker.condition(attribute.value);
    } else {
      walker.walk(attribute.value);
    }
  }
}

void walk_condition(GraphBuilder& builder, const Value::Entry& condition, std::string& path, bool language_extensions) {
  size_t from = builder.graph().node(condition.key, NodeKind::Condition);
  ReferenceWalker(builder, from, start_path(path, {"Conditions.", condition.key}), language_extensions)
      .walk(condition.value);
}

void add_nodes(GraphBuilder& builder, const Value* section, NodeKind kind) {
  if (!section) return;
  for (const Value::Entry& entry : section->entries())
    builder.add_node(GraphNode{entry.key, kind, nullptr, &entry.value, entry.key_range});
}

}  // namespace

void add_section_nodes(GraphBuilder& builder) {
  const Template& tmpl = builder.tmpl();
  for (const Resource& resource : tmpl.resources())
    builder.add_node(GraphNode{resource.logical_id, NodeKind::Resource, &resource, resource.node,
                               resource.key_range});
  add_nodes(builder, tmpl.parameters, NodeKind::Parameter);
  add_nodes(builder, tmpl.conditions, NodeKind::Condition);
  add_nodes(builder, tmpl.mappings, NodeKind::Mapping);
  add_nodes(builder, tmpl.outputs, NodeKind::Output);
}

void add_reference_edges(GraphBuilder& builder) {
  const Template& tmpl = builder.tmpl();
  const bool language_extensions = tmpl.declares_transform(kLanguageExtensions);
  std::string path;
  for (const Resource& resource : tmpl.resources()) walk_resource(builder, resource, path, language_extensions);
  if (tmpl.conditions) {
    for (const Value::Entry& condition : tmpl.conditions->entries())
      walk_condition(builder, condition, path, language_extensions);
  }
  if (tmpl.outputs) {
    for (const Value::Entry& output : tmpl.outputs->entries()) walk_output(builder, output, path, language_extensions);
  }
}

}  // namespace cfn
