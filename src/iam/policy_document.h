// IAM policy documents as checks read them: the statements of a document with their
// property paths, the elements of a statement, action wildcard matching, principal "*"
// detection and whether a Condition narrows who can use a statement.
//
// Everything here reads resolved values (see eval/evaluator.h): an intrinsic left in place
// is unknown, and an unknown element never counts as a wildcard, a public principal or a
// missing restriction, so no finding comes from it.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/value.h"

namespace cfn::iam {

// The properties that hold a resource-based policy document, apart from PolicyDocument:
// KeyPolicy (KMS keys), RepositoryPolicyText (ECR), AccessPolicies (OpenSearch and
// Elasticsearch domains), ResourcePolicy (Secrets Manager), AccessPolicy (Backup vaults),
// Policy (EventBridge buses, REST APIs).
inline constexpr std::array<std::string_view, 6> kResourcePolicyProperties = {
    "KeyPolicy", "RepositoryPolicyText", "AccessPolicies", "ResourcePolicy", "AccessPolicy", "Policy"};

// A value inside a document and where it is. The property path is put together only when
// asked for: a check reads most elements and items and passes over them, and only a
// finding needs a path (building one for every item was a third of what the IAM checks
// cost). An element of a statement refers to the statement's path, so the statement must
// outlive it (checks read elements inside their loop over statements()).
class Located {
 public:
  static constexpr size_t kNoIndex = std::string::npos;

  // A value whose path is given whole ("" when nobody will ask for it).
  explicit Located(const Value& value, std::string path = {}, Range key_range = {})
      : value(&value), key_range(key_range), made_(std::move(path)) {}

  // Item `index` of this list element, or this element itself given as one value
  // (kNoIndex); either way with no key range, as an item has none.
  Located item(const Value& item_value, size_t index) const;

  // "<document>.Statement[0].Action[2]" and the like.
  std::string path() const;

  const Value* value;
  Range key_range;  // the mapping key that holds the value; unknown for a list item

 private:
  friend class Statement;
  Located(const Value& value, Range key_range, const std::string& statements, size_t statement,
          std::string_view step)
      : value(&value), key_range(key_range), statements_(&statements), statement_(statement), step_(step) {}

  std::string made_;                         // the path, when given whole
  const std::string* statements_ = nullptr;  // or: element `step_` of statement `statement_`
  size_t statement_ = kNoIndex;              // of the Statement list at *statements_
  std::string_view step_;
  size_t index_ = kNoIndex;                  // and item `index_` of that element
};

// One statement of a policy document.
class Statement {
 public:
  // Item `index` of the Statement list at `statements_path`, or (kNoIndex) the one
  // statement written as a mapping there. The path is shared by the document's statements.
  Statement(const Value& node, std::shared_ptr<const std::string> statements_path, size_t index)
      : node_(&node), statements_path_(std::move(statements_path)), index_(index) {}

  const Value& node() const { return *node_; }
  std::string path() const;

  // Effect written as the literal "Allow" / "Deny" (IAM compares it case-sensitively);
  // both false when Effect is missing or unknown. A statement whose NotResource is "*" (or
  // holds it) applies to no resource: it neither allows nor denies anything.
  bool allows() const;
  bool denies() const;

  // The statement's elements, or null when absent.
  const Value* effect() const { return node_->find("Effect"); }
  const Value* action() const { return node_->find("Action"); }
  const Value* not_action() const { return node_->find("NotAction"); }
  const Value* resource() const { return node_->find("Resource"); }
  const Value* not_resource() const { return node_->find("NotResource"); }
  const Value* principal() const { return node_->find("Principal"); }
  const Value* not_principal() const { return node_->find("NotPrincipal"); }
  const Value* condition() const { return node_->find("Condition"); }

  // An element with its path ("...Statement[2].Action"), or nullopt when absent. `name`
  // is kept as a view (a literal, or text that outlives the result), and the element
  // refers to this statement, which must outlive it.
  std::optional<Located> element(std::string_view name) const;

