// SHA-256 as lowercase hex (see sha256.h), on OpenSSL's libcrypto.
#include "common/sha256.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <string>

namespace readout::common {

namespace {

// The SHA-256 implementation, fetched once: OpenSSL 3's one-shot SHA256()
// looks the algorithm up by name on every call, which costs about half as
// much as hashing a 2 KB article. An EVP_MD is immutable and safe to share
// between threads; it lives for the whole process.
const EVP_MD* Sha256Md() {
  static const EVP_MD* const kMd = [] {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md != nullptr ? static_cast<const EVP_MD*>(md) : EVP_sha256();
  }();
  return kMd;
}

}  // namespace

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, Sha256Md(), nullptr) != 1 ||
      size != SHA256_DIGEST_LENGTH) {
    // Not reached with a working libcrypto; the one-shot form as a fallback.
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace readout::common
