#include "economic_source.hpp"

#include <chrono>
#include <cstdio>

namespace ferry::economic {

namespace {

sdk::Problem problem_of(const ApiFailure& failure, const std::string& cvr) {
    const std::string where = "company " + cvr + ": ";
    switch (failure.kind()) {
        case ApiFailure::Kind::unauthorized:
            return {"economic.unauthorized",
                    where + failure.what() +
                        "; check app_secret_token and the company's agreement_grant_token"};
        case ApiFailure::Kind::not_found:
            return {"economic.period_gone", where + failure.what()};
        case ApiFailure::Kind::stopped:
            return {"economic.stopped", where + "the host is stopping"};
        case ApiFailure::Kind::rejected:
        case ApiFailure::Kind::transient:
            break;
    }
    return {"economic.unavailable", where + failure.what() + "; Ferry tries again"};
}

}  // namespace

std::string period_number(const std::string& year, int period) {
    char number[8];
    std::snprintf(number, sizeof number, "%02d", period);
    return year_in_path(year) + "-" + number;
}

EconomicSource::EconomicSource(SourceConfig config, sdk::HostServices& host,
                               std::unique_ptr<HttpClient> http)
    : config_(std::move(config)), host_(host), http_(std::move(http)) {
    if (!http_)
        http_ = make_http_client(config_.base_url, config_.request_timeout.span());
    for (const LedgerCompany& company : config_.companies)
        companies_.emplace(company.cvr, std::make_unique<Company>(company, config_, *http_, host_));
}

// One request at a time: a reader has nothing to overlap. The budget is the agreement's, paced
// by X-RateLimiting as sink-economic paces it.
EconomicSource::Company::Company(LedgerCompany company, const SourceConfig& source,
                                 HttpClient& http, sdk::HostServices& host)
    : config(std::move(company)),
      budget(1, host),
      api(http, budget, host, source.api_settings(config.agreement_grant_token, "source"),
          config.cvr) {}

CompanyChart EconomicSource::Company::chart_of_pass() {
    std::lock_guard lock(chart_mutex_);
    if (!chart_)
        chart_ = read_chart(api);
    return *chart_;
}

void EconomicSource::Company::forget_chart() {
    std::lock_guard lock(chart_mutex_);
    chart_.reset();
}

EconomicSource::Company* EconomicSource::company_for(const std::string& cvr) {
    auto found = companies_.find(cvr);
    return found == companies_.end() ? nullptr : found->second.get();
}

void EconomicSource::list(sdk::ListingVisitor& out) {
    for (auto& [cvr, company] : companies_) {
        company->forget_chart();
        try {
            for (const LedgerPeriod& period :
                 periods_with_entries(company->api, company->config.since)) {
                sdk::DocumentRef ref;
                ref.key = {cvr, sdk::DocumentKind::accounting_period,
                           period_number(period.year, period.number)};
                ref.date = period.to;
                ref.fingerprint = period.fingerprint;
                ref.location = period.year + "\n" + std::to_string(period.number);
                out.document(std::move(ref));
            }
        } catch (const ApiFailure& failure) {
            // The other companies are listed still; this one's periods wait for the next pass.
            out.problem(problem_of(failure, cvr));
        }
    }
}

sdk::ReadOutcome EconomicSource::read(const sdk::DocumentRef& ref) {
    Company* company = company_for(ref.key.company);
    auto newline = ref.location.find('\n');
    if (!company || newline == std::string::npos)
        return sdk::ReadOutcome::rejected(
            {"economic.period_unknown",
             "document " + ref.key.str() + ": no company " + ref.key.company +
                 " among the source's companies, or a ledger record from another source"});
    const std::string year = ref.location.substr(0, newline);
    const int number = std::stoi(ref.location.substr(newline + 1));
    auto started = std::chrono::steady_clock::now();
    try {
        sdk::Document document;
        document.key = ref.key;
        document.issue_date = ref.date;
        document.accounting_period = read_period(company->api, company->chart_of_pass(), year,
                                                 number, company->config.base_currency);
        auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f", took.count());
        // As budget123 reports an update: how many entries were fetched and how long it took.
        host_.log(sdk::LogLevel::info, ref.key, "economic.period_read",
                  std::to_string(document.accounting_period->entries.size()) +
                      " entries of period " + year + "/" + std::to_string(number) + " read in " +
                      seconds + " s");
        host_.count("source_entries_read_total", {{"company", ref.key.company}},
                    static_cast<double>(document.accounting_period->entries.size()));
        return sdk::ReadOutcome::read(std::move(document));
    } catch (const ApiFailure& failure) {
        sdk::Problem problem = problem_of(failure, ref.key.company);
        if (failure.kind() == ApiFailure::Kind::not_found)
            return sdk::ReadOutcome::rejected(
                {problem.code, "document " + ref.key.str() + ": e-conomic no longer has period " +
                                   year + "/" + std::to_string(number)});
        return sdk::ReadOutcome::retry_later(problem, failure.retry_after());
    }
}

}  // namespace ferry::economic
