// The observability group's table of native checks (see checks.h) and the helpers its
// rules share (checks_observability.h).
#include "policy/checks/checks_observability.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

#include "eval/intrinsics.h"

namespace cfn::checks {

namespace obs {

// ---------------------------------------------------------------------------------------
// Property lookups.

Lookup lookup(const Value* start, std::string start_path, std::initializer_list<std::string_view> keys) {
  Lookup result;
  result.path = std::move(start_path);
  for (std::string_view key : keys) result.path.append(".").append(key);
  const Value* current = start;
  const Value* deepest = nullptr;
  Range deepest_key;  // the key of `current`, once a step was taken
  for (std::string_view key : keys) {
    if (!current) break;
    if (is_unknown(*current) || !current->is_mapping()) return result;  // unknown
    deepest = current;
    result.key_range = deepest_key;
    const Value::Entry* entry = current->find_entry(key);
    current = entry && !entry->value.is_null() ? &entry->value : nullptr;
    if (entry) deepest_key = entry->key_range;
  }
  if (!current) {
    result.state = Lookup::State::Missing;
    result.value = deepest;
    return result;
  }
  result.key_range = deepest_key;
  result.state = is_unknown(*current) ? Lookup::State::Unknown : Lookup::State::Found;
  result.value = current;
  return result;
}

Lookup lookup(const Resource& resource, std::initializer_list<std::string_view> keys) {
  Lookup result = lookup(resource.properties, resource.path() + ".Properties", keys);
  // The Properties mapping itself is no place to point at: the logical id is.
  if (result.missing() && result.value == resource.properties) {
    result.value = nullptr;
    if (properties_unknown(resource)) result.state = Lookup::State::Unknown;
  }
  return result;
}

void report_at(CheckContext& ctx, const Resource& resource, const Lookup& found, std::string path) {
  if (found.value && !found.value->is_scalar() && found.key_range.known()) {
    // A mapping or list is pointed at by its key; report() places a finding at a value's
    // range, so a stand-in carries the key's.
    ctx.report(resource, Value::scalar("", false, found.key_range), std::move(path));
  } else if (found.value) {
    ctx.report(resource, *found.value, std::move(path));
  } else {
    ctx.report_missing(resource, std::move(path));
  }
}

void report_missing(CheckContext& ctx, const Resource& resource, const Lookup& found) {
  if (found.value) {
    report_at(ctx, resource, found, found.path);
  } else {
    ctx.report_missing(resource, found.path);
  }
}

bool is_true(const Value& value) { return !is_unknown(value) && value.as_bool() == true; }
bool is_false(const Value& value) { return !is_unknown(value) && value.as_bool() != true; }

void require_present(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys) {
  Lookup found = lookup(resource, keys);
  if (found.missing()) report_missing(ctx, resource, found);
}

void require_non_empty(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys) {
  Lookup found = lookup(resource, keys);
  if (found.missing()) {
    report_missing(ctx, resource, found);
  } else if (found.found() && found.value->is_sequence() && found.value->items().empty()) {
    report_at(ctx, resource, found, found.path);
  }
}

// ---------------------------------------------------------------------------------------
// NoEcho parameters.

std::set<std::string, std::less<>> no_echo_parameters(const Template& tmpl) {
  std::set<std::string, std::less<>> names;
  if (!tmpl.parameters || !tmpl.parameters->is_mapping()) return names;
  for (const Value::Entry& entry : tmpl.parameters->entries()) {
    const Value* no_echo = entry.value.is_mapping() ? entry.value.find("NoEcho") : nullptr;
    if (no_echo && no_echo->as_bool() == true) names.insert(entry.key);
  }
  return names;
}

namespace {

// Whether an Fn::Sub template names one of `names` as ${Name}.
bool sub_names_any(const Value& argument, const std::set<std::string, std::less<>>& names) {
  const Value* text = &argument;
  if (argument.is_sequence()) text = argument.items().empty() ? nullptr : &argument.items().front();
  if (!text || !text->is_scalar()) return false;
  for (std::string_view name : intrinsics::sub_variable_names(text->text())) {
    if (names.count(name)) return true;
  }
  return false;
}

}  // namespace

NoEchoSites::NoEchoSites(const Template& tmpl, const Resource& resource) {
  auto names = no_echo_parameters(tmpl);
  if (names.empty()) return;
  // The variant's original: its Properties as written.
  const Resource* original = tmpl.resource(resource.logical_id);
  if (original && original->properties) collect(*original->properties, names);
}

// Marks every intrinsic call that holds a NoEcho parameter, itself or anywhere below (a
// Join or Select over one resolves to text at the call's place); true when one was found.
bool NoEchoSites::collect(const Value& value, const std::set<std::string, std::less<>>& names) {
  const Value::Entry* call = value.intrinsic();
  bool found = call && ((call->key == "Ref" && call->value.is_scalar() && names.count(call->value.text())) ||
                        (call->key == "Fn::Sub" && sub_names_any(call->value, names)));
  for (const Value& item : value.items()) found = collect(item, names) || found;
  for (const Value::Entry& entry : value.entries()) found = collect(entry.value, names) || found;
  if (call && found) ranges_.push_back(value.range());
  return found;
}

bool NoEchoSites::contains(const Value& resolved) const {
  Range range = resolved.range();
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const Range& site) {
    return site.begin.line == range.begin.line && site.begin.column == range.begin.column;
  });
}

