// A server interceptor that logs one line per finished RPC:
//   event=rpc method=/readout.v1.ExtractorService/Extract code=OK
//   latency_ms=0.412 peer=ipv4:127.0.0.1:53312
// Health checks and reflection calls are logged at debug level, the rest at
// info (warning for INTERNAL, UNKNOWN and DATA_LOSS). An RPC that ends
// without the server sending a status (client cancelled, deadline) is logged
// with code=CANCELLED.
//
// Thread-safety: the factory is stateless; one interceptor per call.
#ifndef READOUT_COMMON_SERVER_RPC_LOG_INTERCEPTOR_H_
#define READOUT_COMMON_SERVER_RPC_LOG_INTERCEPTOR_H_

#include "grpcpp/support/server_interceptor.h"

namespace readout::common {

class RpcLogInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_RPC_LOG_INTERCEPTOR_H_
