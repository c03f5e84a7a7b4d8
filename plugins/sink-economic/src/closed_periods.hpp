// Documents dated where e-conomic books nothing: a closed or barred accounting period, a closed
// year, or no accounting year at all. e-conomic answers 400 with E04041 "Perioden er spærret.";
// Ferry rejects the document naming the period, or, when the company chose first_open_date,
// books it on the first date e-conomic accepts.
#pragma once

#include <string>

#include "accounting_calendar.hpp"
#include "economic_api.hpp"
#include "ferry/sdk/document.hpp"
#include "ferry/sdk/sink.hpp"
#include "settings.hpp"

namespace ferry::economic {

// e-conomic's refusal of a date (E04041 on the date, or on no property). The same code on
// another property (a journal's account) means something else.
bool is_period_refusal(const ApiFailure& failure);

// economic.period_closed: which document, its date, the span, and what to do. `target` names a
// draft left unbooked; `no_open_date` says first_open_date found no later open date.
sdk::Delivery period_closed(const sdk::DocumentKey& document, sdk::Date date,
                            const PeriodSpan& span, const CompanyConfig& company,
                            const sdk::TargetRefs& target, bool no_open_date = false);

}  // namespace ferry::economic
