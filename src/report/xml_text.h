// Text made safe for XML 1.0 and for line-oriented CI logs: invalid UTF-8 and characters
// XML forbids become U+FFFD, so a template's bytes can never break the report.
#pragma once

#include <string>
#include <string_view>

namespace cfn::report_text {

// Valid UTF-8 with forbidden characters (C0 controls other than tab, LF, CR; U+FFFE/FFFF;
// surrogates; overlong forms) replaced by U+FFFD.
std::string sanitized_utf8(std::string_view text);

// Escaped for an XML attribute value in double quotes (also encodes tab, LF and CR, which
// attribute normalisation would otherwise turn into spaces).
std::string xml_attribute(std::string_view text);
// Escaped for XML character data.
std::string xml_content(std::string_view text);

}  // namespace cfn::report_text
