// Custom domains of SAM APIs (the Domain property).
#pragma once

#include <string>

#include "sam/context.h"

namespace cfn::sam {

// Api: AWS::ApiGateway::DomainName (DomainNameV2 when PRIVATE), a BasePathMapping per base
// path to `stage_id`, and Route 53 records when Domain.Route53 is set.
void add_rest_domain(Context& context, const SamResource& api, const std::string& api_id, const std::string& stage_id);
// HttpApi and WebSocketApi: AWS::ApiGatewayV2::DomainName, an ApiMapping per base path,
// and Route 53 records.
void add_v2_domain(Context& context, const SamResource& api, const std::string& api_id, const std::string& stage_id);

}  // namespace cfn::sam
