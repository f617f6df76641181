// Proto3-JSON printing shared by the CLI and tools: lowerCamelCase field
// names and enum names, as grpcurl prints them.
#ifndef READOUT_COMMON_JSON_H_
#define READOUT_COMMON_JSON_H_

#include <string>

#include "google/protobuf/message.h"

namespace readout::common {

// Returns `message` as proto3 JSON, indented when `pretty`.
std::string ToJson(const google::protobuf::Message& message, bool pretty = true);

}  // namespace readout::common

#endif  // READOUT_COMMON_JSON_H_
