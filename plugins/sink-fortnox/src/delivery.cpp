#include "delivery.hpp"

#include <algorithm>

#include "amounts.hpp"
#include "customers.hpp"
#include "invoice_mapping.hpp"

namespace ferry::fortnox {

using sdk::Delivery;

namespace {

std::string number_of(const Json& invoice) {
    return text_at(invoice, "DocumentNumber");
}

long long numeric(const std::string& number) {
    try {
        return std::stoll(number);
    } catch (const std::exception&) {
        return 0;
    }
}

Json invoice_in(const Json& answer) {
    return answer.value("Invoice", Json::object());
}

Json read_invoice(FortnoxApi& api, const std::string& number) {
    return invoice_in(api.get("/invoices/" + number));
}

void add_amounts(Delivery& delivery, const Json& invoice) {
    if (auto net = amount_at(invoice, "Net"))
        delivery.net = net->abs();
    if (auto vat = amount_at(invoice, "TotalVAT"))
        delivery.vat = vat->abs();
    if (auto total = amount_at(invoice, "Total"))
        delivery.gross = total->abs();
}

Delivery delivered(const Json& invoice, const char* state, sdk::TargetRefs extra = {}) {
    extra[state] = number_of(invoice);
    Delivery delivery = Delivery::delivered(std::move(extra));
    add_amounts(delivery, invoice);
    return delivery;
}

// Several invoices under one reference can only be Ferry's own duplicates (a write sent twice
// on a dropped connection): the booked one is kept, else the lowest; unbooked others are
// cancelled. Returns the one kept, or nullopt for none.
std::optional<Json> the_one(FortnoxApi& api, std::vector<Json> found, const std::string& name,
                            sdk::HostServices& host) {
    if (found.empty())
        return std::nullopt;
    auto kept = std::find_if(found.begin(), found.end(),
                             [](const Json& invoice) { return flag_at(invoice, "Booked"); });
    if (kept == found.end())
        kept = found.begin();
    Json keep = *kept;
    for (const Json& other : found) {
        if (number_of(other) == number_of(keep))
            continue;
        if (flag_at(other, "Booked")) {
            host.log(sdk::LogLevel::error, "fortnox.duplicate.booked",
                     name + ": Fortnox invoices " + number_of(keep) + " and " + number_of(other) +
                         " are both booked under its reference; credit one in Fortnox");
            continue;
        }
        api.put("/invoices/" + number_of(other) + "/cancel");
        host.log(sdk::LogLevel::warning, "fortnox.duplicate.cancelled",
                 name + ": Fortnox invoice " + number_of(other) + " duplicated invoice " +
                     number_of(keep) + " and was cancelled");
    }
    return keep;
}

struct Context {
    Tenant& tenant;
    const SinkConfig& sink;
    const sdk::DeliveryRequest& request;
    sdk::HostServices& host;
    std::string name;  // "document 5567321707/invoice/1042"

