#include "check.hpp"

#include "amounts.hpp"
#include "ferry/sdk/date.hpp"

namespace ferry::fortnox {

std::vector<sdk::Problem> check_tenant(Tenant& tenant, const SinkConfig& sink,
                                       sdk::HostServices& host) {
    std::vector<sdk::Problem> problems;
    const std::string company = "Fortnox company " + tenant.config.organisation_number;
    try {
        tenant.authorization.access_token();
    } catch (const AuthorizationError& error) {
        problems.push_back(error.problem());
        return problems;
    } catch (const sdk::Error& error) {
        problems.push_back(error.problem());
        return problems;
    }
    try {
        Json info =
            tenant.api.get("/companyinformation").value("CompanyInformation", Json::object());
        const std::string holder =
            normalised_organisation_number(text_at(info, "OrganizationNumber"));
        if (holder != tenant.config.organisation_number)
            problems.push_back({"fortnox.check.wrong_company",
                                company + ": the token in " + tenant.config.token_file +
                                    " opens the Fortnox company with organisation number " +
                                    dashed_organisation_number(holder) +
                                    "; move that file away and authorise Ferry as a user of " +
                                    tenant.config.organisation_number + " (" +
                                    tenant.authorization.authorize_url() + ")"});
        const std::pair<const char*, std::int64_t> accounts[] = {
            {"accounts.vat_25", sink.accounts.vat_25},
            {"accounts.vat_12", sink.accounts.vat_12},
            {"accounts.vat_6", sink.accounts.vat_6},
            {"accounts.exempt", sink.accounts.exempt}};
        for (const auto& [setting, number] : accounts) {
            auto account = tenant.api.get_if_found("/accounts/" + std::to_string(number));
            if (!account)
                problems.push_back({"fortnox.check.account_missing",
                                    company + ": account " + std::to_string(number) + " (" +
                                        setting +
                                        ") is not in its chart of accounts; add it in Fortnox "
                                        "or set " +
                                        setting + " to the account to use"});
            else if (!flag_at(account->value("Account", Json::object()), "Active") &&
                     account->value("Account", Json::object()).contains("Active"))
                problems.push_back({"fortnox.check.account_inactive",
                                    company + ": account " + std::to_string(number) + " (" +
                                        setting + ") is inactive; activate it in Fortnox"});
        }
        const auto today = std::chrono::floor<std::chrono::days>(host.now());
        const std::chrono::year_month_day day{today};
        const sdk::Date date{static_cast<int>(day.year()),
                             static_cast<int>(static_cast<unsigned>(day.month())),
                             static_cast<int>(static_cast<unsigned>(day.day()))};
        Json years = tenant.api.get("/financialyears?date=" + date.to_string())
                         .value("FinancialYears", Json::array());
        if (sink.books(tenant.config) && years.empty())
            problems.push_back({"fortnox.check.no_financial_year",
                                company + ": no financial year holds today (" + date.to_string() +
                                    "), so invoices dated today cannot be booked; add the year "
                                    "in Fortnox (Inställningar > Bokföring > Räkenskapsår)"});
    } catch (const ApiFailure& failure) {
        problems.push_back({failure.kind() == ApiFailure::Kind::forbidden
                                ? "fortnox.check.forbidden"
                                : "fortnox.check.unavailable",
                            company + ": " + failure.what()});
    } catch (const sdk::Error& error) {
        problems.push_back(error.problem());
    }
    return problems;
}

}  // namespace ferry::fortnox
