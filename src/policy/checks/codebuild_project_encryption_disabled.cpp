// codebuild-project-encryption-disabled: an AWS::CodeBuild::Project that turns encryption
// off for its build output: EncryptionDisabled true on Artifacts, on one of
// SecondaryArtifacts, or on LogsConfig.S3Logs.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void codebuild_project_encryption_disabled(CheckContext& ctx) {
  for (const Resource* project : ctx.resources()) {
    forbid_true(ctx, *project, {"Artifacts", "EncryptionDisabled"});
    forbid_true(ctx, *project, {"LogsConfig", "S3Logs", "EncryptionDisabled"});
    PropertyLookup secondary = lookup_property(*project, {"SecondaryArtifacts"});
    if (!secondary.found() || !secondary.value->is_sequence()) continue;
    const auto& items = secondary.value->items();
    for (size_t i = 0; i < items.size(); ++i) {
      std::string item_path = secondary.path;
      item_path.append("[").append(std::to_string(i)).append("]");
      PropertyLookup disabled = lookup_in(items[i], item_path, {"EncryptionDisabled"});
      if (found_true(disabled)) report_lookup(ctx, *project, disabled);
    }
  }
}

}  // namespace cfn::checks