bool is_literal_secret(const Value& value, const NoEchoSites& sites) {
  if (!value.is_scalar() || value.is_null() || is_unknown(value)) return false;
  if (value.text().find_first_not_of(" \t\r\n") == std::string::npos) return false;
  return !sites.contains(value);
}

// ---------------------------------------------------------------------------------------
// Secret properties named by path.

namespace {

void visit_secret_path(CheckContext& ctx, const Resource& resource, const Value& value, std::string_view rest,
                       const std::string& path, const NoEchoSites& sites) {
  if (rest.empty()) {
    if (is_literal_secret(value, sites)) ctx.report(resource, value, path);
    return;
  }
  if (is_unknown(value)) return;
  size_t dot = rest.find('.');
  std::string_view step = rest.substr(0, dot);
  std::string_view after = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  bool each = step.ends_with("[]");
  if (each) step.remove_suffix(2);
  const Value* next = value.is_mapping() ? value.find(step) : nullptr;
  if (!next) return;
  std::string next_path = path;
  next_path.append(".").append(step);
  if (!each) {
    visit_secret_path(ctx, resource, *next, after, next_path, sites);
    return;
  }
  if (!next->is_sequence()) return;
  for (size_t i = 0; i < next->items().size(); ++i)
    visit_secret_path(ctx, resource, next->items()[i], after, item_path(next_path, i), sites);
}

}  // namespace

