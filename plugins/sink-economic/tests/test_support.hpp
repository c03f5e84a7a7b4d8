// Hand-built settings, documents and a host for driving the sink directly.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "economic_sink.hpp"
#include "emulator_process.hpp"

namespace ferry::testing {

using sdk::Decimal;

inline Decimal dec(const char* text) {
    return Decimal::parse(text).value();
}

class TestHost : public sdk::HostServices {
  public:
    struct Entry {
        std::string event, message;
    };

    void log(sdk::LogLevel, std::string_view event, std::string_view message) override {
        std::lock_guard lock(mutex_);
        entries_.push_back({std::string(event), std::string(message)});
    }
    void log(sdk::LogLevel level, const sdk::DocumentKey&, std::string_view event,
             std::string_view message) override {
        log(level, event, message);
    }
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds duration) override {
        {
            std::lock_guard lock(mutex_);
            waits_.push_back(duration);
        }
        std::this_thread::sleep_for(duration);
        return true;
    }
    std::vector<std::chrono::milliseconds> waits() const {
        std::lock_guard lock(mutex_);
        return waits_;
    }
    void count(std::string_view name, Labels, double amount) override {
        std::lock_guard lock(mutex_);
        counters_[std::string(name)] += amount;
    }
    // A counter's sum over all its labels.
    double counted(const std::string& name) const {
        std::lock_guard lock(mutex_);
        auto it = counters_.find(name);
        return it == counters_.end() ? 0 : it->second;
    }

    bool logged(const std::string& event) const {
        std::lock_guard lock(mutex_);
        for (const auto& entry : entries_)
            if (entry.event == event)
                return true;
        return false;
    }
    std::string all_messages() const {
        std::lock_guard lock(mutex_);
        std::string text;
        for (const auto& entry : entries_)
            text += entry.event + ": " + entry.message + "\n";
        return text;
    }

  private:
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
    std::vector<std::chrono::milliseconds> waits_;
    std::map<std::string, double> counters_;
};

inline sdk::Settings::Value scalar(const std::string& text) {
    sdk::Settings::Value value;
    value.text = text;
    value.present = true;
    return value;
}

struct CompanySpec {
    std::string cvr;
    std::string grant;
    std::map<std::string, std::string> defaults;  // per-company overrides
    std::map<std::string, std::string> fields{};  // first_date, inactive
};

// Settings as the host would hand them over; `sink_defaults` fills the sink-wide `defaults`.
inline sdk::Settings sink_settings(const std::string& base_url,
                                   const std::vector<CompanySpec>& companies,
                                   const std::map<std::string, std::string>& sink_defaults = {},
                                   const std::map<std::string, std::string>& top = {}) {
    sdk::Settings settings;
    settings.origin = "test.yaml: sink";
    settings.values["base_url"] = scalar(base_url);
    settings.values["app_secret_token"] = scalar(EmulatorProcess::app_secret);
    settings.values["retry_base"] = scalar("20ms");
    settings.values["retry_max"] = scalar("200ms");
    settings.values["request_timeout"] = scalar("5s");
    for (const auto& [name, value] : top)
        settings.values[name] = scalar(value);
    sdk::Settings::Value list;
    list.present = true;
    for (const CompanySpec& spec : companies) {
        sdk::Settings company;
        company.origin = "test.yaml: sink.companies";
        company.values["cvr"] = scalar(spec.cvr);
        company.values["agreement_grant_token"] = scalar(spec.grant);
        for (const auto& [name, value] : spec.fields)
            company.values[name] = scalar(value);
        if (!spec.defaults.empty()) {
            sdk::Settings overrides;
            for (const auto& [name, value] : spec.defaults)
                overrides.values[name] = scalar(value);
            company.values["defaults"].objects.push_back(overrides);
        }
        list.objects.push_back(company);
    }
    settings.values["companies"] = list;
    if (!sink_defaults.empty()) {
        sdk::Settings defaults;
        for (const auto& [name, value] : sink_defaults)
            defaults.values[name] = scalar(value);
        settings.values["defaults"].objects.push_back(defaults);
    }
    return settings;
}

inline constexpr const char* clinic_cvr = "11223344";
inline constexpr const char* clinic_grant = "grant-clinic";
inline constexpr const char* provider_number = "123456";

inline sdk::Line line(const std::string& item, const char* quantity, const char* price,
                      const char* net, sdk::VatCategory category = sdk::VatCategory::standard,
                      const char* percent = "25") {
    sdk::Line l;
    l.id = item;
    l.item_id = item;
    l.name = "Ydelse " + item;
    l.quantity = dec(quantity);
    l.unit_code = "EA";
    l.unit_price = dec(price);
    l.net_amount = dec(net);
    l.vat_category = category;
    l.vat_percent = dec(percent);
    return l;
}

inline void set_totals(sdk::Document& document, const char* net, const char* vat,
                       const char* gross) {
    document.totals.line_total = dec(net);
    document.totals.net = dec(net);
    document.totals.vat = dec(vat);
    document.totals.gross = dec(gross);
    document.totals.payable = dec(gross);
}

// An invoice to a business customer: 2 × 100.00 at 25 % VAT.
inline sdk::Document business_invoice(const std::string& number,
                                      const std::string& customer_cvr = "87654321") {
    sdk::Document document;
    document.key = {clinic_cvr, sdk::DocumentKind::invoice, number};
    document.format = "OIOUBL-2.02";
    document.issue_date = {2026, 3, 1};
    document.currency = "DKK";
    document.supplier.name = "Klinik Nyborg";
    document.supplier.cvr = clinic_cvr;
    document.customer.name = "Firma " + customer_cvr + " ApS";
    document.customer.cvr = customer_cvr;
    document.customer.address = {"Vestergade", "1", "", "Nyborg", "5800", "DK"};
    document.references.provider_number = provider_number;
    document.lines = {line("KONS", "2", "100.00", "200.00")};
    set_totals(document, "200.00", "50.00", "250.00");
    return document;
}

inline sdk::Document patient_invoice(const std::string& number) {
    sdk::Document document = business_invoice(number);
    document.customer = {};
    document.customer.name = "Jens Hansen";
    document.customer.cpr = "0101801234";
    document.customer.address = {"Skovvej", "2", "", "Nyborg", "5800", "DK"};
    return document;
}

// Delivers with a ledger kept in `known`, as the host's runner would.
struct Ledger {
    sdk::TargetRefs known;
    sdk::Delivery deliver(sdk::Sink& sink, const sdk::Document& document,
                          const std::string& reference = {}) {
        sdk::DeliveryRequest request{
            document, reference.empty() ? "ferry:test:" + document.key.str() : reference, known,
            [this](const sdk::TargetRefs& progress) {
                for (const auto& [name, value] : progress)
                    known[name] = value;
            }};
        sdk::Delivery delivery = sink.deliver(request);
        for (const auto& [name, value] : delivery.target)
            known[name] = value;
        return delivery;
    }
};

inline std::string reference_of(const sdk::Document& document) {
    return "ferry:test:" + document.key.str();
}

// The booked invoices (emulator dump) that carry `reference`.
inline std::vector<economic::Json> booked_with(const economic::Json& state,
                                               const std::string& reference) {
    std::vector<economic::Json> found;
    for (const auto& invoice : state["booked"])
        if (invoice["references"].value("other", "") == reference)
            found.push_back(invoice);
    return found;
}

inline Decimal amount(const economic::Json& invoice, const char* field) {
    return economic::decimal_at(invoice, field).value_or(Decimal());
}

}  // namespace ferry::testing
