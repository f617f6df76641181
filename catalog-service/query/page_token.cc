// Page token encoding (see page_token.h). Layout before base64:
//   version(1) key(8) row(8) offset(8) text_len(2) text mac(16)
// integers little-endian; mac = HMAC-SHA256(secret, payload || binding)[:16].
#include "catalog-service/query/page_token.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"
#include "openssl/crypto.h"
#include "openssl/evp.h"
#include "openssl/hmac.h"

namespace readout::catalog {
namespace {

constexpr char kVersion = 1;
constexpr size_t kMacSize = 16;
constexpr size_t kMaxText = 1024;

void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string Mac(absl::string_view payload, absl::string_view binding, absl::string_view secret) {
  std::string data = absl::StrCat(payload, "\x1f", binding);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &digest_len);
  return std::string(reinterpret_cast<char*>(digest), kMacSize);
}

absl::Status BadToken(absl::string_view why) {
  return InvalidArgument("INVALID_PAGE_TOKEN",
                         absl::StrCat("invalid page_token: ", why,
                                      "; send the token of the previous response "
                                      "with the same filter, order_by and query"));
}

}  // namespace

std::string EncodePageToken(const PageCursor& cursor, absl::string_view binding,
                            absl::string_view secret) {
  std::string payload;
  payload.push_back(kVersion);
  PutU64(payload, static_cast<uint64_t>(cursor.key));
  PutU64(payload, static_cast<uint64_t>(cursor.row));
  PutU64(payload, static_cast<uint64_t>(cursor.offset));
  absl::string_view text = absl::string_view(cursor.text).substr(0, kMaxText);
  payload.push_back(static_cast<char>(text.size() & 0xff));
  payload.push_back(static_cast<char>(text.size() >> 8));
  payload.append(text.data(), text.size());
  payload += Mac(payload, binding, secret);
  return absl::WebSafeBase64Escape(payload);
}

absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token, absl::string_view binding,
                                           absl::string_view secret) {
  if (token.size() > 4 * kMaxText) return BadToken("too long");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return BadToken("not base64");
  constexpr size_t kFixed = 1 + 8 + 8 + 8 + 2;
  if (raw.size() < kFixed + kMacSize) return BadToken("truncated");
  if (raw[0] != kVersion) return BadToken("unknown version");
  size_t text_len = static_cast<unsigned char>(raw[25]) |
                    (static_cast<size_t>(static_cast<unsigned char>(raw[26])) << 8);
  if (raw.size() != kFixed + text_len + kMacSize) return BadToken("malformed");
  absl::string_view payload(raw.data(), kFixed + text_len);
  std::string expected = Mac(payload, binding, secret);
  if (CRYPTO_memcmp(expected.data(), raw.data() + payload.size(), kMacSize) != 0) {
    return BadToken("it was altered or belongs to a different request");
  }
  PageCursor cursor;
  cursor.key = static_cast<int64_t>(GetU64(raw.data() + 1));
  cursor.row = static_cast<int64_t>(GetU64(raw.data() + 9));
  cursor.offset = static_cast<int64_t>(GetU64(raw.data() + 17));
  cursor.text = std::string(raw.data() + kFixed, text_len);
  if (cursor.offset < 0) return BadToken("malformed");
  return cursor;
}

}  // namespace readout::catalog
