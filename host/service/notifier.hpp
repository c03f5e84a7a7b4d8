// Mail to the pipeline's recipients after the first pass of each day (holes in the number
// series and documents that need a person) and after any pass that rejected a document.
//
// "First pass of the day" is kept in a one-line state file (the local date of the last daily
// mail), written after the mail went out, so a restart does not send it again and a failed
// mail is tried again after the next pass. A mail that cannot be sent is logged and never
// stops the pass. Mails carry document keys, states and reason codes only: no personal data.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/runner.hpp"
#include "ferry/sdk/settings.hpp"
#include "service/smtp_mail.hpp"
#include "support/event_log.hpp"
#include "support/time_zone.hpp"

namespace ferry {

struct NotifySettings {
    SmtpSettings smtp;
    std::filesystem::path state_file;
};

// The pipeline's `notify:` section, or nullopt when it has none.
std::optional<NotifySettings> notify_settings(const sdk::Settings& host,
                                              const std::string& pipeline);

// The report mail: the reason, the holes in the number series and every document in the
// ledger that is rejected or waiting to be retried, with its reason code.
Mail compose_report(const std::string& pipeline, const PipelineParts& parts, bool daily,
                    std::size_t rejected_now);

class Notifier {
  public:
    Notifier(NotifySettings settings, TimeZone zone, EventLog& log, std::string pipeline);

    void after_pass(const PipelineParts& parts, const PassSummary& summary);

  private:
    std::string today() const;
    std::string last_daily() const;
    void remember_daily(const std::string& date);

    NotifySettings settings_;
    TimeZone zone_;
    EventLog& log_;
    std::string pipeline_;
};

}  // namespace ferry
