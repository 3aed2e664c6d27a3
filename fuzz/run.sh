#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/, seeds their corpora from
# fixtures/ and examples/, runs each target for SECONDS (default 60) and lists the
# crashes found. See fuzz/README.md.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      TARGET: yaml_loader json_loader pipeline (default: all)
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (targets run at once,
# default: the number of cores), FUZZ_TIMEOUT (seconds one input may take, default 5),
# FUZZ_MAX_LEN (default 65536), FUZZ_RSS_MB (default 2048), FUZZ_ARGS (more libFuzzer flags).
# Exit status: 0 no crash found, 1 crashes found (listed at the end), 2 build failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(yaml_loader json_loader pipeline)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${FUZZ_JOBS:-$(nproc)}
timeout=${FUZZ_TIMEOUT:-5}
max_len=${FUZZ_MAX_LEN:-65536}
rss_mb=${FUZZ_RSS_MB:-2048}

if ! grep -q 'add_subdirectory(fuzz)' "$root/CMakeLists.txt"; then
  echo "run.sh: $root/CMakeLists.txt does not add fuzz/ (if(CFN_SCAN_FUZZ) add_subdirectory(fuzz) endif())" >&2
  exit 2
fi

echo "== building the fuzz targets in $build"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# The configure log goes inside the build folder: next to it, in the repository's root, it
# was a file git did not ignore.
mkdir -p "$build"
cmake -S "$root" -B "$build" "${generator[@]}" -DCFN_SCAN_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 2; }
cmake --build "$build" --target "${targets[@]/%/_fuzzer}" || exit 2

# Seeds: every fixture and example the target can read, flattened into one folder.
seed() {
  local target=$1 dir=$build/seeds/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  local patterns=(-name '*.yaml' -o -name '*.yml' -o -name '*.template' -o -name '*.json')
  [[ $target == json_loader ]] && patterns=(-name '*.json')
  find "$root/fixtures" "$root/examples" -type f \( "${patterns[@]}" \) -print0 |
    while IFS= read -r -d '' file; do
      name=${file#"$root"/}
      cp "$file" "$dir/${name//\//_}"
    done
}

dictionary() {
  case $1 in
    json_loader) echo "$root/fuzz/json.dict" ;;
    *) echo "$root/fuzz/yaml.dict" ;;
  esac
}

run_target() {
  local target=$1
  local corpus=$build/corpus/$target artifacts=$build/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  seed "$target"
  local start=$SECONDS
  # -fork=0: one process, so the CPU time measured below is the fuzzing itself.
  /usr/bin/time -f "%U %S" -o "$build/logs/$target.time" \
    "$build/fuzz/${target}_fuzzer" "$corpus" "$build/seeds/$target" \
      -dict="$(dictionary "$target")" -max_len="$max_len" -timeout="$timeout" \
      -rss_limit_mb="$rss_mb" -max_total_time="$seconds" -artifact_prefix="$artifacts" \
      -print_final_stats=1 ${FUZZ_ARGS:-} >"$build/logs/$target.log" 2>&1 || true
  echo "== $target: $((SECONDS - start)) s wall, $(tail -1 "$build/logs/$target.time" | awk '{printf "%.1f", $1 + $2}') s CPU," \
    "corpus $(ls "$corpus" | wc -l) inputs; log: $build/logs/$target.log"
}

mkdir -p "$build/logs"
stamp=$build/logs/.started
touch "$stamp"
echo "== fuzzing ${targets[*]} for $seconds s each, $jobs at a time"
running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n
    running=$((running - 1))
  fi
done
wait

# What libFuzzer kept in this run: crash-*, timeout-*, oom-*, leak-*, slow-unit-* files
# (older ones stay in build-fuzz/artifacts/ until removed, but are not listed again).
found=0
for target in "${targets[@]}"; do
  while IFS= read -r -d '' artifact; do
    found=$((found + 1))
    echo "CRASH $target: $artifact"
    echo "      reproduce: $build/fuzz/${target}_fuzzer $artifact"
    grep -m1 -E 'ERROR: |runtime error|invariant violated|deadly signal' "$build/logs/$target.log" | sed 's/^/      /' || true
  done < <(find "$build/artifacts/$target" -type f -newer "$stamp" -print0)
done
if ((found)); then
  echo "== $found crash(es) found: minimise with -minimize_crash=1 -runs=10000, add as fixtures (fuzz/README.md)"
  exit 1
fi
echo "== no crashes"
