// Proto3-JSON printing (see json.h).
#include "common/json.h"

#include "google/protobuf/util/json_util.h"

namespace readout::common {

std::string ToJson(const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  std::string out;
  // Printing a well-formed message cannot fail; an empty object is the
  // fallback should the library ever refuse.
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) {
    out = "{}";
  }
  return out;
}

}  // namespace readout::common