 private:
  const Value* node_;
  std::shared_ptr<const std::string> statements_path_;
  size_t index_;
};

// The statements of a document (Statement is one mapping or a list of them), with paths
// `<path>.Statement` or `<path>.Statement[i]`. A document or statement that is unknown
// (an intrinsic) or not a mapping is skipped.
std::vector<Statement> statements(const Value& document, const std::string& path);

// The items of an element written as a string or a list of strings: the element itself,
// or each item (path `element[i]`). Unknown items are skipped; an unknown element yields
// nothing.
std::vector<Located> items(const Located& element);

// IAM's wildcard matching of an action pattern ("s3:Get*", "iam:Pass?ole"): `*` matches
// any run of characters, `?` any single one, case-insensitively (action names are).
bool action_matches(std::string_view pattern, std::string_view action);
// A pattern that matches every action: "*", "*:*" (any run of stars on each side).
bool is_full_wildcard_action(std::string_view pattern);
// The service of a pattern that is a service prefix followed by stars only ("s3:*",
// "EC2:**"), in lower case; "" for anything else.
std::string service_of_wildcard(std::string_view pattern);
// Whether an action pattern matches every action of one service that can apply (`service`
// in lower case): a full wildcard, or "<service>:*" with the prefix in any letter case.
bool is_every_service_action(std::string_view pattern, std::string_view service);
// Whether an action pattern matches every action a trust policy can grant: a full wildcard,
// or "sts:*" (only STS actions apply to assuming a role).
bool is_every_trust_action(std::string_view pattern);
// Whether a string-or-list Action element allows `action`; the first matching item.
std::optional<Located> find_action(const Located& element, std::string_view action);
// The first item of an Action element that matches every action.
std::optional<Located> find_full_wildcard_action(const Located& element);
std::optional<Located> find_every_trust_action(const Located& element);
std::optional<Located> find_every_service_action(const Located& element, std::string_view service);

// Whether a Resource element is "*" (as a string or as an item of the list); the item.
std::optional<Located> find_wildcard_resource(const Located& element);
// Whether a Resource element names every IAM role of an account: "*", or an IAM ARN whose
// resource is "role/*" or "*" in any partition and account, written or left unknown
// (!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"); the item. iam:PassRole
// passes only roles of the caller's own account, so for it these are all "*".
std::optional<Located> find_every_role_resource(const Located& element);

// Where a Principal element names everyone: "*", {AWS: "*"} or "*" among the AWS items
// (also {CanonicalUser: "*"}, which IAM treats the same). Nullopt otherwise or when unknown.
std::optional<Located> find_public_principal(const Located& principal);

// Whether a Condition element limits who can use the statement to known accounts,
// organisations, networks or source resources: a positive test (StringEquals, StringLike,
// ArnEquals, ArnLike, IpAddress..., with or without ForAnyValue:/ForAllValues:, never
// ...IfExists, which lets a request without the key through) of a restricting key
// (aws:SourceArn, aws:SourceAccount, aws:SourceOwner, aws:SourceOrgID, aws:PrincipalOrgID,
// aws:PrincipalAccount, aws:PrincipalArn, aws:SourceVpc, aws:SourceVpce, aws:SourceIp,
// kms:CallerAccount...) against a value that is not "*" alone. An unknown Condition counts
// as restricting: what cannot be read is never reported.
bool condition_restricts_principal(const Value* condition);
// The same, judging only the restricting keys `tests_key` accepts (given in lower case):
// whether the Condition limits the statement to the accounts, access points... those keys
// name (s3:DataAccessPointAccount for a bucket's delegation to access points).
bool condition_restricts_principal_by(const Value* condition, const std::function<bool(std::string_view)>& tests_key);
// Whether a Condition element has a positive test (as above) of a key `tests_key` accepts
// (given in lower case) whose values narrow: known, and none of them one that `lets_all`
// accepts (the values of one key are ORed). An unknown Condition, block or value list
// counts as narrowing.
bool condition_narrows(const Value* condition, const std::function<bool(std::string_view)>& tests_key,
                       const std::function<bool(std::string_view)>& lets_all);
// Whether a Deny with this Condition can never apply to a request from the internet: it
// tests NotIpAddress aws:SourceIp against ranges that hold 0.0.0.0/0, so "not in them" is
// never true for an IPv4 caller. SAM writes that test from Auth.ResourcePolicy.
// IpRangeWhitelist, which a parameter defaulting to 0.0.0.0/0 makes such a deny. Tests of
// keys a request may lack (StringNotLike aws:SourceVpce "*") are true when the key is
// missing, so they narrow and do not count here.
bool deny_condition_never_met(const Value* condition);
// Whether a Deny statement can turn away callers an Allow for "*" lets in, and so narrows
// who may call: not when no request meets its Condition (above), nor when it names the
// callers to block, every test a plain match (StringEquals, IpAddress, Bool,
// ForAnyValue:StringLike...; not negated, IfExists, Null or ForAllValues:): API Gateway's
// "IP blacklist" example and SAM's IpRangeBlacklist deny the listed addresses and let
// everyone else through, as a Deny of plain HTTP (Bool aws:SecureTransport false) does.
// A "block list" of every IPv4 and IPv6 address on Resource "*" or a whole API
// ("execute-api:/*") blocks everyone, and narrows. An unknown condition narrows: it cannot
// be ruled out.
bool deny_turns_callers_away(const Statement& deny);
// Whether a Deny statement of `document` turns away, for every action and resource of
// the Allow statement `allow`, each request from outside known accounts, an organization
// or networks: a Deny for Principal "*", without NotAction or NotResource, whose Action is
// "*" or the whole service of each allowed action ("s3:*" for s3:GetObject), whose
// Resource is "*" or holds each allowed resource (the same value, or a pattern matching
// it), and whose every Condition test is a negated one (StringNotEquals, StringNotLike,
// ArnNotEquals, ArnNotLike, NotIpAddress, ...IfExists too) of a restricting key against
// values that fix the owner (or that the template cannot know). A request without the
// key meets such a test, so an anonymous caller is denied and the Allow is not public,
// as S3's own policy evaluation finds (AWS's Security Reference Architecture grants
// arn:aws:iam::*:role/Name and denies every principal outside the organization).
bool denied_to_outsiders(const Statement& allow, const Value& document);
// The restricting condition keys (lower case), for messages and tests.
const std::vector<std::string_view>& restricting_condition_keys();

}  // namespace cfn::iam
