// cfn-scan-load-bench FILE [REPEAT]
//
// How much of a scan is loading and how much is analysis, for one file, in one process
// (no process start, no file system after the first read):
//   load  load_document(): the bytes parsed into the Value tree (YAML or JSON, picked
//         from the content as the scanner does), including the SourceFile's line index;
//   scan  scan_text(): the same load, then the template, SAM step, graph, every enabled
//         built-in rule; no reporter.
// Both are timed from a fresh copy of the text to the destruction of everything they
// built, since the scanner pays for that too. The analysis share is (scan - load) / load.
//
// Then the stages of the data flow (DESIGN.md) that come before any rule, each timed
// alone on an already loaded document (CPU medians, as a share of loading):
//   template  expand_foreach, expand_sam and Template::build (the SAM step included);
//   graph     ResourceGraph::build;
//   variants  every resource's properties resolved under the conditions it depends on
//             (Evaluator, ResourceVariants), what every rule then reads.
// Their sum is the part of the analysis share no rule can remove.
// Each run is timed twice: wall time (steady_clock) and this thread's CPU time, which
// does not grow while the thread waits for a CPU on a busy machine.
//
// Prints a plain-text table, then one machine-readable line starting with "RESULT"
// (bench/run.sh reads it). Nothing is written to disk.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/scanner.h"
#include "eval/evaluator.h"
#include "graph/graph.h"
#include "model/loader.h"
#include "model/template.h"
#include "policy/variants.h"
#include "sam/expand.h"
#include "sam/foreach.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Stats {
  double best_ms = 0;
  double median_ms = 0;
  double mean_ms = 0;
};

Stats summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  Stats s;
  s.best_ms = ms.front();
  size_t n = ms.size();
  s.median_ms = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  double sum = 0;
  for (double x : ms) sum += x;
  s.mean_ms = sum / static_cast<double>(n);
  return s;
}

