// A clinic's backlog as NOVAX would have written it: OIOUBL 2.1 invoices from a fixed pool of
// customers (businesses by CVR, public bodies by EAN, patients by CPR) and products, so that
// customers and products recur as they do in a real clinic. Every file passes source-novax's
// checks. For the backlog benchmark, which needs pools of a chosen size (500 customers, 50
// products); tools/oioubl-generator makes varied documents for tests and campaigns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace ferry::bench {

struct BacklogOptions {
    std::size_t invoices = 10'000;
    std::size_t customers = 500;  // 6 in 10 businesses, 2 public bodies, 2 patients
    std::size_t products = 50;
    std::uint64_t seed = 1;
    std::string clinic_cvr = "16356706";
};

struct BacklogSummary {
    std::size_t businesses = 0, public_bodies = 0,
                patients = 0;  // customers invoiced at least once
    std::uint64_t bytes = 0;
};

// Writes Novax_<number>_<cvr>_Faktura.xml files numbered 1..invoices into `folder`.
BacklogSummary write_backlog(const BacklogOptions& options, const std::filesystem::path& folder);

}  // namespace ferry::bench
