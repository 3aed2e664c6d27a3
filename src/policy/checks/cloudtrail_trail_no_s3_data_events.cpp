// cloudtrail-trail-no-s3-data-events: an AWS::CloudTrail::Trail with no EventSelectors
// entry whose DataResources holds Type AWS::S3::Object, and no AdvancedEventSelectors
// entry with a FieldSelectors item whose Field is resources.type and whose Equals lists
// AWS::S3::Object. Native rather than declarative to point where the trail's selectors
// are: a trail written with AdvancedEventSelectors (it cannot have both) is shown those,
// not told about the EventSelectors it lacks.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

using obs::Lookup;

enum class Answer : uint8_t { No, Yes, Unknown };

Answer found_state(const Lookup& lookup) {
  return lookup.found() ? Answer::Yes : lookup.missing() ? Answer::No : Answer::Unknown;
}

// Whether some item of the list at `list` answers yes; unknown when the list, or an item
// not answering no, is not known.
template <class Test>
Answer some_item(const Lookup& list, Test&& test) {
  if (!list.found()) return found_state(list);
  const Value& value = *list.value;
  if (is_unknown(value) || !value.is_sequence()) return Answer::Unknown;
  Answer answer = Answer::No;
  for (const Value& item : value.items()) {
    Answer one = test(item);
    if (one == Answer::Yes) return Answer::Yes;
    if (one == Answer::Unknown) answer = Answer::Unknown;
  }
  return answer;
}

Answer is_text(const Value& value, std::string_view wanted) {
  if (is_unknown(value)) return Answer::Unknown;
  return value.is_scalar() && value.text() == wanted ? Answer::Yes : Answer::No;
}

Answer field_is(const Value& item, std::string_view key, std::string_view wanted) {
  Lookup field = obs::lookup(&item, "", {key});
  return field.found() ? is_text(*field.value, wanted) : found_state(field);
}

Answer both(Answer a, Answer b) {
  if (a == Answer::No || b == Answer::No) return Answer::No;
  return a == Answer::Yes && b == Answer::Yes ? Answer::Yes : Answer::Unknown;
}

Answer selects_s3_objects(const Lookup& event_selectors) {
  return some_item(event_selectors, [](const Value& selector) {
    return some_item(obs::lookup(&selector, "", {"DataResources"}),
                     [](const Value& resource) { return field_is(resource, "Type", "AWS::S3::Object"); });
  });
}

Answer advanced_selects_s3_objects(const Lookup& advanced_selectors) {
  return some_item(advanced_selectors, [](const Value& selector) {
    return some_item(obs::lookup(&selector, "", {"FieldSelectors"}), [](const Value& field) {
      Answer names_type = field_is(field, "Field", "resources.type");
      Answer lists_s3 = some_item(obs::lookup(&field, "", {"Equals"}),
                                  [](const Value& type) { return is_text(type, "AWS::S3::Object"); });
      return both(names_type, lists_s3);
    });
  });
}

}  // namespace

void cloudtrail_trail_no_s3_data_events(CheckContext& ctx) {
  for (const Resource* trail : ctx.resources()) {
    Lookup basic = obs::lookup(*trail, {"EventSelectors"});
    Lookup advanced = obs::lookup(*trail, {"AdvancedEventSelectors"});
    Answer basic_answer = selects_s3_objects(basic), advanced_answer = advanced_selects_s3_objects(advanced);
    if (basic_answer != Answer::No || advanced_answer != Answer::No) continue;
    const Lookup& written = advanced.found() && !basic.found() ? advanced : basic;
    if (written.found()) {
      obs::report_at(ctx, *trail, written, written.path);
    } else {
      obs::report_missing(ctx, *trail, written);
    }
  }
}

}  // namespace cfn::checks
