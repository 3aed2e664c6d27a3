// Git's merge-conflict markers. A file committed in the middle of a merge holds both sides
// of it between lines that start with seven '<', '|', '=' or '>'; no template holds such a
// line, and the parse error it causes is better named after it than after the grammar.
// Internal to src/model (the YAML hints and the JSON loader).
#pragma once

#include <initializer_list>
#include <string_view>

namespace cfn {

// The marker that starts `line` (text from the first byte of a line on), or "" when it is
// not a conflict marker: the seven characters, then a blank, a line break or the end.
inline std::string_view merge_conflict_marker(std::string_view line) {
  for (std::string_view marker : {"<<<<<<<", "|||||||", "=======", ">>>>>>>"}) {
    if (!line.starts_with(marker)) continue;
    if (line.size() == marker.size() || std::string_view(" \t\r\n").find(line[marker.size()]) != std::string_view::npos)
      return marker;
  }
  return {};
}

// What a parse error at a conflict marker says after naming it.
inline constexpr std::string_view kConflictMarkerAdvice =
    "a merge conflict marker: the file holds both sides of an unresolved merge; resolve the conflict and remove the "
    "markers";

}  // namespace cfn
