// libFuzzer target: arbitrary bytes through load_json (fuzz/README.md).
// Sanitizers catch memory errors and undefined behaviour; fuzz_checks.h adds the
// loader's own promises: positions inside the file, ranges in order, and a parse
// error (never an exception or a crash) for whatever is not JSON.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_checks.h"
#include "model/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto source = std::make_shared<const cfn::SourceFile>(
      "fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  cfn::LoadLimits limits;  // the defaults the CLI uses
  cfn::Document document = cfn::load_json(source, limits);
  cfn::fuzz::LineColumns columns(*source);  // shared: counting a long line per check was quadratic
  for (const cfn::Diagnostic& diagnostic : document.diagnostics) cfn::fuzz::check_diagnostic(*source, columns, diagnostic);
  if (document.root) cfn::fuzz::check_value(*source, columns, *document.root);
  return 0;
}
