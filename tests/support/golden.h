// Golden files (DESIGN.md, Tests): exact expected output under tests/golden/, reviewed in
// the diff. `CFN_SCAN_UPDATE_GOLDEN=1 build/cfn-scan-tests` rewrites every one of them.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace cfn::testing {

inline bool updating_goldens() {
  const char* flag = std::getenv("CFN_SCAN_UPDATE_GOLDEN");
  return flag != nullptr && std::string_view(flag) == "1";
}

// The bytes of tests/golden/<folder>/<name>; when updating, first rewritten with `actual`.
inline std::string golden(std::string_view folder, std::string_view name, const std::string& actual) {
  std::string path = std::string(CFN_SCAN_SOURCE_DIR) + "/tests/golden/" + std::string(folder) + "/" +
                     std::string(name);
  if (updating_goldens()) std::ofstream(path, std::ios::binary) << actual;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace cfn::testing