void check_secret_properties(CheckContext& ctx, std::initializer_list<SecretProperty> properties) {
  for (const Resource* resource : ctx.resources()) {
    if (!resource->properties) continue;
    NoEchoSites sites(ctx.tmpl(), *resource);
    for (const SecretProperty& property : properties) {
      if (property.type != resource->type) continue;
      visit_secret_path(ctx, *resource, *resource->properties, property.path, resource->path() + ".Properties",
                        sites);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Secret names and shapes.

namespace {

// Whether a word of a name starts at `i`: after a separator or the start, at a camelCase
// boundary (dbPassword) or where an acronym ends (DBPassword).
bool word_starts_at(std::string_view name, size_t i) {
  auto alnum_at = [&](size_t at) { return at < name.size() && std::isalnum(static_cast<unsigned char>(name[at])); };
  auto lower_at = [&](size_t at) { return at < name.size() && std::islower(static_cast<unsigned char>(name[at])); };
  auto upper_at = [&](size_t at) { return at < name.size() && std::isupper(static_cast<unsigned char>(name[at])); };
  if (!alnum_at(i)) return false;
  if (i == 0 || !alnum_at(i - 1)) return true;
  return upper_at(i) && (lower_at(i - 1) || (upper_at(i - 1) && lower_at(i + 1)));
}

// "dbPassword", "DB-PASSWORD", "db.password", "DBPassword" -> ["DB", "PASSWORD"].
std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  for (size_t i = 0; i < name.size(); ++i) {
    if (word_starts_at(name, i)) words.emplace_back();
    if (std::isalnum(static_cast<unsigned char>(name[i])))
      words.back() += static_cast<char>(std::toupper(static_cast<unsigned char>(name[i])));
  }
  return words;
}

// The last of name_words(name), without making the others: rules ask it of every
// property a parameter feeds.
std::string last_name_word(std::string_view name) {
  size_t start = name.size();
  for (size_t i = 0; i < name.size(); ++i)
    if (word_starts_at(name, i)) start = i;
  std::string word;
  for (size_t i = start; i < name.size() && std::isalnum(static_cast<unsigned char>(name[i])); ++i)
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(name[i])));
  return word;
}

// PGPASSWORD is libpq's (PostgreSQL's client) variable for the password.
constexpr std::array<std::string_view, 15> kSecretWords = {
    "PASSWORD",   "PASSWD", "PWD",        "PASS",       "PASSPHRASE",   "SECRET",    "TOKEN",     "APIKEY",
    "CREDENTIAL", "CREDENTIALS", "CREDS", "PRIVATEKEY", "CLIENTSECRET", "SECRETKEY", "PGPASSWORD"};
// KEY is a secret only after one of these: API_KEY, PRIVATE_KEY, SIGNING_KEY, a New Relic
// LICENSE_KEY (it authenticates what the agent sends)...
constexpr std::array<std::string_view, 9> kKeyQualifiers = {"API",        "PRIVATE", "SECRET", "SIGNING", "ENCRYPTION",
                                                            "MASTER",     "HMAC",    "ACCESS", "LICENSE"};

bool is_one_of(std::string_view word, auto const& list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

}  // namespace

bool secret_word_name(std::string_view name) {
  // The last word is a whole secret word, so the name ends with one: a cheap test first,
  // since most names asked (BucketName, TableName) end with none.
  auto ends_with_secret_word = [&](std::string_view word) {
    return name.size() >= word.size() &&
           std::equal(word.begin(), word.end(), name.end() - static_cast<std::ptrdiff_t>(word.size()),
                      [](char secret, char c) { return secret == std::toupper(static_cast<unsigned char>(c)); });
  };
  return std::any_of(kSecretWords.begin(), kSecretWords.end(), ends_with_secret_word) &&
         is_one_of(last_name_word(name), kSecretWords);
}

// Last words of a name that holds what something is called: both a locator and an
// identifier.
constexpr std::array<std::string_view, 7> kNamingWords = {"ARN", "ARNS", "ID", "IDS", "NAME", "NAMES", "KEYNAME"};

bool locator_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kWhereWords = {"PATH", "PARAMETER", "PARAM", "URL", "URI", "REF", "SSM"};
  std::string last = last_name_word(name);
  return is_one_of(last, kNamingWords) || is_one_of(last, kWhereWords);
}

bool identifier_name(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kWhoWords = {"USER", "USERNAME", "LOGIN", "EMAIL", "USERID"};
  std::string last = last_name_word(name);
  return is_one_of(last, kNamingWords) || is_one_of(last, kWhoWords);
}

bool secret_name(std::string_view name) {
  std::vector<std::string> words = name_words(name);
  if (words.empty()) return false;
  // The secret word must end the name: DB_PASSWORD holds a password, PASSWORD_ARN,
  // TOKEN_URL, SECRET_NAME or API_KEY_ID hold where or what it is.
  const std::string& last = words.back();
  if (is_one_of(last, kSecretWords)) return true;
  const size_t count = words.size();
  // Rails signs sessions with SECRET_KEY_BASE.
  if (last == "BASE") return count > 2 && words[count - 2] == "KEY" && words[count - 3] == "SECRET";
  return last == "KEY" && count > 1 && is_one_of(words[count - 2], kKeyQualifiers);
}

namespace {

bool all_of_class(std::string_view text, int (*test)(int)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) { return test(static_cast<unsigned char>(c)) != 0; });
}

int is_upper_or_digit(int c) { return std::isupper(c) || std::isdigit(c); }
int is_token_char(int c) { return std::isalnum(c) || c == '_' || c == '-'; }

