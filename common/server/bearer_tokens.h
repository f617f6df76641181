// BearerTokens: the tokens a server accepts from clients that have no
// certificate, kept as SHA-256 digests so the file a server reads does not
// hold the secrets themselves. The file (--auth-token-file) has one token
// per line, "NAME HEX-SHA256-OF-THE-TOKEN", with blank lines and "#"
// comments allowed:
//
//   # printf %s "$TOKEN" | sha256sum
//   ingest-batch 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//
// A presented token is hashed and compared with every digest in constant
// time (CRYPTO_memcmp, every entry visited), so timing tells nothing of how
// much of a digest matched. NAME is the caller's principal in the
// authorization policy.
//
// Thread-safety: immutable after Parse.
#ifndef READOUT_COMMON_SERVER_BEARER_TOKENS_H_
#define READOUT_COMMON_SERVER_BEARER_TOKENS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace readout::common {

class BearerTokens {
 public:
  // Parses the file's content. INVALID_ARGUMENT naming the line for a line
  // that is not "NAME HEX64", or a name given twice.
  static absl::StatusOr<BearerTokens> Parse(absl::string_view content);

  // The name of the token, or nullopt when no digest matches.
  std::optional<std::string> Find(absl::string_view token) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string name;
    std::string digest_hex;  // 64 lowercase hex characters.
  };
  std::vector<Entry> entries_;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_BEARER_TOKENS_H_
