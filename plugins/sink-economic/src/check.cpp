#include "check.hpp"

namespace ferry::economic {

std::vector<sdk::Problem> check_company(Company& company) {
    const CompanyConfig& config = company.config();
    const CompanyDefaults& defaults = config.defaults;
    const std::string prefix = "company " + config.cvr + ": ";
    std::vector<sdk::Problem> problems;
    auto missing = [&](const std::string& code, const std::string& what, const std::string& fix) {
        problems.push_back({"economic.check." + code, prefix + what +
                                                          " does not exist in "
                                                          "e-conomic; " +
                                                          fix});
    };

    ReferenceData data;
    try {
        data = read_reference_data(company.api(), defaults.departments);
    } catch (const ApiFailure& failure) {
        if (failure.kind() == ApiFailure::Kind::unauthorized)
            problems.push_back(
                {"economic.check.unauthorized",
                 prefix + "e-conomic refused the tokens (HTTP " + std::to_string(failure.status()) +
                     ": " + failure.what() +
                     "); check agreement_grant_token and app_secret_token, and that the app's "
                     "grant was not revoked and has the SuperUser role (Departments needs its "
                     "module)"});
        else
            problems.push_back(
                {"economic.check.unreachable",
                 prefix + "cannot read e-conomic's reference data: " + failure.what()});
        return problems;
    }

    auto group = data.customer_groups.find(defaults.customer_group);
    if (group == data.customer_groups.end())
        missing("customer_group", "customer group " + std::to_string(defaults.customer_group),
                "create it or set defaults.customer_group");
    if (!data.product_groups.count(defaults.product_group))
        missing("product_group", "product group " + std::to_string(defaults.product_group),
                "create it or set defaults.product_group");
    if (!data.product_groups.count(defaults.vat_free_product_group))
        missing("vat_free_product_group",
                "VAT-free product group " + std::to_string(defaults.vat_free_product_group),
                "create it or set defaults.vat_free_product_group");
    if (!data.terms_named(defaults.payment_terms))
        missing("payment_terms", "payment terms named '" + defaults.payment_terms + "'",
                "create them or set defaults.payment_terms");
    if (defaults.layout) {
        if (!data.layouts.count(*defaults.layout))
            missing("layout", "layout " + std::to_string(*defaults.layout),
                    "choose an existing layout in defaults.layout");
    } else if (group != data.customer_groups.end()) {
        if (!group->second)
            problems.push_back({"economic.check.layout",
                                prefix + "customer group " + std::to_string(group->first) +
                                    " has no layout; set defaults.layout"});
        else if (!data.layouts.count(*group->second))
            missing("layout",
                    "layout " + std::to_string(*group->second) + " of customer group " +
                        std::to_string(group->first),
                    "give the customer group an existing layout or set defaults.layout");
    }
    for (auto [name, zone] : {std::pair{"vat_zone_domestic", defaults.vat_zone_domestic},
                              std::pair{"vat_zone_eu", defaults.vat_zone_eu},
                              std::pair{"vat_zone_abroad", defaults.vat_zone_abroad}})
        if (!data.vat_zones.count(zone))
            missing("vat_zone", "VAT zone " + std::to_string(zone) + " (" + name + ")",
                    std::string("set defaults.") + name + " to a customer VAT zone");
    if (defaults.departments &&
        !data.departmental_distributions.count(defaults.department_fallback))
        missing("department_fallback",
                "departmental distribution " + std::to_string(defaults.department_fallback),
                "create it or set defaults.department_fallback");
    return problems;
}

}  // namespace ferry::economic