    FortnoxApi& api() { return tenant.api; }
    std::optional<Json> existing(const std::string& reference) {
        return the_one(api(), invoices_with_reference(api(), reference), name, host);
    }
};

// Compares, then books unless the company reviews first. `invoice` is a full invoice.
Delivery finish(Context& c, Json invoice, sdk::TargetRefs extra = {}) {
    const std::string number = number_of(invoice);
    if (flag_at(invoice, "Booked"))
        return delivered(invoice, sdk::target_key::booked, extra);
    if (auto mismatch = totals_mismatch(expected_totals(c.request.document), invoice)) {
        extra[sdk::target_key::draft] = number;
        return Delivery::rejected(
            {"fortnox.totals.mismatch",
             c.name + ": " + *mismatch + "; invoice " + number +
                 " is left unbooked in Fortnox company " + c.tenant.config.organisation_number +
                 "; correct it there (or the document at the source), then `ferry retry` it"},
            extra);
    }
    if (!c.sink.books(c.tenant.config))
        return delivered(invoice, sdk::target_key::draft, extra);
    try {
        invoice = invoice_in(c.api().put("/invoices/" + number + "/bookkeep"));
    } catch (const ApiFailure& failure) {
        // "Already booked" has no known code: whatever went wrong, the invoice tells.
        invoice = read_invoice(c.api(), number);
        if (!flag_at(invoice, "Booked")) {
            if (failure.kind() != ApiFailure::Kind::refused)
                throw;
            extra[sdk::target_key::draft] = number;
            return Delivery::rejected(
                {"fortnox.bookkeep.refused",
                 c.name + ": Fortnox would not book invoice " + number + ": " + failure.what() +
                     "; it is left unbooked: fix what Fortnox names (a missing financial year "
                     "for its date, say), then `ferry retry` the document"},
                extra);
        }
    }
    if (!flag_at(invoice, "Booked"))
        invoice = read_invoice(c.api(), number);
    return delivered(invoice,
                     flag_at(invoice, "Booked") ? sdk::target_key::booked : sdk::target_key::draft,
                     extra);
}

// Creates the invoice (positive, or the negative one for a credit note) unless Fortnox holds
// it, then finishes it.
Delivery create_invoice(Context& c, bool negative) {
    const sdk::Document& document = c.request.document;
    if (auto found = c.existing(c.request.reference))
        return finish(c, read_invoice(c.api(), number_of(*found)));
    auto customer = customer_for(c.tenant, c.sink, document);
    if (!customer)
        return Delivery::rejected(customer.problem());
    auto body =
        invoice_body(document, c.sink.accounts, customer.value(), c.request.reference, negative);
    if (!body)
        return Delivery::rejected(body.problem());
    c.request.progress({{sdk::target_key::draft, "requested"}});
    Json invoice;
    try {
        invoice = invoice_in(c.api().post("/invoices", body.value()));
    } catch (const ApiFailure& failure) {
        if (failure.kind() != ApiFailure::Kind::uncertain)
            throw;
        // Never the same POST again: look first.
        auto found = c.existing(c.request.reference);
        if (!found)
            return Delivery::retry_later(
                {"fortnox.uncertain", c.name + ": " + failure.what() +
                                          "; Fortnox holds no invoice for it yet, so it "
                                          "is looked for again before anything is sent"},
                std::chrono::seconds(30));
        invoice = read_invoice(c.api(), number_of(*found));
    }
    c.request.progress({{sdk::target_key::draft, number_of(invoice)}});
    return finish(c, invoice);
}

Delivery by_policy(Context& c, const std::string& why) {
    if (c.sink.unknown_credit == CreditPolicy::negative_invoice)
        return create_invoice(c, true);
    return Delivery::rejected(
        {"fortnox.credit.unknown_invoice",
         c.name + ": " + why +
             "; book the credit by hand in Fortnox and `ferry skip` it, or set unknown_credit: "
             "negative_invoice to book such credit notes as invoices with negative rows"});
}

// Sets the credit invoice's reference so it is found by it (the credit carries none).
Json tag_credit(Context& c, Json credit) {
    const std::string number = number_of(credit);
    Json tag = {{"Invoice", {{"ExternalInvoiceReference1", c.request.reference}}}};
    try {
        c.api().put("/invoices/" + number, tag);
    } catch (const ApiFailure& failure) {
        if (failure.kind() != ApiFailure::Kind::uncertain)
            throw;
    }
    credit = read_invoice(c.api(), number);
    if (text_at(credit, "ExternalInvoiceReference1") != c.request.reference)
        throw ApiFailure(ApiFailure::Kind::uncertain, 0, 0,
                         "the reference on credit invoice " + number + " was not set");
    return credit;
}

Delivery deliver_credit(Context& c) {
    const sdk::Document& document = c.request.document;
    if (auto found = c.existing(c.request.reference))
        return finish(c, read_invoice(c.api(), number_of(*found)));
    const std::string billed = document.references.billed_invoice;
    if (billed.empty())
        return by_policy(c, "it names no invoice it credits");
    const std::string original_ref = original_reference(c.request.reference, document.key, billed);
    auto original = c.existing(original_ref);
    if (!original)
        return by_policy(c, "Fortnox company " + c.tenant.config.organisation_number +
                                " holds no invoice Ferry delivered for invoice " + billed);
    Json invoice = read_invoice(c.api(), number_of(*original));
    const std::string original_number = number_of(invoice);
    sdk::TargetRefs extra{{"credits", original_number}};
    std::string credit_number = text_at(invoice, "CreditInvoiceReference");
    if (credit_number.empty() || credit_number == "0") {
        if (!flag_at(invoice, "Booked"))
            return Delivery::rejected(
                {"fortnox.credit.original_unbooked",
                 c.name + ": it credits invoice " + billed + ", which is Fortnox invoice " +
                     original_number +
                     " and not booked; Fortnox credits booked invoices only: "
                     "book it in Fortnox (or cancel it there and `ferry skip` "
                     "this credit note), then `ferry retry` it"});
        auto total = amount_at(invoice, "Total");
        if (!total || total->abs() != document.totals.gross.abs())
            return by_policy(c, "it credits " + document.totals.gross.to_string() + " of invoice " +
                                    billed + " (Fortnox invoice " + original_number + ", total " +
                                    (total ? total->to_string() : std::string("unknown")) +
                                    "), and Fortnox credits whole invoices only");
        c.request.progress({{"credits", original_number}});
        try {
            Json credit = invoice_in(c.api().put("/invoices/" + original_number + "/credit"));
            credit_number = number_of(credit);
        } catch (const ApiFailure& failure) {
            if (failure.kind() != ApiFailure::Kind::uncertain)
                throw;
            credit_number =
                text_at(read_invoice(c.api(), original_number), "CreditInvoiceReference");
            if (credit_number.empty() || credit_number == "0")
                return Delivery::retry_later(
                    {"fortnox.uncertain",
                     c.name + ": " + failure.what() + "; invoice " + original_number +
                         " shows no credit yet, so it is looked at again before anything is "
                         "sent"},
                    std::chrono::seconds(30));
        }
        c.request.progress({{"credits", original_number}, {sdk::target_key::draft, credit_number}});
    }
    Json credit = read_invoice(c.api(), credit_number);
    const std::string tag = text_at(credit, "ExternalInvoiceReference1");
    if (tag.empty()) {
        if (flag_at(credit, "Booked")) {
            // Booked by a person before Ferry tagged it: it stays found through the original.
            return delivered(credit, sdk::target_key::booked, extra);
        }
        credit = tag_credit(c, credit);
    } else if (tag != c.request.reference) {
        return Delivery::rejected(
            {"fortnox.credit.already_credited",
             c.name + ": invoice " + billed + " (Fortnox invoice " + original_number +
                 ") is already credited by Fortnox invoice " + credit_number + ", made for " + tag +
                 "; check the two credit notes, and `ferry skip` this one if it is the "
                 "same credit"});
    }
    return finish(c, credit, extra);
}

}  // namespace

std::vector<Json> invoices_with_reference(FortnoxApi& api, const std::string& reference) {
    std::vector<Json> found;
    for (int page = 1;; ++page) {
        Json answer = api.get("/invoices?externalinvoicereference1=" + http::url_encode(reference) +
                              "&limit=500&page=" + std::to_string(page));
        Json invoices = answer.value("Invoices", Json::array());
        for (const Json& invoice : invoices)
            if (text_at(invoice, "ExternalInvoiceReference1") == reference &&
                !flag_at(invoice, "Cancelled"))
                found.push_back(invoice);
        Json meta = answer.value("MetaInformation", Json::object());
        if (page >= meta.value("@TotalPages", 1))
            break;
    }
    std::sort(found.begin(), found.end(), [](const Json& a, const Json& b) {
        return numeric(number_of(a)) < numeric(number_of(b));
    });
    return found;
}

std::string original_reference(const std::string& reference, const sdk::DocumentKey& key,
                               const std::string& billed_invoice) {
    const std::string own = key.str();
    std::string prefix = reference;
    if (reference.size() >= own.size() &&
        reference.compare(reference.size() - own.size(), own.size(), own) == 0)
        prefix = reference.substr(0, reference.size() - own.size());
    return prefix + sdk::DocumentKey{key.company, sdk::DocumentKind::invoice, billed_invoice}.str();
}

sdk::Delivery deliver_document(Tenant& tenant, const SinkConfig& sink,
                               const sdk::DeliveryRequest& request, sdk::HostServices& host) {
    Context c{tenant, sink, request, host, "document " + request.document.key.str()};
    if (request.document.key.kind == sdk::DocumentKind::credit_note)
        return deliver_credit(c);
    return create_invoice(c, false);
}

std::vector<sdk::HeldDocument> held_documents(Tenant& tenant, const std::string& prefix,
                                              sdk::Date from, sdk::Date to) {
    std::vector<sdk::HeldDocument> held;
    for (int page = 1;; ++page) {
        Json answer =
            tenant.api.get("/invoices?externalinvoicereference1=" + http::url_encode(prefix) +
                           "&fromdate=" + from.to_string() + "&todate=" + to.to_string() +
                           "&limit=500&page=" + std::to_string(page));
        Json invoices = answer.value("Invoices", Json::array());
        for (const Json& invoice : invoices) {
            const std::string reference = text_at(invoice, "ExternalInvoiceReference1");
            auto date = sdk::Date::parse(text_at(invoice, "InvoiceDate"));
            if (reference.rfind(prefix, 0) != 0 || flag_at(invoice, "Cancelled") || !date ||
                *date < from || to < *date)
                continue;
            sdk::HeldDocument document;
            document.reference = reference;
            document.date = *date;
            document.target[flag_at(invoice, "Booked") ? sdk::target_key::booked
                                                       : sdk::target_key::draft] =
                number_of(invoice);
            if (auto total = amount_at(invoice, "Total"))
                document.gross = total->abs();
            held.push_back(std::move(document));
        }
        Json meta = answer.value("MetaInformation", Json::object());
        if (page >= meta.value("@TotalPages", 1))
            break;
    }
    return held;
}

sdk::Plan plan_document(Tenant& tenant, const SinkConfig& sink, const sdk::Document& document) {
    sdk::Plan plan;
    const ExpectedTotals expected = expected_totals(document);
    plan.net = expected.net, plan.vat = expected.vat, plan.gross = expected.total;
    const std::string company = "Fortnox company " + tenant.config.organisation_number;
    const bool credit = document.key.kind == sdk::DocumentKind::credit_note;
    auto rows = invoice_rows(document, sink.accounts, credit);
    if (!rows) {
        plan.rejection = rows.problem();
        return plan;
    }
    auto organisation = buyer_organisation_number(document);
    if (!organisation) {
        plan.rejection = organisation.problem();
        return plan;
    }
    if (credit && !document.references.billed_invoice.empty())
        plan.steps.push_back({"fortnox.credit", "would credit, in " + company +
                                                    ", the invoice Ferry delivered "
                                                    "for invoice " +
                                                    document.references.billed_invoice +
                                                    " if its total is " +
                                                    expected.total.to_string() +
                                                    "; otherwise unknown_credit applies"});
    else if (credit)
        plan.steps.push_back(
            {"fortnox.credit.unknown", "names no invoice it credits: unknown_credit applies"});
    if (organisation.value().empty()) {
        const std::string number = private_customer_number(document.customer);
        plan.steps.push_back(
            tenant.api.get_if_found("/customers/" + number)
                ? sdk::PlannedStep{"fortnox.customer.private",
                                   "would invoice the patient's private customer in " + company}
                : sdk::PlannedStep{"fortnox.customer.private.create",
                                   "would create the patient as a private customer in " + company});
    } else {
        const std::string dashed = dashed_organisation_number(organisation.value());
        auto found = customers_with_number(tenant.api, organisation.value());
        if (!found.empty())
            plan.steps.push_back(
                {"fortnox.customer.company", "would invoice customer " + found.front() +
                                                 " (organisation number " + dashed + ")"});
        else if (sink.create_companies)
            plan.steps.push_back(
                {"fortnox.customer.company.create",
                 "would create a company customer with organisation number " + dashed});
        else
            plan.rejection =
                sdk::Problem{"fortnox.customer.company_missing",
                             "document " + document.key.str() + ": " + company +
                                 " has no customer with organisation number " + dashed +
                                 "; create it in Fortnox (or set create_companies: true)"};
    }
    plan.steps.push_back({"fortnox.invoice.create",
                          "would create an invoice of " + std::to_string(rows.value().size()) +
                              " rows: net " + expected.net.to_string() + ", VAT " +
                              expected.vat.to_string() + ", total " + expected.total.to_string()});
    if (sink.books(tenant.config))
        plan.steps.push_back(
            {"fortnox.invoice.bookkeep", "would book it once Fortnox's totals match"});
    return plan;
}

sdk::Found find_document(Tenant& tenant, const SinkConfig& sink, const std::string& reference) {
    std::vector<Json> found = invoices_with_reference(tenant.api, reference);
    sdk::Found result;
    if (found.empty())
        return result;
    auto booked = std::find_if(found.begin(), found.end(),
                               [](const Json& invoice) { return flag_at(invoice, "Booked"); });
    const Json& invoice = booked != found.end() ? *booked : found.front();
    Json full = read_invoice(tenant.api, number_of(invoice));
    const bool is_booked = flag_at(full, "Booked");
    // Unbooked is where delivery ends for a company that reviews first.
    result.status = is_booked || !sink.books(tenant.config) ? sdk::Found::Status::delivered
                                                            : sdk::Found::Status::incomplete;
    result.target[is_booked ? sdk::target_key::booked : sdk::target_key::draft] = number_of(full);
    if (auto net = amount_at(full, "Net"))
        result.net = net->abs();
    if (auto vat = amount_at(full, "TotalVAT"))
        result.vat = vat->abs();
    if (auto total = amount_at(full, "Total"))
        result.gross = total->abs();
    return result;
}

}  // namespace ferry::fortnox
