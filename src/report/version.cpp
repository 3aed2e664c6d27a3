#include "report/report.h"

// CMake defines CFN_SCAN_VERSION (the project version) for the core library; a build
// outside CMake still links and says so with an impossible release number.
#ifndef CFN_SCAN_VERSION
#define CFN_SCAN_VERSION "0.0.0"
#endif

namespace cfn {

std::string_view cfn_scan_version() { return CFN_SCAN_VERSION; }

}  // namespace cfn
