// gRPC server reflection, v1 and v1alpha, answered from the generated
// descriptor pool. gRPC 1.51's own reflection plugin serves v1alpha only and
// sends descriptors without json_name, so grpcurl printed snake_case names
// (content_hash) where the API's proto3 JSON and docs/api.md say
// contentHash. These services add json_name to every field of every file
// they send.
//
// Thread-safety: the services are stateless; the pool is immutable.
#ifndef READOUT_COMMON_SERVER_REFLECTION_SERVICE_H_
#define READOUT_COMMON_SERVER_REFLECTION_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace readout::common {

// The two reflection services (grpc.reflection.v1 and v1alpha) for a server
// offering `service_names` (fully-qualified; names that are not services
// in the generated pool, such as "", are left out of list_services).
// Register each with the server builder; the caller owns them.
std::vector<std::unique_ptr<grpc::Service>> MakeReflectionServices(
    const std::vector<std::string>& service_names);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_REFLECTION_SERVICE_H_
