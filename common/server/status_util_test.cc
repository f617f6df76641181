// Tests of absl::Status <-> gRPC status mapping with ErrorInfo details.
#include "common/server/status_util.h"

#include "absl/strings/cord.h"
#include "gtest/gtest.h"

namespace readout::common {
namespace {

TEST(StatusUtilTest, OkMapsToOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(ToRpcStatus(absl::OkStatus()).code(), 0);
  EXPECT_EQ(ToRpcStatus(absl::OkStatus()).details_size(), 0);
}

TEST(StatusUtilTest, DefaultReasonIsCodeName) {
  grpc::Status s = ToGrpcStatus(absl::InvalidArgumentError("bad date"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "bad date");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  EXPECT_EQ(details.code(), 3);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "INVALID_ARGUMENT");
  EXPECT_EQ(info.domain(), "readout.dev");
}

TEST(StatusUtilTest, ReasonAndMetadataRoundTrip) {
  absl::Status in = WithErrorInfo(absl::ResourceExhaustedError("too big"), "DOCUMENT_TOO_LARGE",
                                  {{"limit", "10"}});
  absl::Status out = FromGrpcStatus(ToGrpcStatus(in));
  EXPECT_EQ(out.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(out.message(), "too big");
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(out);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "DOCUMENT_TOO_LARGE");
  EXPECT_EQ(info->domain(), "readout.dev");
  EXPECT_EQ(info->metadata().at("limit"), "10");
}

TEST(StatusUtilTest, RetryDelayTravelsBesideTheErrorInfo) {
  absl::Status in = WithErrorInfo(absl::UnavailableError("index behind"), "INDEX_BEHIND");
  google::rpc::RetryInfo delay;
  delay.mutable_retry_delay()->set_seconds(1);
  delay.mutable_retry_delay()->set_nanos(500000000);
  in.SetPayload(kRetryInfoTypeUrl, absl::Cord(delay.SerializeAsString()));
  google::rpc::Status rpc = ToRpcStatus(in);
  ASSERT_EQ(rpc.details_size(), 2);
  EXPECT_TRUE(rpc.details(0).Is<google::rpc::ErrorInfo>());
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(rpc.details(1).UnpackTo(&retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 1);
  EXPECT_EQ(retry.retry_delay().nanos(), 500000000);
  absl::Status out = FromGrpcStatus(ToGrpcStatus(in));
  EXPECT_EQ(ErrorInfoOf(out)->reason(), "INDEX_BEHIND");
  ASSERT_TRUE(RetryDelayOf(out).has_value());
  EXPECT_EQ(*RetryDelayOf(out), absl::Milliseconds(1500));
  EXPECT_FALSE(RetryDelayOf(absl::UnavailableError("no hint")).has_value());
}

TEST(StatusUtilTest, WithErrorInfoLeavesOkAlone) {
  EXPECT_TRUE(WithErrorInfo(absl::OkStatus(), "X").ok());
  EXPECT_FALSE(ErrorInfoOf(absl::OkStatus()).has_value());
}

TEST(StatusUtilTest, PlainGrpcStatusWithoutDetails) {
  absl::Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "down");
}

}  // namespace
}  // namespace readout::common
