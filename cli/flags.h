// Flags shared by the subcommands of `readout` (defined in readout_main.cc).
#ifndef READOUT_CLI_FLAGS_H_
#define READOUT_CLI_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(std::string, published_date);
ABSL_DECLARE_FLAG(std::string, format);
ABSL_DECLARE_FLAG(double, timeout);

#endif  // READOUT_CLI_FLAGS_H_