// The run of token characters starting at `at`.
std::string_view token_at(std::string_view text, size_t at) {
  size_t end = at;
  while (end < text.size() && is_token_char(static_cast<unsigned char>(text[end]))) ++end;
  return text.substr(at, end - at);
}

// Whether `prefix` occurs in `text` at a word start and is followed by at least `min_rest`
// token characters, all of them of `rest_class` when given.
bool prefixed_token(std::string_view text, std::string_view prefix, size_t min_rest, int (*rest_class)(int) = nullptr) {
  for (size_t at = text.find(prefix); at != std::string_view::npos; at = text.find(prefix, at + 1)) {
    if (at > 0 && is_token_char(static_cast<unsigned char>(text[at - 1]))) continue;
    std::string_view rest = token_at(text, at + prefix.size());
    if (rest.size() < min_rest) continue;
    if (rest_class && !all_of_class(rest.substr(0, min_rest), rest_class)) continue;
    return true;
  }
  return false;
}

// A password in a URL that is not one: filled in at run time ($db_password, $(PASS),
// %PASS%, a backtick), a placeholder (YOUR_PASSWORD, [PASSWORD], ****, xxxxxxxx), a port
// misread as one (http://proxy:3128@), or a published local default (guest:guest).
bool stand_in_password(std::string_view user, std::string_view password) {
  if (password.find_first_of("$`%") != std::string_view::npos || password == user) return true;
  if (password.find_first_not_of(password.front()) == std::string_view::npos) return true;  // ****, xxxx
  if (password.size() <= 5 && password.find_first_not_of("0123456789") == std::string_view::npos) return true;  // a port
  std::string lower = ascii_lower(password);
  return lower.find("password") != std::string::npos || lower.find("passwd") != std::string::npos ||
         password.front() == '[' || password.front() == '<' || password.starts_with("__");
}

// A host only the machine itself reaches: a credential for it guards nothing deployed.
bool local_host(std::string_view host_and_rest) {
  for (std::string_view local : {"localhost", "127.0.0.1", "[::1]"}) {
    if (host_and_rest.starts_with(local) &&
        (host_and_rest.size() == local.size() || std::string_view(":/?#").find(host_and_rest[local.size()]) != std::string_view::npos))
      return true;
  }
  return false;
}

// scheme://user:password@host with the password written in: a connection string
// (postgres://app:S3cret@db:5432/app, redis://:token@cache:6379), whatever the variable
// holding it is called.
bool url_with_password(std::string_view value) {
  for (size_t scheme_end = value.find("://"); scheme_end != std::string_view::npos;
       scheme_end = value.find("://", scheme_end + 3)) {
    size_t start = scheme_end + 3;
    size_t end = value.find_first_of("/?#@ \t\r\n\"'", start);
    if (end == std::string_view::npos || value[end] != '@') continue;
    std::string_view user_info = value.substr(start, end - start);
    size_t colon = user_info.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view user = user_info.substr(0, colon), password = user_info.substr(colon + 1);
    if (password.empty() || stand_in_password(user, password) || local_host(value.substr(end + 1))) continue;
    if (password.find(intrinsics::kUnknownPart) != std::string_view::npos) continue;  // filled in at deployment
    if (secret_like_value(password)) return true;
  }
  return false;
}

}  // namespace

