// Resource names and keys of the catalog (see names.h).
#include "catalog-service/query/names.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"

namespace readout::catalog {
namespace {

constexpr absl::string_view kDocumentsPrefix = "documents/";
constexpr absl::string_view kPeoplePrefix = "people/";

}  // namespace

std::string DocumentName(absl::string_view id) { return absl::StrCat(kDocumentsPrefix, id); }

absl::StatusOr<std::string> ParseDocumentName(absl::string_view name) {
  if (!absl::StartsWith(name, kDocumentsPrefix)) {
    return InvalidArgument("INVALID_NAME",
                           absl::StrCat("name must look like documents/{content-hash}, got \"",
                                        name.substr(0, 200), "\""));
  }
  absl::string_view id = name.substr(kDocumentsPrefix.size());
  if (!IsContentHash(id)) {
    return InvalidArgument("INVALID_NAME",
                           absl::StrCat("document id must be 64 lowercase hex digits, got \"",
                                        id.substr(0, 200), "\""));
  }
  return std::string(id);
}

std::string PersonName(absl::string_view key) { return absl::StrCat(kPeoplePrefix, key); }

absl::StatusOr<std::string> ParsePersonName(absl::string_view name) {
  if (!absl::StartsWith(name, kPeoplePrefix) || name.size() == kPeoplePrefix.size() ||
      name.size() > 512) {
    return InvalidArgument(
        "INVALID_NAME",
        absl::StrCat("name must look like people/{person}, got \"", name.substr(0, 200), "\""));
  }
  absl::string_view key = name.substr(kPeoplePrefix.size());
  if (PersonKey(key) != key) {
    return InvalidArgument(
        "INVALID_NAME", absl::StrCat("person id \"", key.substr(0, 200),
                                     "\" is not normalized (expected \"", PersonKey(key), "\")"));
  }
  return std::string(key);
}

std::string PersonKey(absl::string_view person_name) {
  std::string key;
  key.reserve(person_name.size());
  bool pending_dash = false;
  for (unsigned char c : person_name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
      keep = true;
    }
    if (!keep) {
      pending_dash = true;
      continue;
    }
    if (pending_dash && !key.empty()) key.push_back('-');
    pending_dash = false;
    key.push_back(static_cast<char>(c));
  }
  return key;
}

bool IsContentHash(absl::string_view id) {
  if (id.size() != 64) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace readout::catalog
