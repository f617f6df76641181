// Invariant checks shared by the libFuzzer targets in tests/fuzz: a broken
// invariant prints what broke and aborts, which libFuzzer reports as a crash
// and saves the input that caused it.
#ifndef READOUT_TESTS_FUZZ_FUZZ_CHECKS_H_
#define READOUT_TESTS_FUZZ_FUZZ_CHECKS_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"

namespace readout::fuzz {

// Aborts with `what` when `condition` is false.
inline void Require(bool condition, absl::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// Every readout.v1.Span anywhere inside `message` lies within [0, text_size]
// with start <= end (walks the message by reflection, so new span fields are
// checked without changes here).
inline void RequireSpansWithin(const google::protobuf::Message& message, size_t text_size) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  if (descriptor->full_name() == "readout.v1.Span") {
    const auto* start = descriptor->FindFieldByName("start");
    const auto* end = descriptor->FindFieldByName("end");
    const uint32_t s = reflection->GetUInt32(message, start);
    const uint32_t e = reflection->GetUInt32(message, end);
    Require(s <= e && e <= text_size, "span [" + std::to_string(s) + ", " + std::to_string(e) +
                                          ") outside text of " + std::to_string(text_size) +
                                          " bytes");
    return;
  }
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        RequireSpansWithin(reflection->GetRepeatedMessage(message, field, j), text_size);
      }
    } else if (reflection->HasField(message, field)) {
      RequireSpansWithin(reflection->GetMessage(message, field), text_size);
    }
  }
}

}  // namespace readout::fuzz

#endif  // READOUT_TESTS_FUZZ_FUZZ_CHECKS_H_
