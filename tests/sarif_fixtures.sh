#!/usr/bin/env bash
# tests/sarif_fixtures.sh CFN_SCAN TOOL_DIR: writes the SARIF of every fixture and has
# Microsoft's SARIF Multitool validate it with the SARIF, GitHub and GHAS rules.
set -euo pipefail
scanner=$1
tool_dir=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=()
while IFS= read -r fixture; do
  name=$(echo "$fixture" | tr '/' '_')
  "$scanner" scan "$fixture" --format sarif --fail-on never -o "$out/$name.sarif"
  files+=("$out/$name.sarif")
done < <(find fixtures examples -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) | sort)
# One more: every fixture in one log, as CI uploads it.
"$scanner" scan fixtures examples --format sarif --fail-on never -o "$out/all.sarif"
files+=("$out/all.sarif")
tools/sarif-validate.sh "$tool_dir" "${files[@]}"
echo "sarif-multitool: ${#files[@]} passed, 0 failed"
