// The plugin's settings bound to its configuration: the binding is the table the host validates
// pipeline files against, and the member initializers below are the defaults, written once.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "connection_settings.hpp"
#include "ferry/sdk/date.hpp"
#include "ferry/sdk/decimal.hpp"
#include "ferry/sdk/settings_binding.hpp"

namespace ferry::economic {

enum class PatientReference { cpr, none };

// What to do with a document dated where e-conomic books nothing (a closed or barred period).
enum class ClosedPeriodChoice { reject, first_open_date };

// The e-conomic product a kind of line is sold as (a CSV export's line kind "Timer" → "1").
struct ProductNumber {
    std::string line_kind;  // the line's item id
    std::string product;
};

// How documents are booked in one company; each company may override the sink's defaults.
struct CompanyDefaults {
    std::int64_t customer_group = 100;
    std::int64_t product_group = 100;
    std::int64_t vat_free_product_group = 4;
    std::string payment_terms = "Standard";
    std::optional<std::int64_t> layout;  // none: the customer group's layout
    std::int64_t vat_zone_domestic = 1;
    std::int64_t vat_zone_eu = 2;
    std::int64_t vat_zone_abroad = 3;
    bool departments = false;
    std::int64_t department_fallback = 10000;
    // Where NOVAX prints the provider number is not known yet: the document's wins when present.
    std::optional<std::int64_t> provider_number;
    bool book = true;
    PatientReference patient_reference = PatientReference::cpr;
    std::string rounding_product = "FERRY-AFRUNDING";
    // Per-line and per-rate VAT rounding part by at most 0.005 per line or rate; 0.05 covers a
    // long invoice while a wrong VAT rate on any real line (25 % of 1.00) is larger and rejects.
    sdk::Decimal rounding_limit = sdk::Decimal::parse("0.05").value();
    ClosedPeriodChoice closed_period = ClosedPeriodChoice::reject;
    // Empty: a line's item id is its product number. Given: every line's kind must be listed.
    std::vector<ProductNumber> product_numbers;

    // The product number mapped to `line_kind`, if product_numbers lists it.
    const std::string* product_for(const std::string& line_kind) const {
        for (const ProductNumber& mapping : product_numbers)
            if (mapping.line_kind == line_kind)
                return &mapping.product;
        return nullptr;
    }
};

struct CompanyConfig {
    std::string cvr;
    std::string agreement_grant_token;
    std::optional<sdk::Date> first_date;
    bool inactive = false;
    CompanyDefaults defaults;
};

struct SinkConfig : ApiConnection {
    std::vector<CompanyConfig> companies;
    CompanyDefaults defaults;  // of every company, unless it overrides them
    int max_parallel_requests = 8;
    sdk::Duration unauthorized_pause = sdk::Duration::minutes(15);
    sdk::Duration index_fresh = sdk::Duration::seconds(60);

    // The customer, product and period indexes keep whole seconds.
    std::chrono::seconds index_fresh_for() const {
        return std::chrono::duration_cast<std::chrono::seconds>(index_fresh.span());
    }
};

const sdk::SettingsBinding<SinkConfig>& settings_binding();
const sdk::SettingsTable& settings_table();

// Rules between settings, checked by `ferry validate` without any request: each company once,
// a department fallback only where departments are used.
std::vector<sdk::SettingsProblem> check_settings(const sdk::Settings& settings);

// Binds validated settings, each company's defaults over the sink-wide ones.
SinkConfig read_config(const sdk::Settings& settings);

}  // namespace ferry::economic
