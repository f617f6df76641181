// Server reflection v1 and v1alpha with json_name (see reflection_service.h).
#include "common/server/reflection_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace readout::common {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

// Adds `file` and, after it, every file it imports (transitively) that is
// not yet in `sent`, serialized with json_name on every field.
template <typename FileResponse>
void AddFileAndImports(const FileDescriptor* file, std::set<std::string>* sent,
                       FileResponse* response) {
  std::vector<const FileDescriptor*> pending = {file};
  while (!pending.empty()) {
    const FileDescriptor* next = pending.back();
    pending.pop_back();
    if (!sent->insert(next->name()).second) continue;
    google::protobuf::FileDescriptorProto proto;
    next->CopyTo(&proto);
    next->CopyJsonNameTo(&proto);
    response->add_file_descriptor_proto(proto.SerializeAsString());
    for (int i = 0; i < next->dependency_count(); ++i) pending.push_back(next->dependency(i));
  }
}

// One reflection service; `Api` is the generated namespace of v1 or v1alpha
// (their messages are the same).
template <typename Service, typename Request, typename Response>
class ReflectionService final : public Service {
 public:
  explicit ReflectionService(std::vector<std::string> services) : services_(std::move(services)) {}

  grpc::Status ServerReflectionInfo(grpc::ServerContext* context,
                                    grpc::ServerReaderWriter<Response, Request>* stream) override {
    Request request;
    // Files already sent on this stream are not sent again (clients keep
    // what they received), as gRPC's own reflection does.
    std::set<std::string> sent;
    while (!context->IsCancelled() && stream->Read(&request)) {
      Response response;
      Answer(request, &sent, &response);
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }

 private:
  void Answer(const Request& request, std::set<std::string>* sent, Response* response) const {
    const DescriptorPool* pool = DescriptorPool::generated_pool();
    response->set_valid_host(request.host());
    *response->mutable_original_request() = request;
    auto not_found = [response](const std::string& what) {
      response->mutable_error_response()->set_error_code(grpc::StatusCode::NOT_FOUND);
      response->mutable_error_response()->set_error_message(what);
    };
    switch (request.message_request_case()) {
      case Request::kFileByFilename: {
        const FileDescriptor* file = pool->FindFileByName(request.file_by_filename());
        if (file == nullptr) return not_found("no file " + request.file_by_filename());
        AddFileAndImports(file, sent, response->mutable_file_descriptor_response());
        return;
      }
      case Request::kFileContainingSymbol: {
        const FileDescriptor* file =
            pool->FindFileContainingSymbol(request.file_containing_symbol());
        if (file == nullptr) return not_found("no symbol " + request.file_containing_symbol());
        AddFileAndImports(file, sent, response->mutable_file_descriptor_response());
        return;
      }
      case Request::kFileContainingExtension: {
        const auto& asked = request.file_containing_extension();
        const auto* type = pool->FindMessageTypeByName(asked.containing_type());
        const auto* extension =
            type == nullptr ? nullptr : pool->FindExtensionByNumber(type, asked.extension_number());
        if (extension == nullptr) {
          return not_found(absl::StrCat("no extension ", asked.extension_number(), " of ",
                                        asked.containing_type()));
        }
        AddFileAndImports(extension->file(), sent, response->mutable_file_descriptor_response());
        return;
      }
      case Request::kAllExtensionNumbersOfType: {
        const auto* type = pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
        if (type == nullptr) return not_found("no type " + request.all_extension_numbers_of_type());
        std::vector<const google::protobuf::FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        auto* numbers = response->mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const auto* extension : extensions) numbers->add_extension_number(extension->number());
        return;
      }
      case Request::kListServices:
        for (const std::string& name : services_) {
          response->mutable_list_services_response()->add_service()->set_name(name);
        }
        return;
      default:
        response->mutable_error_response()->set_error_code(grpc::StatusCode::INVALID_ARGUMENT);
        response->mutable_error_response()->set_error_message(
            "the request names no file, symbol, extension or service list");
    }
  }

  const std::vector<std::string> services_;
};

}  // namespace

std::vector<std::unique_ptr<grpc::Service>> MakeReflectionServices(
    const std::vector<std::string>& service_names) {
  std::vector<std::string> services = {"grpc.reflection.v1.ServerReflection",
                                       "grpc.reflection.v1alpha.ServerReflection"};
  for (const std::string& name : service_names) {
    if (DescriptorPool::generated_pool()->FindServiceByName(name) != nullptr) {
      services.push_back(name);
    }
  }
  std::sort(services.begin(), services.end());
  services.erase(std::unique(services.begin(), services.end()), services.end());

  namespace v1 = grpc::reflection::v1;
  namespace v1alpha = grpc::reflection::v1alpha;
  std::vector<std::unique_ptr<grpc::Service>> out;
  out.push_back(
      std::make_unique<ReflectionService<v1::ServerReflection::Service, v1::ServerReflectionRequest,
                                         v1::ServerReflectionResponse>>(services));
  out.push_back(
      std::make_unique<
          ReflectionService<v1alpha::ServerReflection::Service, v1alpha::ServerReflectionRequest,
                            v1alpha::ServerReflectionResponse>>(services));
  return out;
}

}  // namespace readout::common
