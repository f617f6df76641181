// Token digests and their constant-time look-up (see bearer_tokens.h).
#include "common/server/bearer_tokens.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/sha256.h"
#include "openssl/crypto.h"

namespace readout::common {

absl::StatusOr<BearerTokens> BearerTokens::Parse(absl::string_view content) {
  BearerTokens tokens;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    bool hex = fields.size() == 2 && fields[1].size() == 64;
    for (size_t i = 0; hex && i < 64; ++i) hex = absl::ascii_isxdigit(fields[1][i]);
    if (!hex) {
      return absl::InvalidArgumentError(
          absl::StrCat("token file line ", line_number,
                       ": expected \"NAME SHA256-HEX\" (64 hex digits of the token's digest)"));
    }
    for (const Entry& e : tokens.entries_) {
      if (e.name == fields[0]) {
        return absl::InvalidArgumentError(
            absl::StrCat("token file line ", line_number, ": name \"", fields[0], "\" repeated"));
      }
    }
    tokens.entries_.push_back({std::string(fields[0]), absl::AsciiStrToLower(fields[1])});
  }
  return tokens;
}

std::optional<std::string> BearerTokens::Find(absl::string_view token) const {
  const std::string digest = Sha256Hex(token);
  std::optional<std::string> found;
  for (const Entry& e : entries_) {
    // Every entry is compared, whatever matched before.
    if (CRYPTO_memcmp(digest.data(), e.digest_hex.data(), digest.size()) == 0 && !found) {
      found = e.name;
    }
  }
  return found;
}

}  // namespace readout::common
