#include "closed_periods.hpp"

namespace ferry::economic {

namespace {

constexpr const char* period_refused_code = "E04041";

bool is_date_property(const std::string& property) {
    return property.empty() || property == "date" || property == "Date";
}

std::string why_refused(const PeriodSpan& span) {
    switch (span.kind) {
        case PeriodSpan::Kind::no_year:
            return "outside every accounting year: " + describe(span);
        case PeriodSpan::Kind::year:
            return "in " + describe(span) + ", which is closed";
        case PeriodSpan::Kind::period:
            break;
    }
    if (span.refused_while_shown_open)
        return "in " + describe(span) +
               ", which e-conomic refuses as barred (\"Perioden er spærret\") though it lists "
               "the period as open";
    return "in " + describe(span) + ", which is closed";
}

std::string what_to_do(const PeriodSpan& span, const CompanyConfig& company, bool no_open_date) {
    std::string reopen = span.kind == PeriodSpan::Kind::no_year
                             ? "create the accounting year in e-conomic"
                             : "reopen (unbar) the period in e-conomic's accounting years";
    if (no_open_date)
        return "; closed_period is first_open_date, but e-conomic has no open date after it: " +
               reopen + " or create the next accounting year, then `ferry retry` the document";
    if (company.defaults.closed_period == ClosedPeriodChoice::first_open_date)
        return "; `ferry retry` the document to book it on the first open date, or " + reopen +
               " first to keep its own date";
    return "; " + reopen + ", then `ferry retry` the document, or set defaults.closed_period: " +
           "first_open_date for company " + company.cvr +
           " to book such documents on the first open date";
}

}  // namespace

bool is_period_refusal(const ApiFailure& failure) {
    if (failure.kind() != ApiFailure::Kind::rejected)
        return false;
    for (const ErrorCode& error : failure.error_codes())
        if (error.code == period_refused_code && is_date_property(error.property))
            return true;
    return false;
}

sdk::Delivery period_closed(const sdk::DocumentKey& document, sdk::Date date,
                            const PeriodSpan& span, const CompanyConfig& company,
                            const sdk::TargetRefs& target, bool no_open_date) {
    std::string left;
    if (auto draft = target.find(sdk::target_key::draft);
        draft != target.end() && draft->second.find_first_not_of("0123456789") == std::string::npos)
        left = "; draft " + draft->second + " is left unbooked in e-conomic";
    return sdk::Delivery::rejected(
        {"economic.period_closed", "document " + document.str() + ": dated " + date.to_string() +
                                       ", " + why_refused(span) + " in e-conomic company " +
                                       company.cvr + left +
                                       what_to_do(span, company, no_open_date)},
        target);
}

}  // namespace ferry::economic
