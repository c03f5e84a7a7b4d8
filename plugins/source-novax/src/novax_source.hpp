// The Source that ties shares, file names and the OIOUBL parser together.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "ferry/sdk/host.hpp"
#include "ferry/sdk/source.hpp"
#include "novax_numbering.hpp"
#include "settings.hpp"

namespace ferry::novax {

class NovaxSource : public sdk::Source {
  public:
    NovaxSource(NovaxSettings settings, sdk::HostServices& host);

    void list(sdk::ListingVisitor& out) override;
    sdk::ReadOutcome read(const sdk::DocumentRef& ref) override;
    const sdk::NumberSeriesRule* number_series() const override { return &numbering_; }

  private:
    class OddNames;
    struct Server {
        ServerSettings settings;
        std::unique_ptr<files::Share> share;
        std::string name;  // "server 1 (smb://host/Faktura)": no credentials
        // It failed to answer since the last list(): its documents wait for the next pass
        // rather than each asking a server that is away (a reboot, a dropped network).
        std::optional<sdk::Problem> away;
    };

    std::size_t list_server(std::size_t index, sdk::ListingVisitor& out);
    std::optional<std::chrono::seconds> still_settling(const sdk::Problem& problem,
                                                       std::int64_t mtime) const;

    std::vector<Server> servers_;
    std::size_t max_file_bytes_;
    std::chrono::milliseconds settle_;
    sdk::HostServices& host_;
    NovaxNumbering numbering_;
};

}  // namespace ferry::novax
