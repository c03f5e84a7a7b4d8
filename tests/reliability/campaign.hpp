// The Danish pair's campaigns: a clinic folder of generated NOVAX files, the e-conomic emulator
// over real HTTP (restartable, its state kept in a journal), and the end check against the
// emulator's booked invoices. Running ferry itself is FerryRunner's.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "economic-emulator/emulator_process.hpp"
#include "ferry_runner.hpp"
#include "oioubl_generator.hpp"
#include "privacy_scan.hpp"

namespace ferry::campaign {

inline constexpr const char* clinic_cvr = "16356706";
inline constexpr const char* provider_number = "123456";

class Clinic : public FerryRunner {
  public:
    // `sink_settings`: extra lines under `sink:` (two-space indented), e.g. retry settings;
    // `host_settings`: extra top-level sections, e.g. `notify:`.
    explicit Clinic(std::string sink_settings = {}, std::string host_settings = {});
    ~Clinic();

    std::filesystem::path inbox() const { return dir() / "inbox"; }
    ferry::test::EmulatorProcess& emulator() { return *emulator_; }

    // Writes `count` generated documents into the inbox, numbered from `first_number` on.
    std::vector<oioubl_generator::GeneratedDocument> generate(std::size_t count, std::uint64_t seed,
                                                              std::uint64_t first_number = 1);

    // SIGKILLs the emulator and starts it again on the same journal (a new port; the pipeline
    // file is rewritten to it).
    void restart_emulator();

    nlohmann::json emulator_state();

  private:
    void write_pipeline();

    std::string sink_settings_;
    std::string host_settings_;
    std::string journal_;
    std::unique_ptr<ferry::test::EmulatorProcess> emulator_;
};

// The end check: the emulator's booked invoices against the generated documents.
Reconciliation reconcile(const nlohmann::json& emulator_state,
                         const std::vector<oioubl_generator::GeneratedDocument>& expected);

}  // namespace ferry::campaign
