// cloudtrail-trail-logging-disabled: a trail created with IsLogging false records nothing.
// IsLogging is required, so a missing value is a template error, not this rule's finding.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void cloudtrail_trail_logging_disabled(CheckContext& ctx) {
  for (const Resource* trail : ctx.resources()) {
    obs::Lookup logging = obs::lookup(*trail, {"IsLogging"});
    if (logging.found() && obs::is_false(*logging.value)) ctx.report(*trail, *logging.value, logging.path);
  }
}

}  // namespace cfn::checks
