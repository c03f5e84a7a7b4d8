// The emulator's own endpoints (not e-conomic's): health, fault settings, rate-limit settings
// and a dump of an agreement's invoices for tests. No tokens; the server listens on 127.0.0.1 only.
#include "accounting_years.hpp"
#include "api.hpp"
#include "error_bodies.hpp"
#include "ledger.hpp"
#include "references.hpp"

namespace economic_emulator {
namespace {

using json = nlohmann::json;

json invoice_summary(const json& invoice, const char* number_field) {
    json summary = {{number_field, invoice.at(number_field)}};
    for (const char* field :
         {"date", "currency", "netAmount", "vatAmount", "grossAmount", "references", "customer"})
        if (invoice.contains(field))
            summary[field] = invoice[field];
    if (invoice.contains("orderNumber"))
        summary["orderNumber"] = invoice["orderNumber"];
    // What the booking asked e-conomic to send it by (absent: nothing asked).
    if (invoice.contains("__sendBy"))
        summary["sendBy"] = invoice["__sendBy"];
    return summary;
}

json dump(const Agreement& agreement) {
    json drafts = json::array(), booked = json::array();
    for (const auto& [key, draft] : agreement.collection("drafts").items())
        drafts.push_back(invoice_summary(draft, "draftInvoiceNumber"));
    for (const auto& [key, invoice] : agreement.collection("booked").items())
        booked.push_back(invoice_summary(invoice, "bookedInvoiceNumber"));
    json counts = json::object();
    for (const auto& [name, collection] : agreement.collections)
        counts[name] = collection.items().size();
    return {{"agreementGrantToken", agreement.grant_token},
            {"companyCvr", agreement.company_cvr},
            {"counts", counts},
            {"drafts", drafts},
            {"booked", booked}};
}

}  // namespace

Reply Api::handle_admin(const Request& request) {
    const auto& segments = request.segments;
    if (segments.size() == 2 && segments[1] == "health" && request.method == "GET")
        return Reply::json(200, {{"status", "ok"}});
    if (segments.size() == 2 && segments[1] == "faults") {
        if (request.method == "GET")
            return Reply::json(200, faults_.describe());
        if (request.method != "POST")
            return method_not_allowed();
        auto update = json::parse(request.body, nullptr, false);
        if (auto problem = faults_.update(update.is_discarded() ? json() : update))
            return error_reply(400, *problem, "",
                               "POST a JSON object such as {\"failNext\":1,\"failStatus\":503}.");
        return Reply::json(200, faults_.describe());
    }
    if (segments.size() == 2 && segments[1] == "rate-limit" && request.method == "POST") {
        auto update = json::parse(request.body, nullptr, false);
        auto settings = rate_limiter_.settings();
        try {
            if (!update.is_object())
                throw std::invalid_argument("not an object");
            settings.token_limit = update.value("tokenLimit", settings.token_limit);
            settings.window_seconds = update.value("windowSeconds", settings.window_seconds);
            settings.cost_read = update.value("costRead", settings.cost_read);
            settings.cost_write = update.value("costWrite", settings.cost_write);
            settings.cost_book = update.value("costBook", settings.cost_book);
        } catch (const std::exception&) {
            return error_reply(400, "Rate-limit settings must be a JSON object of numbers.", "",
                               "POST {\"tokenLimit\":100,\"windowSeconds\":60}.");
        }
        if (settings.token_limit < 1 || settings.window_seconds <= 0)
            return error_reply(400, "tokenLimit must be at least 1 and windowSeconds positive.", "",
                               "");
        rate_limiter_.reconfigure(settings);
        return Reply::json(200, {{"tokenLimit", settings.token_limit},
                                 {"windowSeconds", settings.window_seconds}});
    }
    if (segments.size() == 2 && segments[1] == "stats" && request.method == "GET")
        return Reply::json(200, stats_.describe());
    if (segments.size() == 4 && segments[1] == "agreements" && segments[3] == "accounting-years" &&
        request.method == "POST") {
        Agreement* agreement = state_.find(segments[2]);
        if (!agreement)
            return not_found();
        Reply reply = change_accounting_period(*agreement, request.body);
        state_.commit(*agreement);
        return reply;
    }
    if (segments.size() == 4 && segments[1] == "agreements" && segments[3] == "entries" &&
        request.method == "POST") {
        Agreement* agreement = state_.find(segments[2]);
        if (!agreement)
            return not_found();
        Reply reply = post_generated_entries(*agreement, request.body);
        state_.commit(*agreement);
        return reply;
    }
    if (segments.size() == 4 && segments[1] == "agreements" && segments[3] == "state" &&
        request.method == "GET") {
        for (const auto& [grant, agreement] : state_.agreements())
            if (grant == segments[2])
                return Reply::json(200, rendered(dump(*agreement), base_url_));
    }
    return not_found();
}

}  // namespace economic_emulator
