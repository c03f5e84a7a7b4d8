#include "service/notifier.hpp"

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>

#include "reports/reports.hpp"

namespace ferry {

namespace {

constexpr std::size_t max_listed = 200;  // a mail stays readable; the rest is in `ferry status`

std::string date_of(sdk::TimePoint at) {
    return fmt::format("{:%Y-%m-%d %H:%M}Z", std::chrono::floor<std::chrono::minutes>(at));
}

}  // namespace

std::optional<NotifySettings> notify_settings(const sdk::Settings& host,
                                              const std::string& pipeline) {
    if (!host.given("notify"))
        return std::nullopt;
    const sdk::Settings& notify = host.object("notify");
    NotifySettings settings;
    settings.smtp.url = notify.string("smtp_url");
    settings.smtp.username = notify.string("username");
    settings.smtp.password = notify.string("password");
    settings.smtp.from = notify.string("from");
    settings.smtp.to = notify.strings("to");
    settings.smtp.ca_file = notify.string("ca_file");
    const std::string& starttls = notify.string("starttls");
    settings.smtp.starttls = starttls == "off"             ? SmtpSettings::StartTls::off
                             : starttls == "opportunistic" ? SmtpSettings::StartTls::opportunistic
                                                           : SmtpSettings::StartTls::required;
    settings.state_file = notify.has("state_file")
                              ? std::filesystem::path(notify.string("state_file"))
                              : std::filesystem::path("/var/lib/ferry") / (pipeline + ".notified");
    return settings;
}

Mail compose_report(const std::string& pipeline, const PipelineParts& parts, bool daily,
                    std::size_t rejected_now) {
    GapReport gaps = gap_report(parts);
    std::vector<sdk::LedgerRecord> failing;
    parts.store->scan([&](const sdk::LedgerRecord& record) {
        if (record.state == sdk::State::rejected || record.state == sdk::State::retry_later)
            failing.push_back(record);
        return true;
    });
    std::uint64_t missing = 0;
    for (const NumberSeries& series : gaps.series)
        missing += series.missing;

    std::string body;
    if (rejected_now)
        body += fmt::format(
            "The last pass rejected {} document(s). Rejected documents are not "
            "booked until someone fixes them and runs `ferry retry`.\n\n",
            rejected_now);
    body +=
        "Holes in the document-number series (numbers neither the source nor the ledger "
        "knows):\n";
    if (missing == 0)
        body += "  none\n";
    for (const NumberSeries& series : gaps.series) {
        for (const NumberGap& gap : series.gaps)
            body +=
                printable(gap.count == 1
                              ? fmt::format("  company {}: {} missing", series.company, gap.first)
                              : fmt::format("  company {}: {} to {} missing ({})", series.company,
                                            gap.first, gap.last, gap.count)) +
                "\n";
    }
    for (const sdk::Problem& problem : gaps.problems)
        body += fmt::format("  (incomplete: {}; see the log)\n", printable(problem.code));

    body += "\nDocuments that need attention:\n";
    if (failing.empty())
        body += "  none\n";
    std::size_t listed = 0;
    for (const sdk::LedgerRecord& record : failing) {
        if (++listed > max_listed) {
            body +=
                fmt::format("  ... and {} more: see `ferry status`\n", failing.size() - max_listed);
            break;
        }
        // The reason code only: the text may quote what a target was sent, and mail leaves
        // the server. `ferry explain` shows the whole reason.
        body += fmt::format("  {} {} since {}: {}\n", printable(record.key.str()),
                            sdk::to_string(record.state), date_of(record.updated),
                            printable(record.error_code));
    }
    body += fmt::format(
        "\nDetails: `ferry status`, `ferry explain DOCUMENT`, `ferry report gaps`"
        " on the Ferry server (pipeline {}).\n",
        pipeline);

    std::size_t rejected = 0;
    for (const sdk::LedgerRecord& record : failing)
        rejected += record.state == sdk::State::rejected;
    Mail mail;
    mail.subject =
        fmt::format("Ferry {}: {}{} rejected, {} retrying, {} missing number(s)", pipeline,
                    daily ? "daily report, " : "", rejected, failing.size() - rejected, missing);
    mail.body = std::move(body);
    return mail;
}

Notifier::Notifier(NotifySettings settings, TimeZone zone, EventLog& log, std::string pipeline)
    : settings_(std::move(settings)),
      zone_(std::move(zone)),
      log_(log),
      pipeline_(std::move(pipeline)) {}

std::string Notifier::today() const {
    using namespace std::chrono;
    auto local = zone_.to_local(floor<seconds>(system_clock::now()));
    return sdk::Date::from_sys_days(sys_days{floor<days>(local).time_since_epoch()}).to_string();
}

std::string Notifier::last_daily() const {
    std::ifstream in(settings_.state_file);
    std::string date;
    std::getline(in, date);
    return date;
}

// Written beside and renamed over, so a crash leaves the old date or the new one.
void Notifier::remember_daily(const std::string& date) {
    std::string temporary = settings_.state_file.string() + ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool written = fd >= 0 &&
                   ::write(fd, (date + "\n").data(), date.size() + 1) ==
                       static_cast<ssize_t>(date.size() + 1) &&
                   ::fsync(fd) == 0;
    if (fd >= 0)
        ::close(fd);
    if (!written || ::rename(temporary.c_str(), settings_.state_file.c_str()) != 0)
        log_.error(pipeline_, "notify.state_failed",
                   "cannot write " + settings_.state_file.string() +
                       "; the daily mail may be sent again after a restart");
}

void Notifier::after_pass(const PipelineParts& parts, const PassSummary& summary) {
    std::string date = today();
    bool daily = last_daily() != date;
    if (!daily && summary.rejected == 0)
        return;
    try {
        Mail mail = compose_report(pipeline_, parts, daily, summary.rejected);
        send_mail(settings_.smtp, mail);
        log_.info(
            pipeline_, "notify.sent",
            fmt::format("mail to {} recipient(s): {}", settings_.smtp.to.size(), mail.subject));
        if (daily)
            remember_daily(date);
    } catch (const std::exception& e) {
        log_.error(pipeline_, "notify.failed", e.what());
    }
}

}  // namespace ferry
