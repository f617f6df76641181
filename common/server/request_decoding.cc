// Request decoding with INVALID_ARGUMENT for undecodable messages; see
// request_decoding.h.
#include "common/server/request_decoding.h"

#include <cstdlib>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/proto_buffer_reader.h"

namespace readout::common {

absl::Status DecodeRequest(const grpc::ByteBuffer& bytes, absl::string_view method,
                           google::protobuf::Message* request) {
  grpc::ByteBuffer copy(bytes);  // The reader consumes it; the slices are shared.
  grpc::ProtoBufferReader reader(&copy);
  const bool parsed = request->ParseFromZeroCopyStream(&reader);
  if (parsed) return absl::OkStatus();
  const std::string type = request->GetDescriptor()->full_name();
  request->Clear();
  return WithErrorInfo(
      absl::InvalidArgumentError(absl::StrCat(
          "the request to ", method, " is not a valid ", type, " message (", bytes.Length(),
          " bytes that protobuf cannot decode: truncated, a wrong wire type, or a string "
          "field that is not UTF-8)")),
      kReasonUndecodableRequest, {{"method", std::string(method)}, {"type", type}});
}

int MethodIndex(absl::string_view service_full_name, absl::string_view method) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(service_full_name));
  const google::protobuf::MethodDescriptor* found =
      service == nullptr ? nullptr : service->FindMethodByName(std::string(method));
  if (found == nullptr) {
    std::cerr << "request_decoding: no method " << service_full_name << "/" << method << "\n";
    std::abort();
  }
  return found->index();
}

namespace internal {

grpc::ServerUnaryReactor* RefuseUnary(grpc::CallbackServerContext* context,
                                      const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace internal
}  // namespace readout::common
