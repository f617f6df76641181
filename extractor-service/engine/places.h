// Places and organizations named anywhere in a document: gazetteer matches
// (longest first) and capitalized phrases ending in an organization word,
// each with a kind (party, government, legislature, international, other).
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_PLACES_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_PLACES_H_

#include <string>

#include "extractor-service/engine/analysis.h"
#include "readout/v1/records.pb.h"

namespace readout::extractor::internal {

// The longest gazetteer place starting at token k (tokens before `limit`):
// its length in tokens (0 when none), and its kind.
int PlaceAt(const Analysis& a, int k, int limit, PlaceKind* kind);

// "HONG KONG" -> "Hong Kong".
std::string TitleCase(absl::string_view s);

// The kind of an organization from the words of its lowercase name.
readout::v1::OrganizationKind KindOf(const std::string& lower);

void ExtractPlaces(const Analysis& a, readout::v1::Extraction* out);
void ExtractOrganizations(const Analysis& a, readout::v1::Extraction* out);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_PLACES_H_
