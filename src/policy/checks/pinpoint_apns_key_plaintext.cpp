// pinpoint-apns-key-plaintext: the private key or token key of a Pinpoint APNs channel
// (production, sandbox, VoIP, VoIP sandbox) written in the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void pinpoint_apns_key_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::Pinpoint::APNSChannel", "PrivateKey"},
                                     {"AWS::Pinpoint::APNSChannel", "TokenKey"},
                                     {"AWS::Pinpoint::APNSSandboxChannel", "PrivateKey"},
                                     {"AWS::Pinpoint::APNSSandboxChannel", "TokenKey"},
                                     {"AWS::Pinpoint::APNSVoipChannel", "PrivateKey"},
                                     {"AWS::Pinpoint::APNSVoipChannel", "TokenKey"},
                                     {"AWS::Pinpoint::APNSVoipSandboxChannel", "PrivateKey"},
                                     {"AWS::Pinpoint::APNSVoipSandboxChannel", "TokenKey"}});
}

}  // namespace cfn::checks
