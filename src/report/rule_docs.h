// Every human-readable rendering of a rule's metadata: SARIF help, `cfn-scan explain`,
// `cfn-scan rules` and the generated docs/rules pages all come from here.
#pragma once

#include <ostream>
#include <span>
#include <string>

#include "policy/rule.h"

namespace cfn {

// What, why, AWS default, how to fix, example, references.
std::string rule_help_markdown(const RuleMeta& rule);
std::string rule_help_text(const RuleMeta& rule);

// A docs/rules/<id>.md page: heading, metadata table, then the help.
std::string rule_page_markdown(const RuleMeta& rule);
// docs/rules/README.md: the index of every rule.
std::string rules_index_markdown(std::span<const RuleMeta> rules);

void write_rules_text(std::span<const RuleMeta> rules, std::ostream& out);
void write_rules_json(std::span<const RuleMeta> rules, std::ostream& out);

// Equivalents as "checkov: CKV_AWS_19; cfn_nag: W41".
std::string equivalents_line(const RuleMeta& rule);
// Tags as "encryption-at-rest, security".
std::string joined(std::span<const std::string_view> items, std::string_view separator);

}  // namespace cfn
