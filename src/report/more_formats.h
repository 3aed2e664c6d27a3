// The CI formats: JUnit XML (--format junit) and GitHub Actions workflow commands
// (--format github). Both read the same ScanReport as the other reporters.
#pragma once

#include <ostream>

#include "report/report.h"

namespace cfn {

// JUnit XML: one <testsuite> per template, one <testcase> per template and enabled rule
// (classname = file path, name = rule id). A test case fails when the rule has an
// unsuppressed finding in that template: one <failure> (type = the highest level) whose
// text lists every finding as `path:line:col: level message`. Suppressed findings are
// listed in the test case's <system-out>. No times or timestamps: the output is
// deterministic, and time="0" keeps parsers that require the attribute happy.
void write_junit(const ScanReport& report, std::ostream& out);

// GitHub Actions annotations, one line per unsuppressed finding:
//   ::error file=PATH,line=L,endLine=L2,col=C,endColumn=C2,title=RULE-ID::MESSAGE
// (error -> error, warning -> warning, note -> notice), then one plain summary line.
// Suppressed findings are not printed. Values are escaped as the runner expects
// (% \r \n in messages; also : and , in properties).
void write_github(const ScanReport& report, std::ostream& out);

}  // namespace cfn
