// Accounting years and their periods: what the agreement may book into. e-conomic refuses a
// draft or a booking dated in a closed or barred period ("Perioden er spærret.", E04041).
#pragma once

#include "api.hpp"
#include "error_bodies.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace economic_emulator {

// Calendar years with monthly periods, all open, wide enough for every sample document's date.
void seed_accounting_years(Agreement& agreement);

// Records E04041 on `date` when the invoice is dated in a closed or barred year or period, or
// outside every accounting year.
void check_date_bookable(const nlohmann::json& invoice, const Agreement& agreement,
                         ValidationErrors& errors);

// The emulator's own POST /__emulator/agreements/{grant}/accounting-years: closes, bars or
// reopens a year or one of its periods, e.g. {"year":"2025","period":3,"closed":true}.
Reply change_accounting_period(Agreement& agreement, const std::string& body);

}  // namespace economic_emulator
