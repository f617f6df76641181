// Parsing and evaluation of gRPC-format authorization policies (see
// access_policy.h).
#include "common/server/access_policy.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace readout::common {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

absl::Status Invalid(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("authorization policy: ", where, ": ", what));
}

absl::Status CheckKeys(const Struct& s, std::initializer_list<absl::string_view> allowed,
                       absl::string_view where) {
  for (const auto& [key, value] : s.fields()) {
    bool known = false;
    for (absl::string_view a : allowed) known = known || key == a;
    if (key == "headers") {
      return Invalid(where, "\"headers\" matchers are not supported; match on paths");
    }
    if (!known) return Invalid(where, absl::StrCat("unknown field \"", key, "\""));
  }
  return absl::OkStatus();
}

// A list of pattern strings under `key` of `parent` (absent: empty).
absl::StatusOr<std::vector<std::string>> Patterns(const Struct& parent, const std::string& key,
                                                  absl::string_view where) {
  std::vector<std::string> out;
  auto it = parent.fields().find(key);
  if (it == parent.fields().end()) return out;
  if (!it->second.has_list_value())
    return Invalid(where, absl::StrCat("\"", key, "\" must be a list"));
  for (const Value& v : it->second.list_value().values()) {
    if (!v.has_string_value() || v.string_value().empty()) {
      return Invalid(where, absl::StrCat("\"", key, "\" must hold non-empty strings"));
    }
    const std::string& p = v.string_value();
    size_t star = p.find('*');
    if (star != std::string::npos && p != "*" && star != 0 && star != p.size() - 1) {
      return Invalid(where, absl::StrCat("pattern \"", p, "\": \"*\" only at the start or end"));
    }
    if (star != std::string::npos && p.size() > 1 && p.find('*', star + 1) != std::string::npos) {
      return Invalid(where, absl::StrCat("pattern \"", p, "\": one \"*\" at most"));
    }
    out.push_back(p);
  }
  return out;
}

}  // namespace

bool MatchesPattern(absl::string_view pattern, absl::string_view value) {
  if (pattern == "*") return true;
  if (absl::EndsWith(pattern, "*")) {
    return absl::StartsWith(value, pattern.substr(0, pattern.size() - 1));
  }
  if (absl::StartsWith(pattern, "*")) return absl::EndsWith(value, pattern.substr(1));
  return pattern == value;
}

absl::StatusOr<AccessPolicy> AccessPolicy::Parse(absl::string_view json) {
  Struct root;
  google::protobuf::util::JsonParseOptions options;
  auto parsed = google::protobuf::util::JsonStringToMessage(std::string(json), &root, options);
  if (!parsed.ok()) {
    return Invalid("JSON", std::string(parsed.message()));
  }
  if (absl::Status s = CheckKeys(root, {"name", "deny_rules", "allow_rules"}, "top level");
      !s.ok()) {
    return s;
  }
  AccessPolicy policy;
  auto name = root.fields().find("name");
  if (name == root.fields().end() || !name->second.has_string_value() ||
      name->second.string_value().empty()) {
    return Invalid("top level", "\"name\" (a non-empty string) is required");
  }
  policy.name_ = name->second.string_value();
  if (root.fields().find("allow_rules") == root.fields().end()) {
    return Invalid("top level", "\"allow_rules\" is required");
  }
  for (const char* list_name : {"deny_rules", "allow_rules"}) {
    auto list = root.fields().find(list_name);
    if (list == root.fields().end()) continue;
    if (!list->second.has_list_value()) return Invalid(list_name, "must be a list of rules");
    std::vector<Rule>& rules =
        std::string(list_name) == "deny_rules" ? policy.deny_ : policy.allow_;
    for (const Value& v : list->second.list_value().values()) {
      if (!v.has_struct_value()) return Invalid(list_name, "each rule must be an object");
      const Struct& r = v.struct_value();
      Rule rule;
      auto rule_name = r.fields().find("name");
      if (rule_name == r.fields().end() || !rule_name->second.has_string_value() ||
          rule_name->second.string_value().empty()) {
        return Invalid(list_name, "every rule needs a \"name\"");
      }
      rule.name = rule_name->second.string_value();
      std::string where = absl::StrCat(list_name, " rule \"", rule.name, "\"");
      if (absl::Status s = CheckKeys(r, {"name", "source", "request"}, where); !s.ok()) return s;
      if (auto source = r.fields().find("source"); source != r.fields().end()) {
        if (!source->second.has_struct_value())
          return Invalid(where, "\"source\" must be an object");
        if (absl::Status s = CheckKeys(source->second.struct_value(), {"principals"}, where);
            !s.ok()) {
          return s;
        }
        auto principals = Patterns(source->second.struct_value(), "principals", where);
        if (!principals.ok()) return principals.status();
        rule.principals = *std::move(principals);
        rule.any_source = rule.principals.empty();
      }
      if (auto request = r.fields().find("request"); request != r.fields().end()) {
        if (!request->second.has_struct_value()) {
          return Invalid(where, "\"request\" must be an object");
        }
        if (absl::Status s = CheckKeys(request->second.struct_value(), {"paths"}, where); !s.ok()) {
          return s;
        }
        auto paths = Patterns(request->second.struct_value(), "paths", where);
        if (!paths.ok()) return paths.status();
        rule.paths = *std::move(paths);
      }
      rules.push_back(std::move(rule));
    }
  }
  return policy;
}

bool AccessPolicy::Matches(const Rule& rule, absl::string_view path, const Caller& caller) {
  bool path_ok = rule.paths.empty();
  for (const std::string& p : rule.paths) path_ok = path_ok || MatchesPattern(p, path);
  if (!path_ok) return false;
  if (rule.any_source) return true;
  for (const std::string& pattern : rule.principals) {
    for (const std::string& principal : caller.principals) {
      if (MatchesPattern(pattern, principal)) return true;
    }
  }
  return false;
}

AccessDecision AccessPolicy::Decide(absl::string_view path, const Caller& caller,
                                    std::string* rule_name) const {
  if (rule_name != nullptr) rule_name->clear();
  for (const Rule& rule : deny_) {
    if (Matches(rule, path, caller)) {
      if (rule_name != nullptr) *rule_name = rule.name;
      return AccessDecision::kDeny;
    }
  }
  for (const Rule& rule : allow_) {
    if (Matches(rule, path, caller)) {
      if (rule_name != nullptr) *rule_name = rule.name;
      return AccessDecision::kAllow;
    }
  }
  return AccessDecision::kDeny;
}

}  // namespace readout::common