double mb_per_s(size_t bytes, double ms) {
  return ms > 0 ? static_cast<double>(bytes) / 1e6 / (ms / 1e3) : 0;
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Keeps the optimiser from dropping work whose result is otherwise unused.
volatile size_t g_sink = 0;

// One load and one scan, each from a fresh copy of the text to the destruction of what it
// built: the units the timings measure. Never inlined, so that a profiler can count each
// whole (bench/run.sh with BENCH_CALLGRIND=1 reads their inclusive costs).
[[gnu::noinline]] void load_once(const std::string& path, const std::string& text) {
  cfn::Document document = cfn::load_document(std::make_shared<cfn::SourceFile>(path, text));
  g_sink = g_sink + (document.root ? 1 : 0) + document.diagnostics.size();
}

[[gnu::noinline]] void scan_once(const std::string& path, const std::string& text, const cfn::ScanOptions& options) {
  cfn::ScannedFile scanned = cfn::scan_text(text, path, options);
  g_sink = g_sink + scanned.report.findings.size();
}

// The CPU time of each stage before the rules, for one file (see the header comment).
struct StageTimes {
  std::vector<double> template_cpu, graph_cpu, variants_cpu;
};

void time_stages_once(const std::string& path, const std::string& text, StageTimes& times) {
  cfn::Document document = cfn::load_document(std::make_shared<cfn::SourceFile>(path, text));
  if (!document.root) return;
  double start = thread_cpu_ms();
  cfn::Template tmpl = cfn::Template::build(cfn::expand_sam(cfn::expand_foreach(std::move(document))));
  times.template_cpu.push_back(thread_cpu_ms() - start);
  start = thread_cpu_ms();
  {
    cfn::ResourceGraph graph = cfn::ResourceGraph::build(tmpl);
    g_sink = g_sink + graph.edges().size();
  }
  times.graph_cpu.push_back(thread_cpu_ms() - start);
  start = thread_cpu_ms();
  {
    cfn::Evaluator evaluator(tmpl);
    cfn::ResourceVariants variants(evaluator);
    for (const cfn::Resource& resource : tmpl.resources()) g_sink = g_sink + variants.of(resource).size();
  }
  times.variants_cpu.push_back(thread_cpu_ms() - start);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: cfn-scan-load-bench FILE [REPEAT]\n"
                 "Times loading alone and the full in-memory scan of FILE, best and median of\n"
                 "REPEAT runs (default 20), and prints how much the analysis adds to loading.\n";
    return 2;
  }
  const std::string path = argv[1];
  int repeat = 20;
  if (argc == 3) {
    char* end = nullptr;
    long value = std::strtol(argv[2], &end, 10);
    if (!end || *end != '\0' || value < 1 || value > 100000) {
      std::cerr << "cfn-scan-load-bench: REPEAT must be a number from 1 to 100000\n";
      return 2;
    }
    repeat = static_cast<int>(value);
  }

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cfn-scan-load-bench: cannot read " << path << "\n";
    return 2;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = std::move(buffer).str();
  const size_t bytes = text.size();

  // What the file is, from one untimed run of each (also warms caches and the allocator).
  size_t diagnostics = 0;
  bool parsed = false;
  {
    cfn::Document document = cfn::load_document(std::make_shared<cfn::SourceFile>(path, text));
    parsed = document.root != nullptr;
    diagnostics = document.diagnostics.size();
  }
  cfn::ScanOptions options{};
  size_t findings = 0;
  cfn::FileOutcome outcome;
  {
    cfn::ScannedFile scanned = cfn::scan_text(text, path, options);
    outcome = scanned.outcome;
    findings = scanned.report.findings.size();
  }

  std::vector<double> load_ms, scan_ms, load_cpu, scan_cpu;
  load_ms.reserve(repeat);
  scan_ms.reserve(repeat);
  load_cpu.reserve(repeat);
  scan_cpu.reserve(repeat);
  // Interleaved, so a slow phase of the machine hits both series alike.
  for (int i = 0; i < repeat; ++i) {
    {
      double cpu_start = thread_cpu_ms();
      auto start = Clock::now();
      load_once(path, text);
      load_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      load_cpu.push_back(thread_cpu_ms() - cpu_start);
    }
    {
      double cpu_start = thread_cpu_ms();
      auto start = Clock::now();
      scan_once(path, text, options);
      scan_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      scan_cpu.push_back(thread_cpu_ms() - cpu_start);
    }
  }

  // The stages, timed after the interleaved runs (a SAM error or a foreach error ends a
  // run early; such a file has no stage split and the scan reports the error).
  StageTimes stages;
  for (int i = 0; i < repeat; ++i) {
    try {
      time_stages_once(path, text, stages);
    } catch (const std::exception&) {
      break;
    }
  }

  Stats load = summarize(load_ms);
  Stats scan = summarize(scan_ms);
  Stats load_c = summarize(load_cpu);
  Stats scan_c = summarize(scan_cpu);
  // The share from the medians (robust to a stray slow run) and from the bests.
  double share_median = load.median_ms > 0 ? (scan.median_ms - load.median_ms) / load.median_ms * 100 : 0;
  double share_best = load.best_ms > 0 ? (scan.best_ms - load.best_ms) / load.best_ms * 100 : 0;
  double share_cpu =
      load_c.median_ms > 0 ? (scan_c.median_ms - load_c.median_ms) / load_c.median_ms * 100 : 0;

  const char* outcome_name = outcome == cfn::FileOutcome::Template      ? "template"
                             : outcome == cfn::FileOutcome::NotTemplate ? "not-a-template"
                                                                        : "unreadable";
  std::printf("file       %s\n", path.c_str());
  std::printf("bytes      %zu (%.1f KB)\n", bytes, static_cast<double>(bytes) / 1024);
  std::printf("outcome    %s, %s, %zu load diagnostics, %zu findings\n", outcome_name,
              parsed ? "parsed" : "NOT parsed", diagnostics, findings);
  std::printf("repeat     %d\n\n", repeat);
  std::printf("%-10s %10s %10s %10s %10s %10s\n", "phase", "best ms", "median ms", "mean ms", "MB/s best",
              "MB/s med");
  for (auto [name, s] : {std::pair{"load", load}, std::pair{"scan", scan}, std::pair{"load (CPU)", load_c},
                         std::pair{"scan (CPU)", scan_c}}) {
    std::printf("%-10s %10.3f %10.3f %10.3f %10.2f %10.2f\n", name, s.best_ms, s.median_ms, s.mean_ms,
                mb_per_s(bytes, s.best_ms), mb_per_s(bytes, s.median_ms));
  }
  std::printf("\nanalysis share (scan - load) / load: %.1f%% (medians), %.1f%% (bests), %.1f%% (CPU medians)\n",
              share_median, share_best, share_cpu);
  // Each stage's CPU median as a share of loading's: what precedes every rule.
  auto stage_pct = [&](const std::vector<double>& cpu) {
    return cpu.empty() || load_c.median_ms <= 0 ? 0.0 : summarize(cpu).median_ms / load_c.median_ms * 100;
  };
  double template_pct = stage_pct(stages.template_cpu);
  double graph_pct = stage_pct(stages.graph_cpu);
  double variants_pct = stage_pct(stages.variants_cpu);
  if (!stages.variants_cpu.empty()) {
    std::printf("before any rule (CPU medians / load): template %.1f%%, graph %.1f%%, variants %.1f%%; %.1f%% in all\n",
                template_pct, graph_pct, variants_pct, template_pct + graph_pct + variants_pct);
  }
  if (outcome != cfn::FileOutcome::Template)
    std::printf("warning: the scanner did not treat this file as a template; 'scan' is loading only\n");
  std::printf(
      "RESULT bytes=%zu outcome=%s findings=%zu repeat=%d load_best_ms=%.4f load_median_ms=%.4f "
      "scan_best_ms=%.4f scan_median_ms=%.4f load_cpu_median_ms=%.4f scan_cpu_median_ms=%.4f "
      "analysis_pct_median=%.2f analysis_pct_best=%.2f analysis_pct_cpu=%.2f template_pct=%.2f graph_pct=%.2f "
      "variants_pct=%.2f\n",
      bytes, outcome_name, findings, repeat, load.best_ms, load.median_ms, scan.best_ms, scan.median_ms,
      load_c.median_ms, scan_c.median_ms, share_median, share_best, share_cpu, template_pct, graph_pct, variants_pct);
  return 0;
}
