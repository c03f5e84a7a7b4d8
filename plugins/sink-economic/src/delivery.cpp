#include "delivery.hpp"

#include <cstdio>

#include "barred.hpp"
#include "closed_periods.hpp"
#include "customer_records.hpp"
#include "draft_mapping.hpp"
#include "preparation.hpp"
#include "recovery.hpp"

namespace ferry::economic {

using sdk::Delivery;
using sdk::LogLevel;
using sdk::Problem;

namespace {

constexpr std::size_t max_reference = 250;
// Periods e-conomic refuses though it lists them open are found one refusal at a time; a year
// of them is as far as first_open_date goes in one delivery.
constexpr int max_redates = 12;

Delivery with_amounts(Delivery delivery, const std::optional<Amounts>& amounts) {
    if (amounts)
        delivery.net = amounts->net, delivery.vat = amounts->vat, delivery.gross = amounts->gross;
    return delivery;
}

std::int64_t number_in(const Json& answer, const char* field, const std::string& what) {
    if (auto number = integer_at(answer, field))
        return *number;
    throw ApiFailure(ApiFailure::Kind::transient, 200,
                     "e-conomic answered " + what + " without " + field);
}

// The document states its due date, and the company lacked terms that keep it.
PaymentTerms due_date_terms_of(Company& company, const std::string& idempotency_base) {
    return company.terms_of_type(due_date_terms, [&] {
        Json created = company.api().post(
            "/payment-terms",
            {{"name", due_date_terms.name}, {"paymentTermsType", due_date_terms.type}},
            idempotency_base + ":payment-terms");
        PaymentTerms made = due_date_terms;
        made.number = number_in(created, "paymentTermsNumber", "the new payment terms");
        return made;
    });
}

Delivery refused_as_barred(const Barred& barred, Company& company, const sdk::DocumentKey& document,
                           const sdk::TargetRefs& target) {
    // Whoever unbars it must be seen by the retry, not a remembered list.
    company.forget_learned();
    return Delivery::rejected({barred.code(), "document " + document.str() + ": " + barred.what()},
                              target);
}

std::vector<std::string> product_numbers_of(const std::vector<DraftLine>& lines) {
    std::vector<std::string> numbers;
    for (const DraftLine& line : lines)
        numbers.push_back(line.product_number);
    return numbers;
}

// A PUT replaces the draft's lines, so sending it again never adds a second rounding line. Keyed
// per attempt: a replayed answer would show the totals e-conomic computed with the products as
// they were, so a retry after correcting a product group would meet the same rejection.
Json put_draft(EconomicApi& api, std::int64_t number, const Json& body, const std::string& key,
               const std::string& attempt) {
    return api.put("/invoices/drafts/" + std::to_string(number), body,
                   key + ":" + short_hash(dump_exact(body) + "\n" + attempt));
}

// Recorded as the draft when e-conomic refused to create it for its date.
constexpr const char* refused_draft = "refused";

bool known_refused(const sdk::TargetRefs& known) {
    auto draft = known.find(sdk::target_key::draft);
    return draft != known.end() && draft->second == refused_draft;
}

// An unreadable calendar must not hide the refusal itself.
PeriodSpan span_refused(Company& company, sdk::Date date) {
    try {
        return company.calendar().refused(date);
    } catch (const ApiFailure&) {
        return {PeriodSpan::Kind::period,
                "an accounting period e-conomic did not name",
                date,
                date,
                true,
                false};
    }
}

void log_redated(sdk::HostServices& host, const sdk::Document& document, sdk::Date booking_date,
                 const PeriodSpan& span, sdk::TargetRefs& target) {
    target["date"] = booking_date.to_string();  // so the ledger's history says so
    host.log(LogLevel::info, document.key, "economic.period_closed.redated",
             "dated " + document.issue_date.to_string() + " in " + describe(span) +
                 ", where e-conomic books nothing; dated " + booking_date.to_string() +
                 " instead, the first open date (closed_period: first_open_date), with its own "
                 "date in the invoice notes");
}

Delivery totals_mismatch(const sdk::DocumentKey& document, const std::string& differences,
                         const sdk::TargetRefs& target, const CompanyDefaults& defaults) {
    const std::string& draft = target.at(sdk::target_key::draft);
    return Delivery::rejected(
        {"economic.totals_mismatch",
         "document " + document.str() + ": e-conomic computed other totals than the document (" +
             differences + "), more than the rounding_limit of " +
             defaults.rounding_limit.to_string() + " a rounding line corrects; draft " + draft +
             " is left unbooked in e-conomic. The products' groups and the customer's VAT zone "
             "decide e-conomic's VAT: correct them in e-conomic, then `ferry retry` the document "
             "(it sends the draft again to be priced anew); or book draft " +
             draft + " by hand, then `ferry skip` the document"},
        target);
}

// The invoice goes on the customer its prerequisite was delivered as or linked to, addressed
// and VAT-zoned as e-conomic keeps that customer. Throws Barred, ApiFailure.
std::optional<Delivery> use_prerequisite_customer(Company& company, const sdk::Document& document,
                                                  const std::string& recorded,
                                                  DraftContext& context) {
    const std::string name = "document " + document.key.str();
    bool digits = !recorded.empty() && recorded.size() <= 9 &&
                  recorded.find_first_not_of("0123456789") == std::string::npos;
    std::int64_t number = digits ? std::stoll(recorded) : 0;
    if (number == 0)
        return Delivery::rejected(
            {"economic.customer.prerequisite",
             name + ": the ledger records its customer as '" + recorded +
                 "', which is no e-conomic customer number; link the customer again with `ferry "
                 "link customers`, then `ferry retry` the document"});
    auto customer = company.api().find("/customers/" + std::to_string(number));
    if (!customer)
        return Delivery::rejected(
            {"economic.customer.gone",
             name + ": its customer was delivered as or linked to e-conomic customer " + recorded +
                 ", which company " + company.config().cvr +
                 " no longer has; link the customer again with `ferry link customers`, then "
                 "`ferry retry` the document"});
    if (customer->value("barred", false))
        throw barred_customer(number);
    std::int64_t vat_zone = context.vat_zone;
    if (auto zone = customer->find("vatZone"); zone != customer->end() && zone->is_object())
        vat_zone = integer_at(*zone, "vatZoneNumber").value_or(vat_zone);
    context.customer_number = number;
    context.vat_zone = vat_zone;
    context.recipient = recipient_of_customer(*customer, vat_zone);
    return std::nullopt;
}

}  // namespace

std::string short_hash(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text)
        hash = (hash ^ c) * 1099511628211ull;
    char hex[20];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

Delivery failure_outcome(const ApiFailure& failure, Company& company,
                         const sdk::DocumentKey& document, const std::string& step,
                         const sdk::TargetRefs& target) {
    const std::string& cvr = company.config().cvr;
    switch (failure.kind()) {
        case ApiFailure::Kind::rejected:
            company.forget_learned();
            return Delivery::rejected(
                {"economic.rejected",
                 "document " + document.str() + ": e-conomic refused " + step + " (HTTP " +
                     std::to_string(failure.status()) + "): " + failure.what() +
                     ". Correct the document or the company's settings, then `ferry retry` it"},
                target);
        case ApiFailure::Kind::unauthorized: {
            std::string reason =
                "company " + cvr + ": e-conomic refused the tokens (HTTP " +
                std::to_string(failure.status()) + ": " + failure.what() +
                "). Check the company's agreement_grant_token and app_secret_token, and that the "
                "app's grant was not revoked in e-conomic (a new grant gives a new token); "
                "deliveries to this company pause for " +
                std::to_string(company.block_duration().count()) + " minutes";
            company.block(reason);
            return Delivery::retry_later({"economic.unauthorized", reason},
                                         company.block_duration());
        }
        case ApiFailure::Kind::stopped:
            return Delivery::retry_later({"economic.stopped", "stopped while " + step});
        case ApiFailure::Kind::not_found:
        case ApiFailure::Kind::transient:
            break;
    }
    return Delivery::retry_later(
        {"economic.unavailable", "document " + document.str() + ": e-conomic did not complete " +
                                     step + ": " + failure.what() + "; will try again"},
        failure.retry_after());
}

Delivery deliver_document(Company& company, const sdk::DeliveryRequest& request,
                          sdk::HostServices& host) {
    const sdk::Document& document = request.document;
    const CompanyDefaults& defaults = company.config().defaults;
    const std::string& reference = request.reference;
    // A resent document's requests must not be answered from e-conomic's cache of the first
    // delivery's (the draft a person deleted); the stored reference stays the same.
    const std::string keys = request.generation == 0
                                 ? reference
                                 : reference + ":generation-" + std::to_string(request.generation);
    EconomicApi& api = company.api();

    if (reference.size() > max_reference)
        return Delivery::rejected(
            {"economic.reference_too_long", "document " + document.key.str() +
                                                ": its reference is longer than e-conomic's 250 "
                                                "characters; shorten the pipeline name"});
    auto lines = map_lines(document, defaults);
    if (!lines)
        return Delivery::rejected(lines.problem());

    sdk::TargetRefs target;
    DraftContext context;
    sdk::Date booking_date = document.issue_date;
    const bool redate = defaults.closed_period == ClosedPeriodChoice::first_open_date;
    std::string step = "the look-up of earlier attempts";
    try {
        std::optional<std::int64_t> draft_number;
        // Nothing was ever sent for a document the ledger knows nothing about (the "draft"
        // entry is recorded before the draft is requested), so only then are look-ups skipped.
        if (!request.known.empty()) {
            if (auto booked = booked_invoice(api, reference)) {
                target[sdk::target_key::booked] =
                    std::to_string(number_in(*booked, "bookedInvoiceNumber", "a look-up"));
                host.log(LogLevel::info, document.key, "economic.already_booked",
                         "booked invoice " + target[sdk::target_key::booked] +
                             " already carries the reference");
                return with_amounts(Delivery::delivered(target), amounts_of(*booked));
            }
            if (auto draft = draft_invoice(api, reference))
                draft_number = number_in(*draft, "draftInvoiceNumber", "a look-up");
        }

        step = "reading the accounting periods";
        if (redate) {
            auto open = company.calendar().first_open_date(document.issue_date);
            PeriodSpan span = company.calendar().span_of(document.issue_date);
            if (!open)
                return period_closed(document.key, document.issue_date, span, company.config(),
                                     target, true);
            booking_date = *open;
            if (booking_date != document.issue_date)
                log_redated(host, document, booking_date, span, target);
        } else if (auto closed = company.calendar().known_closed(document.issue_date)) {
            return period_closed(document.key, document.issue_date, *closed, company.config(),
                                 target);
        }

        step = "reading reference data";
        std::shared_ptr<const ReferenceData> shared_data = company.reference_data();
        auto prepared = prepare(company.config(), document, lines.value(), *shared_data);
        if (!prepared)
            return Delivery::rejected(prepared.problem());
        const Preparation& preparation = prepared.value();
        context = preparation.context;
        context.reference = reference;
        if (!preparation.payment_terms)
            context.payment_terms = due_date_terms_of(company, keys);
        if (booking_date != document.issue_date)
            context.booking_date = booking_date;

        step = "finding or creating the customer";
        if (auto prerequisite = prerequisite_customer(request)) {
            step = "reading the invoice's customer";
            auto refused = use_prerequisite_customer(company, document, *prerequisite, context);
            if (refused)
                return *refused;
        } else if (preparation.collective_customer)
            context.customer_number = company.customers().collective(
                *preparation.collective_customer, preparation.customer_terms, keys + ":customer");
        else
            context.customer_number = company.customers().business(
                document.customer, preparation.customer_terms, keys + ":customer");

        step = "creating missing products";
        for (const DraftLine& line : lines.value())
            company.products().ensure(line, keys);

        const std::string attempt = std::to_string(host.now().time_since_epoch().count());
        Json draft;
        for (int redated = 0;; ++redated) {
            Json body = draft_body(document, lines.value(), context);
            try {
                if (draft_number) {
                    step = "updating draft " + std::to_string(*draft_number);
                    draft = put_draft(api, *draft_number, body, keys + ":draft-update", attempt);
                } else {
                    // e-conomic replays a refusal for the key's hour: after a recorded date
                    // refusal the look-ups above found no draft, so a new key is safe.
                    std::string key = keys + ":draft:" + short_hash(dump_exact(body));
                    if (known_refused(request.known))
                        key += ":" + short_hash(attempt);
                    request.progress({{sdk::target_key::draft, "requested"}});
                    step = "creating the draft";
                    draft = api.post("/invoices/drafts", body, key);
                }
                break;
            } catch (const ApiFailure& failure) {
                // A period e-conomic refuses though it lists it open: the next open date.
                if (!redate || redated == max_redates || !is_period_refusal(failure))
                    throw;
                PeriodSpan span = company.calendar().refused(booking_date);
                auto open = company.calendar().first_open_date(booking_date);
                if (!open)
                    return period_closed(document.key, booking_date, span, company.config(), target,
                                         true);
                booking_date = *open;
                context.booking_date = booking_date;
                log_redated(host, document, booking_date, span, target);
            }
        }
        draft_number = number_in(draft, "draftInvoiceNumber", step);
        target[sdk::target_key::draft] = std::to_string(*draft_number);
        request.progress(target);
        host.log(LogLevel::info, document.key, "economic.draft",
                 "draft " + target[sdk::target_key::draft]);

        const Amounts expected = expected_amounts(document);
        auto computed = amounts_of(draft);
        if (!computed)
            return totals_mismatch(document.key, "e-conomic returned no totals", target, defaults);
        sdk::Decimal rounding = expected.gross - computed->gross;
        if (!rounding.is_zero() && rounding.abs() <= defaults.rounding_limit) {
            step = "adding a rounding line to draft " + target[sdk::target_key::draft];
            std::vector<DraftLine> rounded = lines.value();
            rounded.push_back(rounding_line(rounding, defaults));
            company.products().ensure(rounded.back(), keys);
            sdk::Decimal economic_gross = computed->gross;
            draft = put_draft(api, *draft_number, draft_body(document, rounded, context),
                              keys + ":draft-rounding", attempt);
            computed = amounts_of(draft);
            if (!computed)
                return totals_mismatch(document.key, "e-conomic returned no totals", target,
                                       defaults);
            computed->net -= rounding;  // the rounding line is not part of the document's net
            target["rounding_line"] = rounding.to_string();  // so the ledger's history says so
            host.log(LogLevel::info, document.key, "economic.rounding_line",
                     "rounding line of " + rounding.to_string() + " on draft " +
                         target[sdk::target_key::draft] + ": e-conomic rounded VAT to a gross of " +
                         economic_gross.to_string() + ", the document asks for " +
                         expected.gross.to_string());
        }
        std::string differences = compare_amounts(expected, *computed, defaults.rounding_limit);
        if (!differences.empty())
            return totals_mismatch(document.key, differences, target, defaults);
        if (!defaults.book)
            return with_amounts(Delivery::delivered(target), computed);

        step = "booking draft " + target[sdk::target_key::draft];
        Json booked;
        try {
            booked = api.post("/invoices/booked",
                              {{"draftInvoice", {{"draftInvoiceNumber", *draft_number}}}},
                              keys + ":book:" + target[sdk::target_key::draft]);
        } catch (const ApiFailure& failure) {
            // The booking may have happened with its answer lost: only the look-up can tell.
            if (failure.kind() != ApiFailure::Kind::rejected &&
                failure.kind() != ApiFailure::Kind::transient)
                throw;
            auto found = booked_invoice(api, reference);
            if (!found)
                throw;
            booked = std::move(*found);
        }
        target[sdk::target_key::booked] =
            std::to_string(number_in(booked, "bookedInvoiceNumber", step));
        host.log(LogLevel::info, document.key, "economic.booked",
                 "booked invoice " + target[sdk::target_key::booked] + " from draft " +
                     target[sdk::target_key::draft]);
        return with_amounts(Delivery::delivered(target), amounts_of(booked).value_or(*computed));
    } catch (const ApiFailure& failure) {
        if (is_period_refusal(failure)) {
            // Its answer came back, so the refused request created nothing.
            if (!target.count(sdk::target_key::draft))
                target[sdk::target_key::draft] = refused_draft;
            return period_closed(document.key, booking_date, span_refused(company, booking_date),
                                 company.config(), target);
        }
        if (auto barred =
                barred_refusal(failure, context.customer_number, product_numbers_of(lines.value())))
            return refused_as_barred(*barred, company, document.key, target);
        return failure_outcome(failure, company, document.key, step, target);
    } catch (const Barred& barred) {
        return refused_as_barred(barred, company, document.key, target);
    } catch (const ConfigurationGap& gap) {
        company.forget_learned();
        return Delivery::retry_later(configuration_problem(document.key, gap));
    }
}

}  // namespace ferry::economic
