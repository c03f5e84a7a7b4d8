// A folder of samples under their NOVAX names, as a clinic's share would hold them.
#pragma once

#include <set>
#include <vector>

#include "sample_table.hpp"
#include "samples.hpp"
#include "temp_folder.hpp"

namespace ferry::novax::testing {

inline void write_sample(const TempFolder& folder, const Sample& sample) {
    auto file = folder.write(novax_name(sample), read_file(samples_dir() / sample.file));
    // Dated on the issue date where known, so first_date behaves as with real files.
    set_mtime(file, *sdk::Date::parse(*sample.issue_date ? sample.issue_date : "2026-01-05"));
}

// Several samples share a number and CVR (official examples reuse A00095678): only the first
// of each name is written. Returns the samples written.
inline std::vector<const Sample*> fill_with_samples(const TempFolder& folder) {
    std::set<std::string> names;
    std::vector<const Sample*> written;
    for (const auto& sample : samples)
        if (names.insert(novax_name(sample)).second) {
            write_sample(folder, sample);
            written.push_back(&sample);
        }
    return written;
}

inline std::size_t accepted_count(const std::vector<const Sample*>& written) {
    std::size_t count = 0;
    for (const Sample* sample : written)
        count += *sample->rejected_with == '\0';
    return count;
}

}  // namespace ferry::novax::testing
