// UnnamedTitleResolver: "the Minister" finds the person whose title holds
// the phrase, the same whether the phrase is read from the titles on demand
// (the first few phrases of a document) or from the full index built after.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "extractor-service/engine/analysis.h"
#include "extractor-service/engine/people.h"
#include "extractor-service/engine/vocabulary.h"
#include "gtest/gtest.h"

namespace readout::extractor::internal {
namespace {

constexpr int kPeople = 40;

// Person i holds "Minister of Harbour<i>" (one word per i) and is first
// mentioned at token 10 * i.
Analysis People() {
  Analysis a;
  a.vocab = &GetVocabulary();
  for (int i = 0; i < kPeople; ++i) {
    PersonInfo p;
    p.name = absl::StrCat("Person ", i);
    p.titles.push_back({absl::StrCat("Minister of Harbour", i), "", {}});
    p.mentions.push_back({0, 1});
    p.first_token = 10 * i;
    a.people.push_back(p);
  }
  return a;
}

TEST(UnnamedTitleResolverTest, SameAnswersBeforeAndAfterTheIndexIsBuilt) {
  const Analysis a = People();
  const UnnamedTitleResolver resolver(a);
  const std::vector<int> last_seen(kPeople, -1);
  auto none = [](int) { return false; };
  // More distinct phrases than are read on demand: the later ones come from
  // the full index.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < kPeople; ++i) {
      EXPECT_EQ(resolver.Resolve(absl::StrCat("Minister of Harbour", i), 10 * i, last_seen, none),
                i)
          << i;
      EXPECT_EQ(resolver.Resolve(absl::StrCat("Harbour", i), 10 * i, last_seen, none), i) << i;
    }
  }
  // A phrase every title holds: the earliest person in the window around
  // the reference (32 candidates before it).
  EXPECT_EQ(resolver.Resolve("the Minister", 10 * 35, last_seen, none), 3);
  EXPECT_EQ(resolver.Resolve("Minister", 0, last_seen, none), 0);
  EXPECT_EQ(resolver.Resolve("Governor", 0, last_seen, none), -1);
}

TEST(UnnamedTitleResolverTest, OnDemandPhrasesSkipAndPreferTheLastSeen) {
  const Analysis a = People();
  const UnnamedTitleResolver resolver(a);
  std::vector<int> last_seen(kPeople, -1);
  last_seen[5] = 100;
  EXPECT_EQ(resolver.Resolve("Minister", 60, last_seen, [](int) { return false; }), 5);
  EXPECT_EQ(resolver.Resolve("Minister", 60, last_seen, [](int p) { return p == 5; }), 0);
  EXPECT_EQ(resolver.Resolve("Minister of Harbour7", 70, last_seen, [](int p) { return p == 7; }),
            -1);
}

}  // namespace
}  // namespace readout::extractor::internal
