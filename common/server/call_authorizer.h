// CallAuthorizer: decides, before a call reaches its service, whether the
// caller may make it. It runs as the TLS server credentials' auth metadata
// processor, so a refused call is answered by gRPC itself and no handler
// ever sees it:
//   - a bearer token ("authorization: Bearer T") that is not in the token
//     file: UNAUTHENTICATED;
//   - refused by the authorization policy and the caller proved no
//     identity (no client certificate, no token): UNAUTHENTICATED;
//   - refused by the policy for a known caller: PERMISSION_DENIED.
// Without a policy file every call that passed the TLS handshake (and
// presented no bad token) is allowed. The policy and token files are
// re-read when their modification time or size changes, checked at most
// once per refresh interval; a file that no longer parses keeps the rules
// in force and is logged (event=authz_reload_failed), as gRPC's own file
// watcher does.
//
// Thread-safety: Process may be called from many threads at once.
#ifndef READOUT_COMMON_SERVER_CALL_AUTHORIZER_H_
#define READOUT_COMMON_SERVER_CALL_AUTHORIZER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/access_policy.h"
#include "common/server/bearer_tokens.h"
#include "grpcpp/security/auth_metadata_processor.h"

namespace readout::common {

struct CallAuthorizerOptions {
  std::string policy_file;  // Empty: no policy (allow all).
  std::string token_file;   // Empty: bearer tokens are refused.
  absl::Duration refresh_interval = absl::Seconds(10);
};

// The principals of a verified TLS peer: its URI (SPIFFE) and DNS subject
// alternative names, then its subject's common name. Empty without a
// verified client certificate.
Caller CallerFromAuthContext(const grpc::AuthContext& context);

class CallAuthorizer : public grpc::AuthMetadataProcessor {
 public:
  // Reads the files once. INVALID_ARGUMENT (naming the file) when one
  // cannot be read or parsed: a server must not start with rules it
  // cannot enforce.
  static absl::StatusOr<std::shared_ptr<CallAuthorizer>> Create(CallAuthorizerOptions options);

  // Cheap and non-blocking (a stat per refresh interval): runs inline.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  struct FileStamp {
    int64_t mtime_ns = -1;
    int64_t size = -1;
    bool operator==(const FileStamp& o) const { return mtime_ns == o.mtime_ns && size == o.size; }
  };
  explicit CallAuthorizer(CallAuthorizerOptions options) : options_(std::move(options)) {}
  // Reads the files whose stamp changed; the first call must succeed.
  absl::Status Reload(bool initial) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static std::optional<FileStamp> Stamp(const std::string& path);

  const CallAuthorizerOptions options_;
  absl::Mutex mu_;
  absl::Time next_check_ ABSL_GUARDED_BY(mu_);
  FileStamp policy_stamp_ ABSL_GUARDED_BY(mu_);
  FileStamp token_stamp_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const AccessPolicy> policy_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const BearerTokens> tokens_ ABSL_GUARDED_BY(mu_);
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_CALL_AUTHORIZER_H_
