// Request decoding that answers an undecodable request message with
// INVALID_ARGUMENT (reason UNDECODABLE_REQUEST) and a message naming the
// method and the message type, instead of gRPC's own answer for callback
// methods: UNIMPLEMENTED with no message, which tells a client the method
// does not exist.
//
// gRPC 1.51 decodes a callback method's request before the service sees it
// and turns a decoding failure into that UNIMPLEMENTED. DecodesRequests
// re-registers a service's methods to receive the request's bytes, decodes
// them itself and only then calls the service's typed method, so services
// keep their typed signatures:
//
//   class MyServiceImpl final : public common::DecodesRequests<v1::MyService::CallbackService> {
//    public:
//     MyServiceImpl() {
//       DecodeUnary(v1::MyService::service_full_name(), "Get", &MyServiceImpl::Get);
//       DecodeServerStreaming(v1::MyService::service_full_name(), "Watch",
//                             &MyServiceImpl::Watch);
//     }
//     grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext*, const v1::GetRequest*,
//                                   v1::GetResponse*) override;
//     ...
//   };
//
// A bidirectional stream reads each message's bytes (AcceptRawBidi) and
// decodes them in its reactor with DecodeRequest (see ExtractorServiceImpl's
// StreamExtract).
//
// Thread-safety: registration happens in the constructor, before serving;
// the handlers are as thread-safe as the service's methods.
#ifndef READOUT_COMMON_SERVER_REQUEST_DECODING_H_
#define READOUT_COMMON_SERVER_REQUEST_DECODING_H_

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/server/status_util.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "grpcpp/support/message_allocator.h"

namespace readout::common {

// The ErrorInfo reason of a request message that could not be decoded.
inline constexpr char kReasonUndecodableRequest[] = "UNDECODABLE_REQUEST";

// Decodes `bytes` into `request`. INVALID_ARGUMENT (UNDECODABLE_REQUEST, with
// `method` and the type in the ErrorInfo metadata) when they are not a
// valid encoding of the request's type (for example a string field that is
// not UTF-8, or a truncated message).
absl::Status DecodeRequest(const grpc::ByteBuffer& bytes, absl::string_view method,
                           google::protobuf::Message* request);

// The index of `method` in service `service_full_name` as gRPC's generated
// code numbers them (the order of the .proto). Aborts when there is none:
// a programming error caught by every test that starts the service.
int MethodIndex(absl::string_view service_full_name, absl::string_view method);

namespace internal {

// Holds a unary call's request bytes, its decoded request and its response
// for the whole call; gRPC releases it when the call is done.
template <class Request, class Response>
class DecodingMessageHolder final : public grpc::MessageHolder<grpc::ByteBuffer, Response> {
 public:
  DecodingMessageHolder() {
    this->set_request(&bytes_);
    this->set_response(&response_);
  }
  void Release() override { delete this; }
  Request* decoded() { return &decoded_; }

 private:
  grpc::ByteBuffer bytes_;
  Response response_;
  Request decoded_;
};

template <class Request, class Response>
class DecodingAllocator final : public grpc::MessageAllocator<grpc::ByteBuffer, Response> {
 public:
  grpc::MessageHolder<grpc::ByteBuffer, Response>* AllocateMessages() override {
    return new DecodingMessageHolder<Request, Response>();
  }
};

// A finished reactor for a request that could not be decoded.
grpc::ServerUnaryReactor* RefuseUnary(grpc::CallbackServerContext* context,
                                      const absl::Status& status);

template <class Response>
class RefusedWriteReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedWriteReactor(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace internal

template <class Service>
class DecodesRequests : public Service {
 protected:
  // Makes unary method `method` of `service_full_name` decode its own
  // request and then call `typed` on the derived service. `typed` may take
  // the request as `const Request*` (the generated signature) or as
  // `Request*`: the decoded request is the call's own until the call is
  // done, so a method may move fields out of it rather than copy them.
  template <class Impl, class RequestArg, class Response>
  void DecodeUnary(absl::string_view service_full_name, absl::string_view method,
                   grpc::ServerUnaryReactor* (Impl::*typed)(grpc::CallbackServerContext*,
                                                            RequestArg*, Response*)) {
    using Request = std::remove_const_t<RequestArg>;
    static internal::DecodingAllocator<Request, Response> allocator;
    const std::string name = FullMethodName(service_full_name, method);
    auto* handler = new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, Response>(
        [this, name, typed](grpc::CallbackServerContext* context, const grpc::ByteBuffer* bytes,
                            Response* response) -> grpc::ServerUnaryReactor* {
          auto* holder = static_cast<internal::DecodingMessageHolder<Request, Response>*>(
              context->GetRpcAllocatorState());
          absl::Status decoded = DecodeRequest(*bytes, name, holder->decoded());
          if (!decoded.ok()) return internal::RefuseUnary(context, decoded);
          return (static_cast<Impl*>(this)->*typed)(context, holder->decoded(), response);
        });
    handler->SetMessageAllocator(&allocator);
    this->MarkMethodRawCallback(MethodIndex(service_full_name, method), handler);
  }

  // The same for a server-streaming method. The decoded request lives only
  // until `typed` returns: the reactor it returns must copy what it needs.
  template <class Impl, class Request, class Response>
  void DecodeServerStreaming(absl::string_view service_full_name, absl::string_view method,
                             grpc::ServerWriteReactor<Response>* (Impl::*typed)(
                                 grpc::CallbackServerContext*, const Request*)) {
    const std::string name = FullMethodName(service_full_name, method);
    auto* handler = new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, Response>(
        [this, name, typed](grpc::CallbackServerContext* context,
                            const grpc::ByteBuffer* bytes) -> grpc::ServerWriteReactor<Response>* {
          auto request = std::make_unique<Request>();
          absl::Status decoded = DecodeRequest(*bytes, name, request.get());
          if (!decoded.ok()) {
            return new internal::RefusedWriteReactor<Response>(ToGrpcStatus(decoded));
          }
          return (static_cast<Impl*>(this)->*typed)(context, request.get());
        });
    this->MarkMethodRawCallback(MethodIndex(service_full_name, method), handler);
  }

  // Makes bidirectional method `method` open `open`'s reactor, which reads
  // the request messages as bytes and decodes each with DecodeRequest.
  template <class Impl, class Response>
  void AcceptRawBidi(absl::string_view service_full_name, absl::string_view method,
                     grpc::ServerBidiReactor<grpc::ByteBuffer, Response>* (Impl::*open)(
                         grpc::CallbackServerContext*)) {
    auto* handler = new grpc::internal::CallbackBidiHandler<grpc::ByteBuffer, Response>(
        [this, open](grpc::CallbackServerContext* context) {
          return (static_cast<Impl*>(this)->*open)(context);
        });
    this->MarkMethodRawCallback(MethodIndex(service_full_name, method), handler);
  }

 private:
  static std::string FullMethodName(absl::string_view service, absl::string_view method) {
    return std::string(service) + "/" + std::string(method);
  }
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_REQUEST_DECODING_H_
