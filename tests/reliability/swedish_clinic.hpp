// The Swedish pair's campaigns: a clinic folder of generated Peppol BIS 3 files, the Fortnox
// emulator over real HTTP (restartable, its state kept in a journal, its first token got as the
// sink's README says), and the end check against the invoices the emulator holds. Running ferry
// itself is FerryRunner's.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ferry_runner.hpp"
#include "fortnox-emulator/fortnox_emulator_process.hpp"
#include "peppol_generator.hpp"

namespace ferry::campaign {

inline constexpr const char* swedish_clinic = ferry::test::fortnox::default_tenant;

class SwedishClinic : public FerryRunner {
  public:
    // `sink_settings`: extra lines under `sink:` (two-space indented); `emulator_arguments`:
    // e.g. a tighter rate limit.
    explicit SwedishClinic(std::string sink_settings = {},
                           std::vector<std::string> emulator_arguments = {});
    ~SwedishClinic() override;

    std::filesystem::path inbox() const { return dir() / "inbox"; }
    std::filesystem::path token_file() const { return dir() / "fortnox-token.json"; }
    ferry::test::fortnox::FortnoxEmulator& emulator() { return *emulator_; }

    // Writes `count` generated documents into the inbox, numbered from `first_number` on.
    std::vector<peppol_generator::GeneratedDocument> generate(std::size_t count, std::uint64_t seed,
                                                              std::uint64_t first_number = 10001);

    // The first authorisation as a clinic does it: a person approves Ferry in Fortnox, the code
    // goes into the sink's settings, and `ferry check` exchanges it for the first tokens.
    // Returns check's output.
    testing::CommandResult authorize();

    // SIGKILLs the emulator and starts it again on the same journal (a new port; the pipeline
    // file is rewritten to it).
    void restart_emulator();

    nlohmann::json invoices() { return emulator_->tenant_invoices(swedish_clinic); }

  private:
    void write_pipeline();

    std::string sink_settings_;
    std::vector<std::string> emulator_arguments_;
    std::string journal_;
    std::unique_ptr<ferry::test::fortnox::FortnoxEmulator> emulator_;
};

// Every invoice booked once with the document's amounts to the öre (payable, rounding included),
// every credit note booked as Fortnox's credit of the invoice it credits; nothing left unbooked.
Reconciliation reconcile(const nlohmann::json& fortnox_invoices,
                         const std::vector<peppol_generator::GeneratedDocument>& expected);

}  // namespace ferry::campaign
