// A sink aimed at a fresh Fortnox emulator: settings, token files in a folder of their own, and
// deliveries run as the host runs them (progress recorded into `known`).
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/settings_builder.hpp"
#include "fortnox-emulator/fortnox_emulator_process.hpp"
#include "fortnox_sink.hpp"
#include "test_support.hpp"

namespace ferry::fortnox::test {

namespace emu = ferry::test::fortnox;

inline constexpr const char* redirect_uri = "http://localhost/ferry-callback";

inline std::filesystem::path test_folder(const std::string& name) {
    static int counter = 0;
    std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                   ("sink-fortnox-" + name + "-" + std::to_string(::getpid()) +
                                    "-" + std::to_string(++counter));
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    return folder;
}

inline std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline sdk::DocumentRef ref_of(const sdk::Document& document) {
    sdk::DocumentRef ref;
    ref.key = document.key;
    ref.date = document.issue_date;
    return ref;
}

struct TenantSetup {
    std::string organisation_number = clinic;
    std::string authorization_code;  // "" for none
    std::map<std::string, std::string> extra;
};

// One emulator, one folder of token files, sinks made on demand (each as a new process would).
class SinkFixture {
  public:
    explicit SinkFixture(std::vector<std::string> emulator_arguments = {},
                         std::vector<std::string> tenants = {clinic})
        : emulator(with_tenants(std::move(emulator_arguments), tenants)),
          folder(test_folder("tokens")) {
        for (const std::string& tenant : tenants)
            this->tenants.push_back({tenant, emulator.authorization_code(tenant), {}});
    }
    ~SinkFixture() { std::filesystem::remove_all(folder); }

    std::string token_file(const std::string& tenant = clinic) const {
        return (folder / (tenant + ".json")).string();
    }

    sdk::Settings settings() const {
        sdk::testing::SettingsBuilder builder(settings_table());
        builder.set("client_id", emu::default_client_id)
            .set("client_secret", emu::default_client_secret)
            .set("api_url", emulator.api_url())
            .set("auth_url", emulator.auth_url())
            .set("redirect_uri", redirect_uri)
            .set("retry_base", "20ms")
            .set("retry_max", "200ms")
            .set("request_timeout", "5s");
        for (const auto& [name, value] : options)
            builder.set(name, value);
        for (const auto& [name, fields] : objects)
            builder.add(name, fields);
        for (const TenantSetup& tenant : tenants) {
            std::map<std::string, std::string> fields = {
                {"organisation_number", tenant.organisation_number},
                {"token_file", token_file(tenant.organisation_number)}};
            if (!tenant.authorization_code.empty())
                fields["authorization_code"] = tenant.authorization_code;
            for (const auto& [name, value] : tenant.extra)
                fields[name] = value;
            builder.add("tenants", fields);
        }
        return builder.build();
    }

    FortnoxSink& sink() {
        if (!sink_)
            sink_ = std::make_unique<FortnoxSink>(settings_ = settings(), host);
        return *sink_;
    }
    // A new instance, as a restarted host (or `ferry check` beside the service) makes it.
    std::unique_ptr<FortnoxSink> another_sink() {
        extra_settings_.push_back(std::make_unique<sdk::Settings>(settings()));
        return std::make_unique<FortnoxSink>(*extra_settings_.back(), host);
    }
    void restart() { sink_.reset(); }

    sdk::Delivery deliver(const sdk::Document& document, sdk::TargetRefs& known,
                          sdk::Sink* with = nullptr) {
        sdk::DeliveryRequest request{document, reference_of(document), known,
                                     [&known](const sdk::TargetRefs& refs) {
                                         for (const auto& [name, value] : refs)
                                             known[name] = value;
                                     }};
        sdk::Delivery delivery = (with ? *with : sink()).deliver(request);
        outcomes.push_back(delivery.problem.code + " " + delivery.problem.message);
        for (const auto& [name, value] : delivery.target)
            known[name] = value;
        return delivery;
    }
    sdk::Delivery deliver(const sdk::Document& document) {
        sdk::TargetRefs known;
        return deliver(document, known);
    }

    // Fortnox's invoice under the document's reference, from the emulator's own store.
    nlohmann::json stored_invoice(const sdk::Document& document,
                                  const std::string& tenant = clinic) const {
        nlohmann::json found;
        for (const nlohmann::json& invoice : emulator.tenant_invoices(tenant))
            if (invoice.value("ExternalInvoiceReference1", "") == reference_of(document)) {
                CHECK(found.is_null());  // one, never two
                found = invoice;
            }
        return found;
    }
    int route_count(const std::string& route) const {
        nlohmann::json stats = emulator.stats();
        return stats["byRoute"].value(route, 0);
    }
    int status_count(int status) const {
        nlohmann::json stats = emulator.stats();
        return stats["byStatus"].value(std::to_string(status), 0);
    }

    emu::FortnoxEmulator emulator;
    std::filesystem::path folder;
    std::vector<TenantSetup> tenants;
    std::map<std::string, std::string> options;
    std::map<std::string, std::map<std::string, std::string>> objects;
    sdk::testing::RecordingHost host;
    std::vector<std::string> outcomes;  // every delivery's problem, for the personal-data scan

  private:
    static std::vector<std::string> with_tenants(std::vector<std::string> arguments,
                                                 const std::vector<std::string>& tenants) {
        for (const std::string& tenant : tenants) {
            arguments.push_back("--tenant");
            arguments.push_back(tenant);
        }
        return arguments;
    }

    sdk::Settings settings_;
    std::unique_ptr<FortnoxSink> sink_;
    std::vector<std::unique_ptr<sdk::Settings>> extra_settings_;
};

}  // namespace ferry::fortnox::test
