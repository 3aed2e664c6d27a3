// cloudtrail-trail-no-s3-data-events: an AWS::CloudTrail::Trail with no EventSelectors
// entry whose DataResources holds Type AWS::S3::Object, and no AdvancedEventSelectors
// entry with a FieldSelectors item whose Field is resources.type and whose Equals lists
// AWS::S3::Object. Native rather than declarative to point where the trail's selectors
// are: a trail written with AdvancedEventSelectors (it cannot have both) is shown those,
// not told about the EventSelectors it lacks.
#include "policy/checks/checks_observability.h"
#include "policy/predicate_eval.h"

namespace cfn::checks {

namespace {

using obs::Lookup;

Truth found_state(const Lookup& lookup) {
  return lookup.found() ? Truth::True : lookup.missing() ? Truth::False : Truth::Unknown;
}

// Whether some item of the list at `list` answers yes; unknown when the list, or an item
// not answering no, is not known.
template <class Test>
Truth some_item(const Lookup& list, Test&& test) {
  if (!list.found()) return found_state(list);
  const Value& value = *list.value;
  if (is_unknown(value) || !value.is_sequence()) return Truth::Unknown;
  Truth answer = Truth::False;
  for (const Value& item : value.items()) {
    Truth one = test(item);
    if (one == Truth::True) return Truth::True;
    if (one == Truth::Unknown) answer = Truth::Unknown;
  }
  return answer;
}

Truth is_text(const Value& value, std::string_view wanted) {
  if (is_unknown(value)) return Truth::Unknown;
  return value.is_scalar() && value.text() == wanted ? Truth::True : Truth::False;
}

Truth field_is(const Value& item, std::string_view key, std::string_view wanted) {
  Lookup field = obs::lookup(&item, "", {key});
  return field.found() ? is_text(*field.value, wanted) : found_state(field);
}

Truth both(Truth a, Truth b) {
  if (a == Truth::False || b == Truth::False) return Truth::False;
  return a == Truth::True && b == Truth::True ? Truth::True : Truth::Unknown;
}

Truth selects_s3_objects(const Lookup& event_selectors) {
  return some_item(event_selectors, [](const Value& selector) {
    return some_item(obs::lookup(&selector, "", {"DataResources"}),
                     [](const Value& resource) { return field_is(resource, "Type", "AWS::S3::Object"); });
  });
}

Truth advanced_selects_s3_objects(const Lookup& advanced_selectors) {
  return some_item(advanced_selectors, [](const Value& selector) {
    return some_item(obs::lookup(&selector, "", {"FieldSelectors"}), [](const Value& field) {
      Truth names_type = field_is(field, "Field", "resources.type");
      Truth lists_s3 = some_item(obs::lookup(&field, "", {"Equals"}),
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
    Truth basic_answer = selects_s3_objects(basic), advanced_answer = advanced_selects_s3_objects(advanced);
    if (basic_answer != Truth::False || advanced_answer != Truth::False) continue;
    const Lookup& written = advanced.found() && !basic.found() ? advanced : basic;
    if (written.found()) {
      obs::report_at(ctx, *trail, written, written.path);
    } else {
      obs::report_missing(ctx, *trail, written);
    }
  }
}

}  // namespace cfn::checks