namespace {

constexpr std::string_view kPrivateKeyShape = "a private key";
constexpr std::string_view kSlackWebhookShape = "a Slack webhook URL";
constexpr std::string_view kUrlPasswordShape = "a password in a connection URL";
constexpr std::string_view kJsonSecretShape = "a JSON document with a secret";

// Key material after a private key's armour line: a header alone (the key a parameter
// fills in) is no key.
bool holds_key_material(std::string_view text) {
  size_t header = text.find("PRIVATE KEY-----");
  if (header == std::string_view::npos) return false;
  size_t material = 0;
  for (char c : text.substr(header + 16)) {
    if (c == '-') break;  // the -----END line
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=') ++material;
  }
  return material >= 64;
}

// A whole webhook URL, its token (the last path segment) written too: the team and
// channel ids alone are no secret.
bool whole_slack_webhook(std::string_view text) {
  size_t at = text.find("hooks.slack.com/services/");
  if (at == std::string_view::npos) return false;
  std::string_view path = text.substr(at + 25);
  size_t first = path.find('/');
  size_t second = first == std::string_view::npos ? first : path.find('/', first + 1);
  if (second == std::string_view::npos) return false;
  std::string_view token = path.substr(second + 1);
  size_t length = 0;
  while (length < token.size() && std::isalnum(static_cast<unsigned char>(token[length]))) ++length;
  return length >= 16;
}

// A Discord webhook URL with its token: https://discord.com/api/webhooks/<id>/<token>, the
// id a snowflake (17 digits or more), the token some 68 URL-safe characters. Whoever has
// it posts to the channel.
bool discord_webhook(std::string_view text) {
  for (std::string_view host : {"discord.com/api/webhooks/", "discordapp.com/api/webhooks/"}) {
    size_t at = text.find(host);
    if (at == std::string_view::npos) continue;
    std::string_view rest = text.substr(at + host.size());
    size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    if (digits < 17 || digits == rest.size() || rest[digits] != '/') return false;
    size_t token = 0;
    for (char c : rest.substr(digits + 1)) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') break;
      ++token;
    }
    return token >= 60;
  }
  return false;
}

}  // namespace

std::string_view written_secret_shape(const Value& value) {
  if (value.is_scalar()) return value.is_null() ? std::string_view() : secret_shape(value.text());
  // As written, each unknown part a stand-in: a URL's password must be written whole
  // (postgres://${User}:S3cret@${Host} has one; postgres://app:${Password}@db has none).
  auto written = intrinsics::written_text(value);
  if (!written) return {};
  if (url_with_password(*written)) return kUrlPasswordShape;
  std::string_view rest = *written;
  while (!rest.empty()) {
    std::string_view run = rest.substr(0, rest.find(intrinsics::kUnknownPart));
    rest.remove_prefix(std::min(rest.size(), run.size() + 1));
    std::string_view shape = secret_shape(run);
    if (shape.empty() || shape == kUrlPasswordShape) continue;  // URLs are judged whole, above
    if (shape == kPrivateKeyShape && !holds_key_material(run)) continue;
    if (shape == kSlackWebhookShape && !whole_slack_webhook(run)) continue;
    return shape;
  }
  // A JSON document written around unknown parts ({"host": "${DbHost}", "password":
  // "..."}): a secret-named member written whole; an unknown part reads as a placeholder.
  if (written->find('{') != std::string::npos) {
    std::string document;
    for (char c : *written) {
      if (c == intrinsics::kUnknownPart) {
        document += "${}";
      } else {
        document += c;
      }
    }
    if (json_holds_secret(document).value_or(false)) return kJsonSecretShape;
  }
  return {};
}

