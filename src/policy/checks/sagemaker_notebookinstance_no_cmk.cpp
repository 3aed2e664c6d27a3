// sagemaker-notebookinstance-no-cmk: an AWS::SageMaker::NotebookInstance without KmsKeyId.
// Its ML storage volume is then encrypted with a key SageMaker manages, not one you control.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void sagemaker_notebookinstance_no_cmk(CheckContext& ctx) {
  for (const Resource* notebook : ctx.resources()) require_present(ctx, *notebook, {"KmsKeyId"});
}

}  // namespace cfn::checks
