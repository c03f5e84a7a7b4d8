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
    // A file read and parsed, kept while its bytes stay the same: a pass reads every document
    // of a file, and parsing the file once per document would cost its size squared.
    struct Parsed {
        std::string bytes_hash;
        std::shared_ptr<const ParsedFile> file;
    };

    std::optional<FileKind> kind_of(const std::string& name) const;
    sdk::Result<std::shared_ptr<const ParsedFile>> load(std::size_t server, const std::string& name,
                                                        FileKind kind);

    CsvSettings settings_;
    std::vector<Server> servers_;
    std::map<std::string, Parsed> parsed_;  // by location: "<server index>/<file name>"
    sdk::HostServices& host_;
};

}  // namespace ferry::csv
