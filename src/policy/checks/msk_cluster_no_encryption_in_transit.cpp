// msk-cluster-no-encryption-in-transit: an AWS::MSK::Cluster that lets clients talk to the
// brokers in plaintext (EncryptionInTransit.ClientBroker PLAINTEXT or TLS_PLAINTEXT) or
// turns off TLS between brokers (InCluster: false). The defaults (TLS, true) are fine.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void msk_cluster_no_encryption_in_transit(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    PropertyLookup client = lookup_property(*cluster, {"EncryptionInfo", "EncryptionInTransit", "ClientBroker"});
    if (found_text(client, "PLAINTEXT") || found_text(client, "TLS_PLAINTEXT")) report_lookup(ctx, *cluster, client);
    forbid_false(ctx, *cluster, {"EncryptionInfo", "EncryptionInTransit", "InCluster"});
  }
}

}  // namespace cfn::checks
