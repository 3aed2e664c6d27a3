#!/usr/bin/env bash
# Validates SARIF logs with Microsoft's SARIF Multitool, using the same rule sets as
# the online validator GitHub recommends: the SARIF spec rules plus GitHub's ingestion
# rules ("Gh", "Ghas").
#
#   tools/sarif-validate.sh TOOL_DIR FILE.sarif...
#
# TOOL_DIR caches the npm package @microsoft/sarif-multitool-linux (installed on first
# use, needs node/npm and network once). Exits 0 when no file has an error-level result,
# 1 when one does (its messages are printed), 2 on usage or tool failure. Warnings are
# printed but do not fail. The Multitool itself exits 0 even when it finds errors, so
# its output log is inspected instead.
set -euo pipefail

usage() {
  echo "usage: $0 TOOL_DIR FILE.sarif..." >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
tool_dir=$1
shift

package_dir="$tool_dir/node_modules/@microsoft/sarif-multitool-linux"
multitool="$package_dir/Sarif.Multitool"

install_multitool() {
  [[ -f "$multitool" ]] && return
  echo "Installing @microsoft/sarif-multitool-linux into $tool_dir" >&2
  mkdir -p "$tool_dir"
  npm install --prefix "$tool_dir" --no-audit --no-fund @microsoft/sarif-multitool-linux >&2
}

install_multitool
[[ -f "$multitool" ]] || { echo "error: $multitool missing after npm install" >&2; exit 2; }
# The package's postinstall (chmod) does not run when npm skips scripts.
[[ -x "$multitool" ]] || chmod +x "$multitool"

# .NET aborts at start-up without ICU unless told to run culture-invariant.
if [[ -z "${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-}" ]] &&
   ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'; then
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi

work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT

# Prints "FILE: level RULE: message" for every result of a Multitool output log and
# exits 1 if any is an error. A result without "level" takes its rule's default, and a
# rule without one defaults to "warning" (SARIF §3.27.10).
report_results() {
  node - "$1" "$2" <<'JS'
const fs = require('fs');
const [logPath, checkedFile] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(logPath, 'utf8'));
let errors = 0;
for (const run of log.runs || []) {
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  for (const result of run.results || []) {
    const rule = rules[result.ruleIndex] || rules.find(r => r.id === result.ruleId) || {};
    const level = result.level || (rule.defaultConfiguration || {}).level || 'warning';
    const message = result.message || {};
    let text = message.text;
    if (text === undefined) {
      const template = ((rule.messageStrings || {})[message.id] || {}).text || message.id || '';
      // .NET format strings: {N} is an argument, {{ and }} are literal braces.
      text = template.replace(/\{\{|\}\}|\{(\d+)\}/g,
        (match, i) => i === undefined ? match[0] : (message.arguments || [])[i] ?? '');
    }
    const where = (((result.locations || [])[0] || {}).physicalLocation || {}).artifactLocation || {};
    console.log(`${where.uri || checkedFile}: ${level} ${result.ruleId}: ${text}`);
    if (level === 'error') errors++;
  }
}
process.exit(errors > 0 ? 1 : 0);
JS
}

# One Multitool run for every file: its start-up (.NET) costs far more than a file does.
status=0
files=()
for sarif in "$@"; do
  if [[ -f "$sarif" ]]; then files+=("$sarif"); else echo "error: $sarif: no such file" >&2; status=2; fi
done
[[ ${#files[@]} -gt 0 ]] || exit "$status"
out="$work_dir/validation.sarif"
if ! "$multitool" validate "${files[@]}" --rule-kind "Sarif;Gh;Ghas" -o "$out" \
     --log ForceOverwrite >"$work_dir/multitool.log" 2>&1 || [[ ! -f "$out" ]]; then
  cat "$work_dir/multitool.log" >&2
  echo "error: the SARIF Multitool failed" >&2
  exit 2
fi
grep -q "${#files[@]} files\? scanned" "$work_dir/multitool.log" || {
  cat "$work_dir/multitool.log" >&2
  echo "error: the SARIF Multitool did not scan all ${#files[@]} files" >&2
  exit 2
}
if report_results "$out" "${#files[@]} files"; then
  echo "${#files[@]} SARIF files valid (no error-level results)"
else
  echo "INVALID SARIF (see the results above)" >&2
  [[ $status -ne 0 ]] || status=1
fi
exit $status