std::string_view secret_shape(std::string_view value) {
  // Every shape below takes at least 11 characters (a://:pass@h); most texts asked are
  // shorter parts of a Sub or Join ("arn:aws:s3:::", "/*").
  if (value.size() < 11) return {};
  if (value.find("PRIVATE KEY-----") != std::string_view::npos) return kPrivateKeyShape;
  if (value.find("LS0tLS1CRUdJTi") != std::string_view::npos) return "a base64-encoded private key";
  if (prefixed_token(value, "AKIA", 16, is_upper_or_digit) || prefixed_token(value, "ASIA", 16, is_upper_or_digit))
    return "an AWS access key id";
  for (std::string_view github : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
    if (prefixed_token(value, github, 36)) return "a GitHub token";
  if (prefixed_token(value, "github_pat_", 22)) return "a GitHub token";
  for (std::string_view slack : {"xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"})
    if (prefixed_token(value, slack, 10)) return "a Slack token";
  if (value.find("hooks.slack.com/services/T") != std::string_view::npos) return kSlackWebhookShape;
  if (discord_webhook(value)) return "a Discord webhook URL";
  if (prefixed_token(value, "sk_live_", 16) || prefixed_token(value, "rk_live_", 16)) return "a Stripe secret key";
  if (prefixed_token(value, "AIza", 35)) return "a Google API key";
  if (url_with_password(value)) return kUrlPasswordShape;
  return {};
}

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_quote(char c) { return c == '"' || c == '\''; }
bool starts_name(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool continues_name(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

// The assignment whose name starts at `at`, without a command before it.
std::optional<ShellAssignment> assignment_at(std::string_view line, size_t at) {
  if (at >= line.size() || !starts_name(line[at])) return std::nullopt;
  size_t end = at + 1;
  while (end < line.size() && continues_name(line[end])) ++end;
  std::string_view name = line.substr(at, end - at);
  while (end < line.size() && is_space(line[end])) ++end;
  if (end == line.size() || (line[end] != '=' && line[end] != ':')) return std::nullopt;
  ++end;
  while (end < line.size() && is_space(line[end])) ++end;
  char quote = end < line.size() && is_quote(line[end]) ? line[end++] : '\0';
  size_t value_end = end;
  while (value_end < line.size() && !is_space(line[value_end]) && !is_quote(line[value_end])) ++value_end;
  if (value_end == end) return std::nullopt;
  if (quote && (value_end == line.size() || line[value_end] != quote)) return std::nullopt;
  return ShellAssignment{name, line.substr(end, value_end - end)};
}

}  // namespace

// A command before the name needs no case of its own: `export`, `set` and `setx` end with
// a space, after which the name starts anyway. `$env:` ends with a colon, so it is skipped.
std::optional<ShellAssignment> first_assignment(std::string_view line) {
  for (size_t at = 0; at < line.size(); ++at) {
    if (at > 0 && !is_space(line[at - 1]) && !is_quote(line[at - 1])) continue;
    size_t name = line.substr(at).starts_with("$env:") ? at + 5 : at;
    if (auto found = assignment_at(line, name)) return found;
  }
  return std::nullopt;
}

// A value that is only a name for a build or deploy tool, or a person, to fill in: ${NAME}
// (envsubst, written outside a Fn::Sub, so CloudFormation leaves it as text), $NAME,
// {{NAME}}, <NAME>, %NAME%; the last two may be words ("<your API key>", "{{ secret }}"),
// as samples write them. The template holds no secret there, only where one will go.
bool fill_in_marker(std::string_view value) {
  auto wrapped = [&](std::string_view open, std::string_view close, bool words) {
    if (value.size() <= open.size() + close.size() || !value.starts_with(open) || !value.ends_with(close)) return false;
    std::string_view inside = value.substr(open.size(), value.size() - open.size() - close.size());
    return inside.find_first_of(words ? "{}<>%$" : "{}<>%$ ") == std::string_view::npos &&
           inside.find_first_not_of(' ') != std::string_view::npos;
  };
  if (wrapped("${", "}", false) || wrapped("{{", "}}", true) || wrapped("<", ">", true) || wrapped("%", "%", false))
    return true;
  return value.size() > 1 && value[0] == '$' &&
         std::all_of(value.begin() + 1, value.end(), [](unsigned char c) { return std::isupper(c) || std::isdigit(c) || c == '_'; });
}

namespace {

// Where an evaluated value still holds an intrinsic function the evaluation left unknown.
void intrinsic_sites(const Value& value, std::vector<Range>& sites) {
  if (value.known_to_contain_intrinsic() == false) return;
  if (value.intrinsic()) sites.push_back(value.range());
  for (const Value& item : value.items()) intrinsic_sites(item, sites);
  for (const Value::Entry& entry : value.entries()) intrinsic_sites(entry.value, sites);
}

}  // namespace

std::vector<const GraphEdge*> kept_references(CheckContext& ctx, const Resource& resource, const Value& value,
                                              std::string_view path) {
  std::vector<const GraphEdge*> kept;
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(resource);
  if (node == ResourceGraph::npos) return kept;
  std::vector<Range> sites;
  intrinsic_sites(value, sites);
  for (const GraphEdge* edge : graph.out_edges(node)) {
    bool reads = edge->kind == EdgeKind::Ref || edge->kind == EdgeKind::GetAtt || edge->kind == EdgeKind::Sub;
    if (reads && edge->property_path.starts_with(path) && std::find(sites.begin(), sites.end(), edge->range) != sites.end())
      kept.push_back(edge);
  }
  return kept;
}

bool is_secret_attribute(const Resource& resource, std::string_view attribute) {
  static constexpr std::pair<std::string_view, std::string_view> kSecretAttributes[] = {
      {"AWS::IAM::AccessKey", "SecretAccessKey"},
      {"AWS::Cognito::UserPoolClient", "ClientSecret"},
  };
  for (const auto& [type, secret] : kSecretAttributes)
    if (resource.type == type && attribute == secret) return true;
  // A custom resource returns what its function puts in Data; the CDK's AwsCustomResource
  // puts an SDK call's response there, each field named by its path
  // ("UserPoolClient.ClientSecret" of describeUserPoolClient, "AccessKey.SecretAccessKey"
  // of createAccessKey, "SecretString" of getSecretValue). The fields the SDK defines as
  // secrets are secrets wherever they are read.
  bool custom = resource.type.starts_with("Custom::") || resource.type == "AWS::CloudFormation::CustomResource";
  if (!custom) return false;
  std::string_view field = attribute.substr(attribute.rfind('.') + 1);  // npos + 1 == 0: the whole name
  for (std::string_view secret : {"ClientSecret", "SecretAccessKey", "SessionToken", "SecretString"})
    if (field == secret) return true;
  return false;
}

bool secret_like_value(std::string_view value) {
  size_t first = value.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  value = value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
  if (value.size() < 4) return false;  // "-", "x", "n/a": placeholders
  if (fill_in_marker(value)) return false;
  std::string lower = ascii_lower(value);
  for (std::string_view setting : {"true", "false", "yes", "no", "none", "null", "disabled", "enabled", "todo",
                                   "placeholder", "required"})
    if (lower == setting) return false;
  if (lower.starts_with("arn:") || lower.starts_with("/") || lower.starts_with("http://") ||
      lower.starts_with("https://"))
    return false;  // where the secret lives: an ARN, an SSM parameter path, an endpoint
  // "prod/db/credentials": a lowercase path names a secret (Secrets Manager), it is not one.
  bool lowercase_path = value.find('/') != std::string_view::npos && lower == value &&
                        std::all_of(value.begin(), value.end(), [](unsigned char c) {
                          return std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.';
                        });
  return !lowercase_path;
}

bool stands_in_for_secret(std::string_view value) {
  static const std::regex kPlaceholder(
      "replace|placeholder|changeme|change[-_ ]me|fill[-_ ]?me|set[-_ ]?me|dummy|example|sample|todo|tbd|"
      "to[-_ ]be[-_ ]|not[-_ ]?set|initial[-_ ]?value|<[^>]*>|\\$\\{",
      std::regex::icase | std::regex::optimize);
  bool repeated = !value.empty() && value.find_first_not_of(value.front()) == std::string_view::npos;
  return repeated || std::regex_search(value.begin(), value.end(), kPlaceholder);
}

namespace {

// Docker's credential store writes a registry's login as "auth": base64 of user:password
// (ECS_ENGINE_AUTH_DATA's dockercfg form).
bool docker_auth(std::string_view name, std::string_view value) {
  if (name != "auth" || value.size() < 8 || value.size() % 4 != 0) return false;
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string decoded;
  uint32_t bits = 0;
  int count = 0;
  for (char c : value) {
    if (c == '=') break;
    size_t digit = kAlphabet.find(c);
    if (digit == std::string_view::npos) return false;
    bits = (bits << 6) | static_cast<uint32_t>(digit);
    if ((count += 6) >= 8) decoded += static_cast<char>((bits >> (count -= 8)) & 0xFF);
  }
  size_t colon = decoded.find(':');
  return colon != std::string::npos && colon > 0 && secret_like_value(decoded.substr(colon + 1));
}

bool json_member_secret(const nlohmann::json& node, int depth) {
  if (depth > 8) return false;
  if (node.is_array()) {
    for (const auto& item : node)
      if (json_member_secret(item, depth + 1)) return true;
    return false;
  }
  if (!node.is_object()) return false;
  for (const auto& [name, member] : node.items()) {
    if (member.is_string()) {
      const std::string& text = member.get_ref<const std::string&>();
      if (secret_name(name) && secret_like_value(text) && !stands_in_for_secret(text)) return true;
      if (docker_auth(name, text)) return true;
    } else if (json_member_secret(member, depth + 1)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<bool> json_holds_secret(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') return std::nullopt;  // no parse for other text
  auto document = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (document.is_discarded() || !document.is_object()) return std::nullopt;
  return json_member_secret(document, 0);
}

namespace {

// Whether an Fn::If is written anywhere in `value`.
bool contains_fn_if(const Value& value) {
  if (value.known_to_contain_intrinsic() == false) return false;
  if (const Value::Entry* call = value.intrinsic(); call && call->key == "Fn::If") return true;
  for (const Value& item : value.items())
    if (contains_fn_if(item)) return true;
  for (const Value::Entry& entry : value.entries())
    if (contains_fn_if(entry.value)) return true;
  return false;
}

}  // namespace

void check_variable(CheckContext& ctx, const Resource& resource, std::string_view name, const Value& value,
                    const std::string& path, const NoEchoSites& sites) {
  if (!is_literal_secret(value, sites)) {
    // Not a literal written whole (left unknown, or filled in from a NoEcho parameter): the
    // Sub or Join the template writes there may still hold a credential in its own text,
    // which a NoEcho parameter's Default filled in is not. Written with an Fn::If inside,
    // the resolved value has the branch this variant takes.
    if (!value.intrinsic() && !sites.contains(value)) return;  // null, blank, a dynamic reference
    const Value* written = ctx.written_value(resource, path);
    if (!written || !written->intrinsic()) return;
    const Value* text = contains_fn_if(*written) ? (value.intrinsic() ? &value : nullptr) : written;
    if (text && !written_secret_shape(*text).empty()) ctx.report(resource, value, path);
    return;
  }
  bool named = secret_name(name) && secret_like_value(value.text());
  if (named || !secret_shape(value.text()).empty() || json_holds_secret(value.text()).value_or(false))
    ctx.report(resource, value, path);
}

}  // namespace obs

namespace {

constexpr NativeCheck kObservabilityChecks[] = {
    NativeCheck{"amplify-app-secret-plaintext", &amplify_app_secret_plaintext},
    NativeCheck{"apigateway-stage-no-execution-logging", &apigateway_stage_no_execution_logging},
    NativeCheck{"cloudformation-authentication-credentials", &cloudformation_authentication_credentials},
    NativeCheck{"cloudformation-output-secret", &cloudformation_output_secret},
    NativeCheck{"cloudformation-parameter-secret-no-noecho", &cloudformation_parameter_secret_no_noecho},
    NativeCheck{"cloudtrail-trail-no-s3-data-events", &cloudtrail_trail_no_s3_data_events},
    NativeCheck{"codebuild-project-hardcoded-secret", &codebuild_project_hardcoded_secret},
    NativeCheck{"dms-endpoint-password-plaintext", &dms_endpoint_password_plaintext},
    NativeCheck{"ec2-userdata-secret-plaintext", &ec2_userdata_secret_plaintext},
    NativeCheck{"ec2-vpc-no-flow-logs", &ec2_vpc_no_flow_logs},
    NativeCheck{"ecs-cluster-no-container-insights", &ecs_cluster_no_container_insights},
    NativeCheck{"ecs-taskdefinition-hardcoded-secret", &ecs_taskdefinition_hardcoded_secret},
    NativeCheck{"elbv2-loadbalancer-no-access-logging", &elbv2_loadbalancer_no_access_logging},
    NativeCheck{"lambda-function-hardcoded-secret", &lambda_function_hardcoded_secret},
    NativeCheck{"lambda-function-no-log-permission", &lambda_function_no_log_permission},
    NativeCheck{"lambda-function-no-log-retention", &lambda_function_no_log_retention},
    NativeCheck{"msk-cluster-no-broker-logging", &msk_cluster_no_broker_logging},
    NativeCheck{"neptune-cluster-no-audit-logs", &neptune_cluster_no_audit_logs},
    NativeCheck{"s3-bucket-no-access-logging", &s3_bucket_no_access_logging},
    NativeCheck{"stepfunctions-statemachine-no-logging", &stepfunctions_statemachine_no_logging},
};

}  // namespace

std::span<const NativeCheck> observability_checks() { return kObservabilityChecks; }

}  // namespace cfn::checks
