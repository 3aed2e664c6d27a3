// How far a scan of many files has got, on stderr: "cfn-scan: scanned 1200 of 5000 files".
// A scan of a few files ends before anything is shown (a pre-commit hook never sees it);
// a long one on a terminal keeps one line up to date and clears it at the end, so the
// report that follows is unchanged. Asked for explicitly (--progress always) on a stream
// that is not a terminal, it writes plain lines, one a second and the final count, for
// CI logs.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string_view>

namespace cfn::cli {

class Progress {
 public:
  enum class Mode { Off, Terminal, Lines };
  using Clock = std::chrono::steady_clock;

  // When updates are written: none before `first` has passed, then at most one per `every`.
  struct Pace {
    Clock::duration first;
    Clock::duration every;
  };
  // After a second, a terminal line rewritten ten times a second, or a log line a second.
  static Pace default_pace(Mode mode);

  Progress(Mode mode, size_t total, std::ostream& err) : Progress(mode, total, err, default_pace(mode)) {}
  Progress(Mode mode, size_t total, std::ostream& err, Pace pace);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // One more file scanned; called by the scanning threads.
  void file_done();
  // After the last file: clears the terminal line, or writes the final count.
  void finish();

 private:
  void show(size_t done);  // with lock_ held

  Mode mode_;
  size_t total_;
  std::ostream& err_;
  Clock::duration every_;
  Clock::time_point first_update_;
  Clock::time_point next_update_;
  std::atomic<size_t> done_{0};
  std::mutex lock_;
  bool shown_ = false;
};

// --progress auto | always | never, for the stream stderr is: auto shows it on a terminal
// outside CI (the CI environment variable unset), always everywhere.
Progress::Mode progress_mode(std::string_view option, bool stderr_is_terminal, bool in_ci);

}  // namespace cfn::cli
