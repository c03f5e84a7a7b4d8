// The Source that ties shares, the identity cache and the UBL parser together.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/host.hpp"
#include "ferry/sdk/source.hpp"
#include "identity_cache.hpp"
#include "settings.hpp"

namespace ferry::peppol {

// The company of a document whose file names none (not XML, not UBL, no number or supplier):
// such a file is still listed, under `unidentified/invoice/<file name>`, so that it is rejected
// and shown to a person instead of lying unnoticed in the folder.
inline constexpr const char* unidentified_company = "unidentified";

const ubl::Profile& peppol_profile();

// Whether a file in the folder is offered as a document: XML files (by extension, any case).
bool is_candidate(const std::string& name);

class PeppolSource : public sdk::Source {
  public:
    PeppolSource(PeppolSettings settings, sdk::HostServices& host);

    void list(sdk::ListingVisitor& out) override;
    sdk::ReadOutcome read(const sdk::DocumentRef& ref) override;

  private:
    struct Server {
        ServerSettings settings;
        std::unique_ptr<files::Share> share;
        std::string name;    // "server 1 (smb://host/Fakturor)": no credentials
        std::string folder;  // the cache's name for it: location and user
        // It failed to answer since the last list(): its documents wait for the next pass
        // rather than each asking a server that is away (a reboot, a dropped network).
        std::optional<sdk::Problem> away;
    };
    struct Listed;

    void list_server(std::size_t index, std::vector<Listed>& found, std::size_t& ignored,
                     sdk::ListingVisitor& out);
    // The file's identity from the cache, or read now; nullopt when the file cannot be read
    // now (the problem has gone to `out`).
    std::optional<FileIdentity> identity_of(Server& server, const files::FileEntry& file,
                                            sdk::ListingVisitor& out);
    sdk::Problem server_problem(Server& server, sdk::Problem problem);
    std::optional<std::chrono::seconds> still_settling(std::int64_t mtime) const;

    // Whether a file in this source's folders names `key` and is let through by suppliers and
    // first_date: a credit note waits for the invoice it credits only then (a target that
    // credits an invoice it holds, such as Fortnox, must have it first); one whose invoice this
    // source never delivers is left to the sink's policy rather than waiting forever. Answered
    // from the listing's cache, which every source in the process shares, so any instance
    // reading the credit note answers the same.
    bool delivers(const sdk::DocumentKey& key) const;

    std::vector<Server> servers_;
    std::vector<std::string> suppliers_;
    std::size_t max_file_bytes_;
    std::chrono::milliseconds settle_;
    sdk::HostServices& host_;
};

}  // namespace ferry::peppol
