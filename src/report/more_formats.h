// The CI formats: JUnit XML (--format junit), GitHub Actions workflow commands (--format
// github) and GitLab's Code Quality report (--format gitlab). They read the same ScanReport
// as the other reporters.
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

// GitLab Code Quality (artifacts:reports:codequality): a JSON array with one issue per
// unsuppressed finding: type "issue", check_name (the rule id), description (the
// message), severity (error -> major, warning -> minor, note -> info), fingerprint (the
// one SARIF and --format json give the finding) and location {path, lines {begin, end}}.
void write_gitlab(const ScanReport& report, std::ostream& out);

}  // namespace cfn
