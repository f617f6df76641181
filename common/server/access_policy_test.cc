// Tests of AccessPolicy: gRPC-format policies parsed, patterns matched,
// deny before allow, and policies that could be half-enforced refused.
#include "common/server/access_policy.h"

#include "gtest/gtest.h"

namespace readout::common {
namespace {

constexpr char kPolicy[] = R"({
  "name": "catalog",
  "deny_rules": [{"name": "no-deletes-by-ingest",
                  "source": {"principals": ["ingest.readout"]},
                  "request": {"paths": ["/readout.v1.CatalogService/DeleteDocument"]}}],
  "allow_rules": [
    {"name": "health", "request": {"paths": ["/grpc.health.v1.Health/*"]}},
    {"name": "writers",
     "source": {"principals": ["spiffe://readout/extractor", "ingest.readout"]},
     "request": {"paths": ["/readout.v1.CatalogService/CreateDocument",
                           "/readout.v1.CatalogService/DeleteDocument"]}},
    {"name": "readers", "source": {"principals": ["*"]},
     "request": {"paths": ["/readout.v1.CatalogService/Get*",
                           "/readout.v1.CatalogService/List*"]}}]})";

TEST(AccessPolicyTest, DecidesByPathAndPrincipal) {
  absl::StatusOr<AccessPolicy> policy = AccessPolicy::Parse(kPolicy);
  ASSERT_TRUE(policy.ok()) << policy.status();
  const Caller anonymous;
  const Caller extractor{{"spiffe://readout/extractor", "extractor.readout"}};
  const Caller ingest{{"ingest.readout"}};
  const Caller stranger{{"stranger.example"}};
  std::string rule;
  EXPECT_EQ(policy->Decide("/grpc.health.v1.Health/Check", anonymous, &rule),
            AccessDecision::kAllow);
  EXPECT_EQ(rule, "health");
  EXPECT_EQ(policy->Decide("/readout.v1.CatalogService/CreateDocument", extractor, &rule),
            AccessDecision::kAllow);
  EXPECT_EQ(rule, "writers");
  EXPECT_EQ(policy->Decide("/readout.v1.CatalogService/CreateDocument", stranger),
            AccessDecision::kDeny);
  EXPECT_EQ(policy->Decide("/readout.v1.CatalogService/CreateDocument", anonymous),
            AccessDecision::kDeny);
  EXPECT_EQ(policy->Decide("/readout.v1.CatalogService/GetDocument", stranger),
            AccessDecision::kAllow);
  EXPECT_EQ(policy->Decide("/readout.v1.CatalogService/GetDocument", anonymous),
            AccessDecision::kDeny);
  EXPECT_EQ(policy->Decide("/readout.v1.CatalogService/DeleteDocument", ingest, &rule),
            AccessDecision::kDeny);
  EXPECT_EQ(rule, "no-deletes-by-ingest");
  EXPECT_EQ(policy->Decide("/readout.v1.CatalogService/DeleteDocument", extractor),
            AccessDecision::kAllow);
}

TEST(AccessPolicyTest, Patterns) {
  EXPECT_TRUE(MatchesPattern("*", "anything"));
  EXPECT_TRUE(MatchesPattern("/a.B/*", "/a.B/C"));
  EXPECT_FALSE(MatchesPattern("/a.B/*", "/a.BC/D"));
  EXPECT_TRUE(MatchesPattern("*.readout", "ingest.readout"));
  EXPECT_FALSE(MatchesPattern("*.readout", "ingest.readout.evil"));
  EXPECT_TRUE(MatchesPattern("exact", "exact"));
  EXPECT_FALSE(MatchesPattern("exact", "exactly"));
}

TEST(AccessPolicyTest, RefusesWhatItCannotEnforce) {
  for (const char* bad : {
           "not json",
           R"({"allow_rules": []})",
           R"({"name": "x"})",
           R"({"name": "x", "allow_rules": [{"request": {"paths": ["/a"]}}]})",
           R"({"name": "x", "allow_rules": [{"name": "r", "request": {"headers": []}}]})",
           R"({"name": "x", "allow_rules": [{"name": "r", "request": {"paths": ["/a*b"]}}]})",
           R"({"name": "x", "allow_rules": [{"name": "r", "sauce": {}}]})",
           R"({"name": "x", "allow_rules": [], "audit": true})",
       }) {
    absl::StatusOr<AccessPolicy> policy = AccessPolicy::Parse(bad);
    EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace readout::common
