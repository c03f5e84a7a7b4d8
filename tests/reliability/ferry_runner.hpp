// What every campaign does with ferry itself, whichever pair it runs: a scratch folder with a
// pipeline file, the ferry binary run on it to completion or as a child process to be killed,
// its output kept for the privacy scan, and passes repeated until nothing is left to do.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "privacy_scan.hpp"
#include "support/child_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace ferry::campaign {

inline constexpr const char* pipeline_name = "campaign";
// The longest one ferry command may run (a whole campaign takes well under a minute, under the
// sanitizers too): one that runs longer fails the campaign with its output, instead of hanging
// it silently until ctest's timeout.
inline constexpr std::chrono::seconds ferry_time_limit{120};

// A size from the environment (FERRY_CAMPAIGN_FILES, FERRY_CAMPAIGN_KILLS, ...), else the
// short CI size (smaller under the sanitizers, where everything runs several times slower).
std::size_t size_from_env(const char* name, std::size_t short_size, std::size_t sanitized_size);
std::uint64_t seed_from_env();

// "listed 4, delivered 2, ..." of one `ferry once` pipeline line.
struct PassFigures {
    std::size_t listed = 0, delivered = 0, rejected = 0, retry_later = 0, skipped = 0, changed = 0,
                unresolved = 0;
};
std::optional<PassFigures> pass_figures(const std::string& output);

class FerryRunner {
  public:
    FerryRunner();
    virtual ~FerryRunner() = default;
    FerryRunner(const FerryRunner&) = delete;
    FerryRunner& operator=(const FerryRunner&) = delete;

    const testing::TempDir& dir() const { return dir_; }
    std::filesystem::path ledger() const { return dir_ / "ledger"; }
    std::filesystem::path pipeline_file() const { return dir_ / "pipeline.yaml"; }

    // `ferry <arguments> <pipeline> [<after>]` to completion; its output is kept for the
    // privacy scan. Throws, with that output, when it runs longer than ferry_time_limit.
    testing::CommandResult ferry(const std::string& arguments, const std::string& after = {});
    // `ferry once <pipeline>` as a child process with its output in a fresh log file.
    std::unique_ptr<testing::ChildProcess> start_once();
    // Every log file and output of ferry so far.
    std::vector<std::filesystem::path> log_files() const { return logs_; }
    const std::vector<std::string>& outputs() const { return outputs_; }

    // `ferry retry` on every document waiting in retry-later (the ledger waits a minute or more
    // before trying one again; an operator, or this test, need not). Returns how many.
    std::size_t retry_waiting();

    // Runs `ferry once` (and retry_waiting) until a pass has nothing left to do (nothing
    // delivered, rejected, waiting or unresolved); fails after `max_passes`. Returns the passes.
    std::size_t settle(std::size_t max_passes = 40);

  protected:
    void write_pipeline_file(const std::string& yaml) const;

  private:
    testing::TempDir dir_;
    std::vector<std::filesystem::path> logs_;
    std::vector<std::string> outputs_;
};

// The end check of a campaign: what the target booked against what was generated.
struct Reconciliation {
    std::size_t expected = 0;
    std::size_t booked = 0;      // booked invoices carrying one of this pipeline's references
    std::size_t missing = 0;     // expected, never booked
    std::size_t duplicates = 0;  // booked more than once (extra bookings counted)
    std::size_t unexpected = 0;  // booked, but no such document was expected
    std::size_t wrong_amounts = 0;
    std::size_t drafts_left = 0;       // drafts carrying one of this pipeline's references
    std::vector<std::string> details;  // one line per discrepancy (keys and amounts only)

    std::vector<std::string> keys;  // the documents concerned, to explain them
    bool exact() const {
        return missing == 0 && duplicates == 0 && unexpected == 0 && wrong_amounts == 0 &&
               drafts_left == 0;
    }
    std::string figures() const;
};

// The privacy scan over everything ferry left: the ledger folder's raw bytes, every log file
// and every captured output. Prints each hit.
std::vector<PrivacyHit> privacy_hits(FerryRunner& run, const std::vector<PersonalDatum>& inputs,
                                     const std::vector<std::string>& mails = {});

// Prints the figures, each discrepancy, and `ferry explain` of the first few documents concerned.
void report(const std::string& campaign, const Reconciliation& result, FerryRunner& run);

}  // namespace ferry::campaign
