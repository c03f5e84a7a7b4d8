// The Source that ties shares, file patterns and the export reader together.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exports.hpp"
#include "ferry/sdk/host.hpp"
#include "ferry/sdk/source.hpp"
#include "settings.hpp"

namespace ferry::csv {

class CsvSource : public sdk::Source {
  public:
    CsvSource(CsvSettings settings, sdk::HostServices& host);

    void list(sdk::ListingVisitor& out) override;
    sdk::ReadOutcome read(const sdk::DocumentRef& ref) override;

  private:
    struct Server {
        files::ServerSettings settings;
        std::unique_ptr<files::Share> share;
        std::string name;  // "server 1 (smb://host/Eksport)": no credentials
        // It failed to answer since the last list(): its documents wait for the next pass.
        std::optional<sdk::Problem> away;
    };
    // A file as the last listing read it. A pass reads every document of a file, and reading
    // and parsing the file again for each would cost its size squared (a minute for 10,000
    // documents in two files of 1 MB), so read() uses it while the share lists the file with
    // the same size and time. Listing reads every file whole anyway, and parses it again only
    // when its bytes changed: a file rewritten within the second, at its old size, is seen by
    // the next listing.
    struct Parsed {
        std::string bytes;
        std::int64_t mtime = 0;
        std::shared_ptr<const ParsedFile> file;
    };

    std::optional<FileKind> kind_of(const std::string& name) const;
    // The file as the share lists it now; nullopt when it is gone.
    sdk::Result<std::optional<files::FileEntry>> find_file(std::size_t server,
                                                           const std::string& name);
    // `listing`: read the file even when the share lists it as it was.
    sdk::Result<std::shared_ptr<const ParsedFile>> load(std::size_t server,
                                                        const files::FileEntry& file, FileKind kind,
                                                        bool listing);
    sdk::Problem server_problem(Server& server, sdk::Problem problem);

    CsvSettings settings_;
    std::vector<Server> servers_;
    std::map<std::string, Parsed> parsed_;  // by location: "<server index>/<file name>"
    sdk::HostServices& host_;
};

}  // namespace ferry::csv
