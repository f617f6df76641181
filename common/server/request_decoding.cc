// Request decoding with INVALID_ARGUMENT for undecodable messages; see
// request_decoding.h.
#include "common/server/request_decoding.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace readout::common {

absl::Status DecodeRequest(const grpc::ByteBuffer& bytes, absl::string_view method,
                           google::protobuf::Message* request) {
  // Parses the slices in place, as one stream (no copy of the bytes).
  std::vector<grpc::Slice> slices;
  bool parsed = false;
  if (bytes.Dump(&slices).ok()) {
    std::vector<std::unique_ptr<google::protobuf::io::ArrayInputStream>> pieces;
    std::vector<google::protobuf::io::ZeroCopyInputStream*> streams;
    for (const grpc::Slice& slice : slices) {
      pieces.push_back(std::make_unique<google::protobuf::io::ArrayInputStream>(
          slice.begin(), static_cast<int>(slice.size())));
      streams.push_back(pieces.back().get());
    }
    google::protobuf::io::ConcatenatingInputStream stream(streams.data(),
                                                          static_cast<int>(streams.size()));
    parsed = request->ParseFromZeroCopyStream(&stream);
  }
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
