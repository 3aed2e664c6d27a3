// The progress line of long scans (cli/progress.h): when it shows, what it says, and that
// it leaves nothing behind on a terminal.
#include <catch2/catch.hpp>

#include <sstream>
#include <thread>
#include <vector>

#include "cli/progress.h"

using cfn::cli::Progress;
using cfn::cli::progress_mode;

TEST_CASE("progress: auto shows on a terminal outside CI, always everywhere, never nowhere", "[cli][progress]") {
  CHECK(progress_mode("auto", true, false) == Progress::Mode::Terminal);
  CHECK(progress_mode("auto", true, true) == Progress::Mode::Off);
  CHECK(progress_mode("auto", false, false) == Progress::Mode::Off);
  CHECK(progress_mode("always", true, true) == Progress::Mode::Terminal);
  CHECK(progress_mode("always", false, true) == Progress::Mode::Lines);
  CHECK(progress_mode("never", true, false) == Progress::Mode::Off);
}

TEST_CASE("progress: a scan shorter than the delay shows nothing on a terminal", "[cli][progress]") {
  std::ostringstream err;
  Progress progress(Progress::Mode::Terminal, 3, err);
  for (int i = 0; i < 3; ++i) progress.file_done();
  progress.finish();
  CHECK(err.str().empty());
}

TEST_CASE("progress: on a terminal one line is rewritten, then cleared", "[cli][progress]") {
  std::ostringstream err;
  // Updates from the start, then not again for an hour: the second is never written.
  Progress progress(Progress::Mode::Terminal, 2, err, {std::chrono::seconds(0), std::chrono::hours(1)});
  progress.file_done();
  CHECK(err.str() == "\rcfn-scan: scanned 1 of 2 files\x1b[K");
  progress.file_done();  // too soon after the last update: not written
  progress.finish();
  CHECK(err.str() == "\rcfn-scan: scanned 1 of 2 files\x1b[K\r\x1b[K");
}

TEST_CASE("progress: as lines, the final count whatever the threads did", "[cli][progress]") {
  std::ostringstream err;
  Progress progress(Progress::Mode::Lines, 4000, err, {std::chrono::hours(1), std::chrono::hours(1)});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] {
    for (int i = 0; i < 1000; ++i) progress.file_done();
  });
  for (std::thread& thread : threads) thread.join();
  progress.finish();
  CHECK(err.str() == "cfn-scan: scanned 4000 of 4000 files\n");  // before the first update: only the end
}

TEST_CASE("progress: off writes nothing", "[cli][progress]") {
  std::ostringstream err;
  Progress progress(Progress::Mode::Off, 1, err, {std::chrono::seconds(0), std::chrono::seconds(0)});
  progress.file_done();
  progress.finish();
  CHECK(err.str().empty());
}
