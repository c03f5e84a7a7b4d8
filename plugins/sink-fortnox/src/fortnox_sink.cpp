#include "fortnox_sink.hpp"

#include "check.hpp"
#include "customers.hpp"
#include "delivery.hpp"

namespace ferry::fortnox {

using sdk::Delivery;

FortnoxSink::FortnoxSink(const sdk::Settings& settings, sdk::HostServices& host)
    : config_(read_config(settings)),
      host_(host),
      oauth_http_(http::make_http_client(config_.auth_url, config_.request_timeout.span())),
      api_reading_(http::make_http_client(config_.api_url, config_.request_timeout.span())),
      api_writing_(http::make_http_client(config_.api_url, config_.request_timeout.span())) {
    for (const TenantConfig& tenant : config_.tenants)
        tenants_.emplace(tenant.organisation_number,
                         std::make_unique<Tenant>(config_, tenant, *oauth_http_, *api_reading_,
                                                  *api_writing_, host_));
}

Tenant* FortnoxSink::tenant_for(const std::string& organisation_number) {
    auto it = tenants_.find(normalised_organisation_number(organisation_number));
    return it == tenants_.end() ? nullptr : it->second.get();
}

std::string FortnoxSink::configured() const {
    std::string known;
    for (const auto& [number, _] : tenants_)
        known += (known.empty() ? "" : ", ") + number;
    return known;
}

std::optional<sdk::Problem> FortnoxSink::refusal(const sdk::Document& document, Tenant*& tenant) {
    const std::string name = "document " + document.key.str();
    tenant = tenant_for(document.key.company);
    if (!tenant)
        return sdk::Problem{
            "fortnox.company.unknown",
            name + ": no Fortnox company with organisation number " + document.key.company +
                " is configured (configured: " + configured() + "); add it to the sink's tenants"};
    const std::string supplier = normalised_organisation_number(
        document.supplier.registration_number.empty() ? document.supplier.vat_number
                                                      : document.supplier.registration_number);
    if (supplier.size() == 10 && supplier != tenant->config.organisation_number)
        return sdk::Problem{"fortnox.company.supplier_mismatch",
                            name + ": the source routes it to Fortnox company " +
                                tenant->config.organisation_number +
                                " but its supplier has organisation number " + supplier +
                                "; check where the source found it"};
    if (document.key.kind != sdk::DocumentKind::invoice &&
        document.key.kind != sdk::DocumentKind::credit_note)
        return sdk::Problem{"fortnox.kind.unsupported",
                            name + ": this sink books invoices and credit notes only"};
    if (!document.currency.empty() && document.currency != "SEK")
        return sdk::Problem{"fortnox.currency.unsupported",
                            name + ": its currency is " + document.currency +
                                "; this sink books SEK invoices only (Fortnox rounds them to "
                                "whole kronor); book it by hand and `ferry skip` it"};
    return std::nullopt;
}

Delivery FortnoxSink::deliver(const sdk::DeliveryRequest& request) {
    const sdk::Document& document = request.document;
    const std::string name = "document " + document.key.str();
    Tenant* tenant = nullptr;
    if (auto refused = refusal(document, tenant))
        return Delivery::rejected(*refused);
    try {
        return deliver_document(*tenant, config_, request, host_);
    } catch (const AuthorizationError& error) {
        host_.log(sdk::LogLevel::warning, document.key, error.code(), error.what());
        return Delivery::retry_later(
            {error.code(), name + ": " + error.what()},
            error.needs_a_person() ? std::optional(std::chrono::duration_cast<std::chrono::seconds>(
                                         config_.authorization_pause.span()))
                                   : std::nullopt);
    } catch (const ApiFailure& failure) {
        switch (failure.kind()) {
            case ApiFailure::Kind::refused:
                return Delivery::rejected(
                    {"fortnox.refused", name + ": " + failure.what() +
                                            "; correct what Fortnox names, then `ferry retry` "
                                            "the document"});
            case ApiFailure::Kind::forbidden:
            case ApiFailure::Kind::unauthorized:
                return Delivery::retry_later({"fortnox.forbidden", name + ": " + failure.what()},
                                             std::chrono::duration_cast<std::chrono::seconds>(
                                                 config_.authorization_pause.span()));
            case ApiFailure::Kind::uncertain:
                return Delivery::retry_later(
                    {"fortnox.uncertain", name + ": " + failure.what() +
                                              "; Fortnox is asked what it holds before anything "
                                              "is sent again"},
                    std::chrono::seconds(30));
            case ApiFailure::Kind::not_found:
            case ApiFailure::Kind::unavailable:
                break;
        }
        return Delivery::retry_later({"fortnox.unavailable", name + ": " + failure.what()});
    } catch (const sdk::Error& error) {
        // The token file could not be read or written: nothing for this company until fixed.
        return Delivery::retry_later(
            {error.code(), name + ": " + error.what()},
            std::chrono::duration_cast<std::chrono::seconds>(config_.authorization_pause.span()));
    }
}

sdk::Result<sdk::Plan> FortnoxSink::plan(const sdk::Document& document) {
    Tenant* tenant = nullptr;
    if (auto refused = refusal(document, tenant)) {
        sdk::Plan plan;
        plan.rejection = *refused;
        return plan;
    }
    try {
        return plan_document(*tenant, config_, document);
    } catch (const sdk::Error& error) {
        return sdk::Problem{error.code(), "document " + document.key.str() +
                                              ": cannot ask Fortnox: " + error.what()};
    } catch (const ApiFailure& failure) {
        return sdk::Problem{"fortnox.plan", "document " + document.key.str() +
                                                ": cannot ask Fortnox company " +
                                                document.key.company + ": " + failure.what()};
    }
}

sdk::Result<std::vector<sdk::HeldDocument>> FortnoxSink::held(const std::string& reference_prefix,
                                                              sdk::Date from, sdk::Date to) {
    std::vector<sdk::HeldDocument> held;
    for (const auto& [number, tenant] : tenants_) {
        try {
            auto found = held_documents(*tenant, reference_prefix, from, to);
            held.insert(held.end(), std::make_move_iterator(found.begin()),
                        std::make_move_iterator(found.end()));
        } catch (const sdk::Error& error) {
            return sdk::Problem{error.code(), "cannot list the invoices of Fortnox company " +
                                                  number + ": " + error.what()};
        } catch (const ApiFailure& failure) {
            return sdk::Problem{"fortnox.held", "cannot list the invoices of Fortnox company " +
                                                    number + ": " + failure.what()};
        }
    }
    return held;
}

sdk::Found FortnoxSink::find(const sdk::DocumentRef& ref, const std::string& reference) {
    Tenant* tenant = tenant_for(ref.key.company);
    if (!tenant)
        return {};
    try {
        return find_document(*tenant, config_, reference);
    } catch (const sdk::Error& error) {
        throw sdk::Error(error.code(), "document " + ref.key.str() +
                                           ": cannot ask Fortnox what it holds: " + error.what());
    } catch (const ApiFailure& failure) {
        throw sdk::Error("fortnox.find", "document " + ref.key.str() +
                                             ": cannot ask Fortnox company " + ref.key.company +
                                             " what it holds: " + failure.what());
    }
}

std::vector<sdk::Problem> FortnoxSink::check() {
    std::vector<sdk::Problem> problems;
    for (const auto& [number, tenant] : tenants_) {
        auto found = check_tenant(*tenant, config_, host_);
        problems.insert(problems.end(), found.begin(), found.end());
    }
    return problems;
}

std::unique_ptr<sdk::Sink> create_sink(const sdk::PluginContext& context) {
    return std::make_unique<FortnoxSink>(context.settings, context.host);
}

}  // namespace ferry::fortnox
