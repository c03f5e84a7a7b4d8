// source-economic: each company's posted ledger, one document per accounting period that holds
// entries (kind accounting-period, key CVR/accounting-period/YEAR-PP). Listing asks e-conomic
// one cheap question per period, the count and the newest number of its entries, so a period
// is read whole only when something was posted into it since it was delivered.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "economic_api.hpp"
#include "ferry/sdk/source.hpp"
#include "ledger_reader.hpp"
#include "settings.hpp"

namespace ferry::economic {

class EconomicSource final : public sdk::Source {
  public:
    EconomicSource(SourceConfig config, sdk::HostServices& host,
                   std::unique_ptr<HttpClient> http = nullptr);

    void list(sdk::ListingVisitor& out) override;
    sdk::ReadOutcome read(const sdk::DocumentRef& ref) override;

  private:
    struct Company {
        Company(LedgerCompany company, const SourceConfig& source, HttpClient& http,
                sdk::HostServices& host);
        LedgerCompany config;
        RateBudget budget;
        EconomicApi api;

        // The chart every period of the pass is read with, read by the pass's first read (three
        // requests, not three a period); list() forgets it, so a change reaches the next pass.
        CompanyChart chart_of_pass();
        void forget_chart();

      private:
        std::mutex chart_mutex_;
        std::optional<CompanyChart> chart_;
    };
    Company* company_for(const std::string& cvr);

    SourceConfig config_;
    sdk::HostServices& host_;
    std::unique_ptr<HttpClient> http_;
    std::map<std::string, std::unique_ptr<Company>> companies_;
};

// "2025/2026", 3 → "2025_6_2026-03": a document number without the slash keys cannot hold.
std::string period_number(const std::string& year, int period);

}  // namespace ferry::economic
