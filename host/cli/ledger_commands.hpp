// Commands that read or adjust the ledger by hand: status, explain, retry, skip, export, import.
#pragma once

#include <string>

#include "config/global_options.hpp"

namespace ferry {

// `documents`: also every document with its state, target numbers and booked amounts.
int status_command(const GlobalOptions& options, const std::string& pipeline, bool json,
                   bool documents);
int explain_command(const GlobalOptions& options, const std::string& pipeline,
                    const std::string& document);
// `resend`: deliver a delivered document again, after a person deleted it in the target.
int retry_command(const GlobalOptions& options, const std::string& pipeline,
                  const std::string& document, bool all_rejected, bool resend);
int skip_command(const GlobalOptions& options, const std::string& pipeline,
                 const std::string& document, const std::string& reason);

// JSON lines, for backups and for moving to another host. `file` "-" is stdout/stdin.
int ledger_export_command(const GlobalOptions& options, const std::string& pipeline,
                          const std::string& file);
int ledger_import_command(const GlobalOptions& options, const std::string& pipeline,
                          const std::string& file);

}  // namespace ferry
