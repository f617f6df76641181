// AccessPolicy: who may call which method, in the JSON format of gRPC's
// authorization policies (the "gRPC authz policy" that grpc-go, grpc-java
// and grpc-core's FileWatcherAuthorizationPolicyProvider read):
//
//   {"name": "readout-catalog",
//    "deny_rules": [...],
//    "allow_rules": [
//      {"name": "health", "request": {"paths": ["/grpc.health.v1.Health/*"]}},
//      {"name": "writers",
//       "source": {"principals": ["spiffe://readout/extractor"]},
//       "request": {"paths": ["/readout.v1.CatalogService/CreateDocument"]}},
//      {"name": "readers", "source": {"principals": ["*"]},
//       "request": {"paths": ["/readout.v1.CatalogService/*"]}}]}
//
// A rule matches a call when its source matches the caller (no "source":
// any caller, authenticated or not; "principals": ["*"]: any authenticated
// caller; otherwise one of the patterns equals one of the caller's
// principals) and its request matches the path (no "request" or no
// "paths": any method). Patterns: "exact", "prefix*", "*suffix", "*".
// A matching deny rule refuses; else a matching allow rule admits; else
// the call is refused. Debian 12's gRPC ships the header of the policy
// provider but not its library, so readout evaluates the same format itself
// (docs/adr/0016-transport-security-and-authorization.md); "headers"
// matchers are not supported and a policy that uses them is refused rather
// than half-enforced.
//
// Pure logic, no gRPC. Thread-safety: immutable after Parse; Decide may be
// called from many threads.
#ifndef READOUT_COMMON_SERVER_ACCESS_POLICY_H_
#define READOUT_COMMON_SERVER_ACCESS_POLICY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace readout::common {

enum class AccessDecision {
  kAllow,
  kDeny,  // A deny rule matched, or no allow rule did.
};

// Who is calling: the principals the transport or a bearer token proved
// (URI/SPIFFE and DNS SANs and the subject's common name of a verified
// client certificate; a token's name). Empty: not authenticated.
struct Caller {
  std::vector<std::string> principals;
  bool authenticated() const { return !principals.empty(); }
};

class AccessPolicy {
 public:
  // Parses a policy document. INVALID_ARGUMENT (naming the rule) for JSON
  // that is not a policy: no "name", no "allow_rules", unknown fields,
  // "headers" matchers, patterns with "*" in the middle.
  static absl::StatusOr<AccessPolicy> Parse(absl::string_view json);

  // The decision for a call of `path` ("/package.Service/Method") by
  // `caller`, and the name of the rule that decided ("" when none matched).
  AccessDecision Decide(absl::string_view path, const Caller& caller,
                        std::string* rule_name = nullptr) const;

  const std::string& name() const { return name_; }

 private:
  struct Rule {
    std::string name;
    bool any_source = true;  // No "source" (or no principals).
    std::vector<std::string> principals;
    std::vector<std::string> paths;  // Empty: any path.
  };
  static bool Matches(const Rule& rule, absl::string_view path, const Caller& caller);

  std::string name_;
  std::vector<Rule> deny_;
  std::vector<Rule> allow_;
};

// True when `value` matches `pattern` ("x", "x*", "*x", "*").
bool MatchesPattern(absl::string_view pattern, absl::string_view value);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_ACCESS_POLICY_H_
