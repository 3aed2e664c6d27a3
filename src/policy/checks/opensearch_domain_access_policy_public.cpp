// opensearch-domain-access-policy-public: an OpenSearch Service (or Elasticsearch) domain
// reachable from the internet whose AccessPolicies allow everyone (Principal "*") with no
// IP or account condition. A domain inside a VPC (VPCOptions) is reached only through its
// security groups, and one with fine-grained access control enabled authenticates every
// request itself; AWS documents an open access policy as the normal setup for both.
#include <algorithm>
#include <vector>

#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// VPCOptions present (even unknown) or fine-grained access control on or unknown.
bool protected_otherwise(const Resource& domain) {
  if (domain.property("VPCOptions")) return true;
  const Value* enabled = nested_property(domain, "AdvancedSecurityOptions.Enabled");
  return enabled && (is_unknown(*enabled) || enabled->as_bool() != false);
}

// The access policy a CDK AwsCustomResource gives the domain (the CDK's accessPolicies:
// a Custom::OpenSearchAccessPolicy whose Create and Update call updateDomainConfig with
// the domain's name and AccessPolicies; Custom::ElasticsearchAccessPolicy and
// updateElasticsearchDomainConfig for an Elasticsearch domain), read from each variant
// deployed with the domain.
void report_custom_resource_policies(CheckContext& ctx, const Resource& domain) {
  const Resource* original = ctx.tmpl().resource(domain.logical_id);
  const ResourceGraph& graph = ctx.graph();
  size_t node = original ? graph.node(*original) : ResourceGraph::npos;
  if (node == ResourceGraph::npos) return;
  std::vector<const Resource*> setters;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const Resource* setter = graph.at(edge->from).resource;
    if (!setter || !setter->type.starts_with("Custom::") || !is_reference_edge(edge->kind) ||
        !edge->property_path.starts_with(setter->path() + ".Properties.Create"))
      continue;
    if (std::find(setters.begin(), setters.end(), setter) == setters.end()) setters.push_back(setter);
  }
  for (const Resource* setter : setters) {
    for (const Resource* variant : ctx.variants_with(*setter, domain)) {
      const Value* call = variant->property("Create");
      const Value* action = call && call->is_mapping() ? call->find("action") : nullptr;
      auto name = action ? action->as_string() : std::nullopt;
      if (name != "updateDomainConfig" && name != "updateElasticsearchDomainConfig") continue;
      const Value* document = find_path(*call, ".parameters.AccessPolicies");
      if (document && document->is_mapping())
        report_public_statements(ctx, domain, *document,
                                 variant->property_path("Create") + ".parameters.AccessPolicies");
    }
  }
}

}  // namespace

void opensearch_domain_access_policy_public(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources()) {
    if (protected_otherwise(*domain)) continue;
    if (const Value* document = domain->property("AccessPolicies"))
      report_public_statements(ctx, *domain, *document, domain->property_path("AccessPolicies"));
    report_custom_resource_policies(ctx, *domain);
  }
}

}  // namespace cfn::checks
