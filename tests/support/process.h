// Running a shell command from a test: its exit status, standard output and, when asked
// for, its standard error.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace cfn::testing {

struct ProcessResult {
  int status = -1;  // exit status; -1 when the process did not exit normally
  std::string out;
  std::string err;  // filled by run_shell_with_stderr only
};

inline ProcessResult run_shell(const std::string& command) {
  ProcessResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, read);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The same, with standard error captured through `stderr_file` (created, read, removed).
inline ProcessResult run_shell_with_stderr(const std::string& command, const std::filesystem::path& stderr_file) {
  ProcessResult result = run_shell(command + " 2>'" + stderr_file.string() + "'");
  std::ifstream in(stderr_file, std::ios::binary);
  result.err.assign(std::istreambuf_iterator<char>(in), {});
  in.close();
  std::error_code ignored;
  std::filesystem::remove(stderr_file, ignored);
  return result;
}

}  // namespace cfn::testing
