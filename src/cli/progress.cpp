#include "cli/progress.h"

#include <string>

namespace cfn::cli {

namespace {

std::string count_text(size_t done, size_t total) {
  return "cfn-scan: scanned " + std::to_string(done) + " of " + std::to_string(total) + " files";
}

}  // namespace

Progress::Pace Progress::default_pace(Mode mode) {
  if (mode == Mode::Terminal) return {std::chrono::seconds(1), std::chrono::milliseconds(100)};
  return {std::chrono::seconds(1), std::chrono::seconds(1)};
}

Progress::Progress(Mode mode, size_t total, std::ostream& err, Pace pace)
    : mode_(mode), total_(total), err_(err), every_(pace.every), first_update_(Clock::now() + pace.first) {
  next_update_ = first_update_;
}

void Progress::file_done() {
  size_t done = ++done_;
  if (mode_ == Mode::Off) return;
  Clock::time_point now = Clock::now();
  if (now < first_update_) return;
  std::unique_lock<std::mutex> guard(lock_, std::try_to_lock);
  if (!guard.owns_lock() || now < next_update_) return;  // another thread is writing, or too soon
  show(done);
  next_update_ = now + every_;
}

void Progress::show(size_t done) {
  if (mode_ == Mode::Terminal) {
    err_ << '\r' << count_text(done, total_) << "\x1b[K" << std::flush;
  } else {
    err_ << count_text(done, total_) << '\n' << std::flush;
  }
  shown_ = true;
}

void Progress::finish() {
  std::lock_guard<std::mutex> guard(lock_);
  if (mode_ == Mode::Terminal && shown_) err_ << "\r\x1b[K" << std::flush;
  if (mode_ == Mode::Lines) err_ << count_text(done_, total_) << '\n' << std::flush;
}

Progress::Mode progress_mode(std::string_view option, bool stderr_is_terminal, bool in_ci) {
  if (option == "never") return Progress::Mode::Off;
  if (option == "always") return stderr_is_terminal ? Progress::Mode::Terminal : Progress::Mode::Lines;
  return stderr_is_terminal && !in_ci ? Progress::Mode::Terminal : Progress::Mode::Off;
}

}  // namespace cfn::cli
