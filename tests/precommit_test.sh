#!/usr/bin/env bash
# Drives the real pre-commit (the Debian package) against this repository's
# .pre-commit-hooks.yaml, in a temporary git repository:
#   - a commit staging a template with a warning-level finding is blocked;
#   - the fixed template commits;
#   - a staged YAML file that is not a template (a GitHub workflow) commits;
#   - a bad template that is present but not staged does not block a commit;
#   - args: [--fail-on, error] lets a warning through.
# No network: the hook is `language: system` and its source is a local clone.
#
# Usage: tests/precommit_test.sh [PATH/TO/cfn-scan]
#   Without an argument, cfn-scan is taken from PATH, else from build/ or /tmp/wf-build/.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)

find_binary() {
  if [[ $# -ge 1 && -n "$1" ]]; then echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; return; fi
  if command -v cfn-scan >/dev/null 2>&1; then command -v cfn-scan; return; fi
  for candidate in "$repo_root/build/cfn-scan" /tmp/wf-build/cfn-scan; do
    if [[ -x "$candidate" ]]; then echo "$candidate"; return; fi
  done
  echo "precommit_test: no cfn-scan binary (pass its path, put it on PATH, or build into build/)" >&2
  exit 2
}

if ! command -v pre-commit >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y pre-commit >/dev/null
  else
    echo "precommit_test: pre-commit is not installed (apt-get install pre-commit)" >&2
    exit 2
  fi
fi

binary=$(find_binary "${1:-}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pre-commit's cache (the hook repository clone) stays inside the temporary folder.
export PRE_COMMIT_HOME="$work/pre-commit-home"
mkdir -p "$work/bin"
ln -s "$binary" "$work/bin/cfn-scan"
export PATH="$work/bin:$PATH"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# The hook source: this repository as it is on disk. pre-commit reads hooks from a
# commit, so the current .pre-commit-hooks.yaml is committed into a throw-away clone
# (the repository itself is never touched).
hooks="$work/hook-source"
git init -q "$hooks"
cp "$repo_root/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m "hooks under test"
rev=$(git -C "$hooks" rev-parse HEAD)

project="$work/project"
git init -q "$project"
cd "$project"

write_config() {  # $1: extra hook lines
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: cfn-scan
$1
YAML
  git add .pre-commit-config.yaml
}

write_config ""
pre-commit install >/dev/null
git commit -q -m "pre-commit configuration" >/dev/null 2>&1

failures=0
check() {  # $1: description, $2: expected outcome (pass|fail), $3...: command
  local description=$1 expected=$2
  shift 2
  local output status=0
  output=$("$@" 2>&1) || status=$?
  local outcome=pass
  [[ $status -ne 0 ]] && outcome=fail
  if [[ $outcome == "$expected" ]]; then
    echo "ok: $description"
  else
    echo "FAILED: $description (expected the commit to $expected, it did $outcome)"
    echo "$output" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
  LAST_OUTPUT=$output
}

bad_function='AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/worker
      Code:
        ZipFile: "def handler(event, context): return None"'

mkdir -p stacks .github/workflows
printf '%s\n' "$bad_function" > stacks/worker.yaml
git add stacks/worker.yaml
check "a template with a warning blocks the commit" fail git commit -m "add worker"
if ! grep -q "lambda-function-no-tracing" <<<"$LAST_OUTPUT"; then
  echo "FAILED: the blocked commit's output names the rule"
  failures=$((failures + 1))
fi

cat > stacks/worker.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/worker
      TracingConfig:
        Mode: Active
      Code:
        ZipFile: "def handler(event, context): return None"
YAML
git add stacks/worker.yaml
check "the fixed template commits" pass git commit -m "add worker with tracing"

cat > .github/workflows/ci.yml <<'YAML'
name: ci
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
YAML
git add .github/workflows/ci.yml
check "a YAML file that is not a template is ignored" pass git commit -m "ci"

printf '%s\n' "$bad_function" > stacks/unstaged.yaml
echo "# notes" > README.md
git add README.md
check "a bad template that is not staged does not block" pass git commit -m "readme"
rm stacks/unstaged.yaml

write_config "        args: [--fail-on, error]"
printf '%s\n' "$bad_function" > stacks/batch.yaml
git add stacks/batch.yaml
check "args: [--fail-on, error] lets a warning through" pass git commit -m "batch with threshold error"

if [[ $failures -ne 0 ]]; then
  echo "$failures pre-commit check(s) failed"
  exit 1
fi
echo "all pre-commit checks passed"
