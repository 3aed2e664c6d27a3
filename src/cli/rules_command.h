// `cfn-scan rules` and `cfn-scan explain`: the catalog as people and tools read it.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cfn {

// format: text | json | markdown. With output_dir, markdown writes one page per rule
// plus README.md there (how docs/rules/ is generated). `policies`: folders of user
// policies, listed with the built-in rules.
int run_rules(const std::string& format, const std::string& output_dir, const std::vector<std::string>& policies,
              std::ostream& out, std::ostream& err);
int run_explain(const std::string& rule_id, const std::vector<std::string>& policies, std::ostream& out,
                std::ostream& err);

}  // namespace cfn
