// amazonmq-broker-no-logging: an Amazon MQ broker that does not publish its general log
// (Logs.General), or, for ActiveMQ, its audit log (Logs.Audit; RabbitMQ has none), to
// CloudWatch Logs. Both are off by default.
#include <algorithm>
#include <cctype>

#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// ActiveMQ, or unknown (then its audit log is not asked for).
bool is_activemq(const Resource& broker) {
  obs::Lookup engine = obs::lookup(broker, {"EngineType"});
  if (!engine.found() || !engine.value->as_string()) return false;
  std::string name(*engine.value->as_string());
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
  return name == "ACTIVEMQ";
}

}  // namespace

void amazonmq_broker_no_logging(CheckContext& ctx) {
  for (const Resource* broker : ctx.resources()) {
    obs::require_true(ctx, *broker, {"Logs", "General"});
    if (is_activemq(*broker)) obs::require_true(ctx, *broker, {"Logs", "Audit"});
  }
}

}  // namespace cfn::checks
