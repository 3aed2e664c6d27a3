// kinesis-stream-no-encryption: an AWS::Kinesis::Stream without StreamEncryption, or with
// EncryptionType NONE. Kinesis Data Streams stores records unencrypted unless server-side
// encryption with a KMS key is turned on.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void kinesis_stream_no_encryption(CheckContext& ctx) {
  for (const Resource* stream : ctx.resources()) {
    PropertyLookup type = lookup_property(*stream, {"StreamEncryption", "EncryptionType"});
    if (found_text(type, "NONE")) {
      report_lookup(ctx, *stream, type);
    } else {
      require_present(ctx, *stream, {"StreamEncryption"});
    }
  }
}

}  // namespace cfn::checks
