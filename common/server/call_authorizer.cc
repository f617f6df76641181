// Per-call authentication and authorization (see call_authorizer.h).
#include "common/server/call_authorizer.h"

#include <sys/stat.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/files.h"
#include "common/server/logging.h"
#include "grpc/grpc_security_constants.h"

namespace readout::common {
namespace {

std::string Str(const grpc::string_ref& s) { return std::string(s.data(), s.size()); }

// Reads `path` again when its stamp differs from `*seen` and parses it into
// `*slot`. At start (`initial`) a missing or bad file is an error; later, a
// bad file keeps the rules already loaded and is logged once per change.
template <typename T, typename StampT, typename ParseFn, typename LoadedFn>
absl::Status ReloadFile(const std::string& path, const std::optional<StampT>& stamp, bool initial,
                        ParseFn parse, StampT* seen, std::shared_ptr<const T>* slot,
                        LoadedFn loaded) {
  if (!stamp) {
    return initial ? absl::InvalidArgumentError(absl::StrCat("cannot read ", path))
                   : absl::OkStatus();
  }
  if (*stamp == *seen) return absl::OkStatus();
  absl::StatusOr<std::string> text = ReadFileToString(path);
  absl::StatusOr<T> value = text.ok() ? parse(*text) : absl::StatusOr<T>(text.status());
  if (value.ok()) {
    *slot = std::make_shared<const T>(*std::move(value));
    *seen = *stamp;
    loaded(**slot);
  } else if (initial) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", value.status().message()));
  } else {
    *seen = *stamp;  // Logged once per change.
    Log(LogLevel::kError, "authz_reload_failed",
        {{"file", path}, {"error", value.status().message()}});
  }
  return absl::OkStatus();
}

}  // namespace

Caller CallerFromAuthContext(const grpc::AuthContext& context) {
  Caller caller;
  for (const char* property :
       {GRPC_PEER_URI_PROPERTY_NAME, GRPC_PEER_DNS_PROPERTY_NAME, GRPC_X509_CN_PROPERTY_NAME}) {
    for (const grpc::string_ref& value : context.FindPropertyValues(property)) {
      caller.principals.push_back(Str(value));
    }
  }
  return caller;
}

std::optional<CallAuthorizer::FileStamp> CallAuthorizer::Stamp(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                   static_cast<int64_t>(st.st_size)};
}

absl::StatusOr<std::shared_ptr<CallAuthorizer>> CallAuthorizer::Create(
    CallAuthorizerOptions options) {
  std::shared_ptr<CallAuthorizer> self(new CallAuthorizer(std::move(options)));
  absl::MutexLock lock(&self->mu_);
  if (absl::Status s = self->Reload(/*initial=*/true); !s.ok()) return s;
  return self;
}

absl::Status CallAuthorizer::Reload(bool initial) {
  next_check_ = absl::Now() + options_.refresh_interval;
  if (!options_.policy_file.empty()) {
    absl::Status s = ReloadFile<AccessPolicy>(
        options_.policy_file, Stamp(options_.policy_file), initial, &AccessPolicy::Parse,
        &policy_stamp_, &policy_, [this](const AccessPolicy& policy) {
          Log(LogLevel::kInfo, "authz_policy_loaded",
              {{"file", options_.policy_file}, {"policy", policy.name()}});
        });
    if (!s.ok()) return s;
  }
  if (!options_.token_file.empty()) {
    return ReloadFile<BearerTokens>(
        options_.token_file, Stamp(options_.token_file), initial, &BearerTokens::Parse,
        &token_stamp_, &tokens_, [this](const BearerTokens& tokens) {
          Log(LogLevel::kInfo, "auth_tokens_loaded",
              {{"file", options_.token_file}, {"tokens", static_cast<int64_t>(tokens.size())}});
        });
  }
  return absl::OkStatus();
}

grpc::Status CallAuthorizer::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                     OutputMetadata* consumed_auth_metadata,
                                     OutputMetadata* /*response_metadata*/) {
  std::shared_ptr<const AccessPolicy> policy;
  std::shared_ptr<const BearerTokens> tokens;
  {
    absl::MutexLock lock(&mu_);
    if (absl::Now() >= next_check_) Reload(/*initial=*/false).IgnoreError();
    policy = policy_;
    tokens = tokens_;
  }
  std::string path;
  if (auto it = auth_metadata.find(":path"); it != auth_metadata.end()) path = Str(it->second);
  Caller caller = CallerFromAuthContext(*context);
  auto auth = auth_metadata.find("authorization");
  if (auth != auth_metadata.end()) {
    std::string value = Str(auth->second);
    std::optional<std::string> name;
    if (tokens != nullptr && absl::StartsWithIgnoreCase(value, "Bearer ")) {
      name = tokens->Find(absl::string_view(value).substr(7));
    }
    if (!name) {
      Log(LogLevel::kWarning, "call_refused", {{"method", path}, {"reason", "bad bearer token"}});
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          tokens == nullptr ? "this server accepts no bearer tokens"
                                            : "the bearer token is not known to this server");
    }
    caller.principals.push_back(*name);
    context->AddProperty("readout_token_name", *name);
    consumed_auth_metadata->insert({"authorization", value});
  }
  if (policy == nullptr) return grpc::Status::OK;
  std::string rule;
  if (policy->Decide(path, caller, &rule) == AccessDecision::kAllow) return grpc::Status::OK;
  if (!caller.authenticated()) {
    Log(LogLevel::kWarning, "call_refused",
        {{"method", path}, {"reason", "no credentials"}, {"rule", rule}});
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat(path,
                                     " needs credentials: a client certificate or a "
                                     "bearer token the server knows"));
  }
  Log(LogLevel::kWarning, "call_refused",
      {{"method", path}, {"principal", caller.principals[0]}, {"rule", rule}});
  return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                      absl::StrCat("\"", caller.principals[0], "\" may not call ", path,
                                   rule.empty() ? "" : absl::StrCat(" (rule \"", rule, "\")")));
}

}  // namespace readout::common
