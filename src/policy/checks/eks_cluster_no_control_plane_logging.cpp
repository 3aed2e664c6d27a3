// eks-cluster-no-control-plane-logging: an EKS cluster that sends no control plane log
// (api, audit, authenticator...) to CloudWatch Logs: Logging.ClusterLogging.EnabledTypes
// absent or empty.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void eks_cluster_no_control_plane_logging(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources())
    obs::require_non_empty(ctx, *cluster, {"Logging", "ClusterLogging", "EnabledTypes"});
}

}  // namespace cfn::checks
