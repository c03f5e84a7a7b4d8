#include "csv_source.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "fingerprints.hpp"

namespace ferry::csv {
namespace {

// Exports are written in Danish firms: a file written just after midnight belongs to that day
// there, so the modification time is read in the host's local time zone.
sdk::Date local_date(std::int64_t mtime) {
    std::time_t seconds = static_cast<std::time_t>(mtime);
    std::tm local{};
    localtime_r(&seconds, &local);
    return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

bool matches_any(const std::vector<std::string>& patterns, const std::string& name) {
    for (const std::string& pattern : patterns)
        if (::fnmatch(pattern.c_str(), name.c_str(), FNM_CASEFOLD) == 0)
            return true;
    return false;
}

bool invoice_like(sdk::DocumentKind kind) {
    return kind != sdk::DocumentKind::customer;
}

// A document is the same one wherever its number appears: an invoice in one file and a credit
// note under its number in another are one number given twice.
bool same_number(const sdk::DocumentKey& a, const sdk::DocumentKey& b) {
    return a.number == b.number && invoice_like(a.kind) == invoice_like(b.kind);
}

struct Occurrence {
    std::string location;  // "<server index>/<file name>"
    std::string place;     // "kunder.csv:14", for messages
    const Entry* entry = nullptr;
    sdk::Date file_date;
    std::size_t server = 0;
};

// One place: the entry's own fingerprint. Several: a duplicate, which changes when any of them
// does, so fixing the export is seen.
std::string fingerprint_of(const std::vector<Occurrence>& found) {
    if (found.size() == 1)
        return found.front().entry->fingerprint;
    std::vector<std::string> prints;
    for (const Occurrence& occurrence : found)
        prints.push_back(occurrence.entry->fingerprint);
    std::sort(prints.begin(), prints.end());
    std::string text = "duplicate";
    for (const std::string& print : prints)
        text += "\x1e" + print;
    return content_hash(text);
}

std::string location_of(const std::vector<Occurrence>& found) {
    std::set<std::string> locations;
    for (const Occurrence& occurrence : found)
        locations.insert(occurrence.location);
    std::string text;
    for (const std::string& location : locations)
        text += (text.empty() ? "" : "|") + location;
    return text;
}

}  // namespace

CsvSource::CsvSource(CsvSettings settings, sdk::HostServices& host)
    : settings_(std::move(settings)), host_(host) {
    for (std::size_t i = 0; i < settings_.servers.size(); ++i) {
        files::ServerSettings& server = settings_.servers[i];
        std::string name = "server " + std::to_string(i + 1) + " (" + server.location + ")";
        std::unique_ptr<files::Share> share;
        if (!server.inactive)
            share = files::open_share(server.access(), "csv");
        servers_.push_back({server, std::move(share), std::move(name), std::nullopt});
    }
}

std::optional<FileKind> CsvSource::kind_of(const std::string& name) const {
    if (name.find('/') != std::string::npos || name.find('|') != std::string::npos)
        return std::nullopt;
    if (matches_any(settings_.customer_files, name))
        return FileKind::customers;
    if (matches_any(settings_.invoice_files, name))
        return FileKind::invoices;
    return std::nullopt;
}

// Names the server, and marks it away when it is the server that failed, so its other
// documents wait for the next pass instead of each asking it again.
sdk::Problem CsvSource::server_problem(Server& server, sdk::Problem problem) {
    problem.message = server.name + ": " + problem.message;
    if (files::is_server_failure(problem))
        server.away = sdk::Problem{problem.code, server.name +
                                                     ": did not answer earlier in this pass; "
                                                     "its documents are read at the next pass"};
    return problem;
}

sdk::Result<std::optional<files::FileEntry>> CsvSource::find_file(std::size_t index,
                                                                  const std::string& name) {
    Server& server = servers_[index];
    std::optional<files::FileEntry> found;
    auto problem = server.share->list([&](const files::FileEntry& file) {
        if (file.name == name && !file.leaves_folder)
            found = file;
    });
    if (problem)
        return server_problem(server, std::move(*problem));
    return found;
}

sdk::Result<std::shared_ptr<const ParsedFile>> CsvSource::load(std::size_t index,
                                                               const files::FileEntry& file,
                                                               FileKind kind, bool listing) {
    std::string location = std::to_string(index) + "/" + file.name;
    auto kept = parsed_.find(location);
    if (!listing && kept != parsed_.end() && kept->second.bytes.size() == file.size &&
        kept->second.mtime == file.mtime)
        return kept->second.file;
    Server& server = servers_[index];
    auto contents = server.share->read(file.name, settings_.max_file_bytes());
    if (!contents)
        return server_problem(server, contents.problem());
    Parsed& parsed = parsed_[location];
    parsed.mtime = contents.value().mtime;
    if (!parsed.file || parsed.bytes != contents.value().bytes) {
        parsed.bytes = std::move(contents.value().bytes);
        parsed.file = std::make_shared<const ParsedFile>(
            parse_export(parsed.bytes, file.name, kind, settings_));
    }
    return parsed.file;
}

// Unlike a folder of one document per file, every file must be read to list it: the documents
// are its rows. They are collected over all files before any is handed over, because a number
// given in two places is one rejected document, not two.
void CsvSource::list(sdk::ListingVisitor& out) {
    std::map<std::pair<bool, std::string>, std::vector<Occurrence>> found;
    std::vector<std::shared_ptr<const ParsedFile>> held;
    std::set<std::string> listed;
    std::size_t ignored = 0;
    for (std::size_t index = 0; index < servers_.size(); ++index) {
        Server& server = servers_[index];
        server.away.reset();
        if (server.settings.inactive)
            continue;
        std::vector<files::FileEntry> files;
        auto problem = server.share->list([&](const files::FileEntry& file) {
            if (!kind_of(file.name))
                ++ignored;
            else if (file.leaves_folder)
                out.problem({"csv.file.link_outside",
                             server.name + ": " + file.name +
                                 ": a symbolic link that leads out of the folder; Ferry does not "
                                 "follow it. Put the file itself into the folder"});
            else
                files.push_back(file);
        });
        if (problem) {
            problem->message = server.name + ": " + problem->message;
            host_.log(sdk::LogLevel::warning, problem->code, problem->message);
            out.problem(std::move(*problem));
            continue;
        }
        std::sort(files.begin(), files.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
        for (const files::FileEntry& file : files) {
            auto parsed = load(index, file, *kind_of(file.name), true);
            if (!parsed) {
                host_.log(sdk::LogLevel::warning, parsed.problem().code, parsed.problem().message);
                out.problem(parsed.problem());
                if (server.away)
                    break;
                continue;
            }
            std::string location = std::to_string(index) + "/" + file.name;
            listed.insert(location);
            held.push_back(parsed.value());
            for (sdk::Problem problem : parsed.value()->problems) {
                problem.message = server.name + ": " + problem.message;
                host_.log(sdk::LogLevel::warning, problem.code, problem.message);
                out.problem(std::move(problem));
            }
            for (const Entry& entry : parsed.value()->entries)
                found[{invoice_like(entry.key.kind), entry.key.number}].push_back(
                    {location, file.name + ":" + std::to_string(entry.line), &entry,
                     local_date(file.mtime), index});
        }
    }
    std::erase_if(parsed_, [&](const auto& item) { return !listed.contains(item.first); });
    if (ignored > 0)
        out.ignored(ignored);

    for (const auto& [number, occurrences] : found) {
        const Occurrence& first = occurrences.front();
        sdk::DocumentRef ref;
        ref.key = first.entry->key;
        ref.fingerprint = fingerprint_of(occurrences);
        ref.location = location_of(occurrences);
        ref.date = first.entry->date.value_or(first.file_date);
        const auto& first_date = servers_[first.server].settings.first_date;
        if (invoice_like(ref.key.kind) && first_date && ref.date < *first_date)
            ref.skip = sdk::Problem{"csv.before_first_date",
                                    "before first_date " + first_date->to_string()};
        out.document(std::move(ref));
    }
}

sdk::ReadOutcome CsvSource::read(const sdk::DocumentRef& ref) {
    std::vector<Occurrence> found;
    std::vector<std::shared_ptr<const ParsedFile>> held;
    std::string_view rest = ref.location;
    while (!rest.empty()) {
        std::string_view part = rest.substr(0, rest.find('|'));
        rest.remove_prefix(std::min(rest.size(), part.size() + 1));
        auto slash = part.find('/');
        std::size_t index = servers_.size();
        if (slash != std::string_view::npos && slash > 0 && slash < 4 &&
            std::all_of(part.begin(), part.begin() + static_cast<std::ptrdiff_t>(slash),
                        [](char c) { return c >= '0' && c <= '9'; }))
            index = std::stoul(std::string(part.substr(0, slash)));
        std::string name(slash == std::string_view::npos ? "" : part.substr(slash + 1));
        auto kind = kind_of(name);
        // Only files this plugin would list are read: no separators, so no way out of the folder.
        if (index >= servers_.size() || servers_[index].settings.inactive || !kind)
            return sdk::ReadOutcome::rejected(
                {"csv.ref.invalid", ref.key.str() + ": the location '" + ref.location +
                                        "' does not name a file of an active server; list "
                                        "again"});
        Server& server = servers_[index];
        if (server.away)
            return sdk::ReadOutcome::retry_later(*server.away);
        auto listed = find_file(index, name);
        if (listed && !listed.value())
            return sdk::ReadOutcome::retry_later(
                {"csv.document.gone", ref.key.str() + ": its file " + name +
                                          " is no longer there; it is read again if it "
                                          "reappears, and needs nothing if it was removed"});
        auto parsed = listed ? load(index, *listed.value(), *kind, false)
                             : sdk::Result<std::shared_ptr<const ParsedFile>>(listed.problem());
        if (!parsed) {
            host_.log(sdk::LogLevel::warning, ref.key, parsed.problem().code,
                      parsed.problem().message);
            return sdk::ReadOutcome::retry_later(parsed.problem());
        }
        held.push_back(parsed.value());
        for (const Entry& entry : parsed.value()->entries)
            if (same_number(entry.key, ref.key))
                found.push_back({std::string(part),
                                 name + ":" + std::to_string(entry.line),
                                 &entry,
                                 {},
                                 index});
    }
    if (found.empty())
        return sdk::ReadOutcome::retry_later(
            {"csv.document.gone",
             ref.key.str() + ": no longer in " + ref.location +
                 "; it is read again if it reappears, and needs nothing if it was removed"});
    if (fingerprint_of(found) != ref.fingerprint)
        return sdk::ReadOutcome::retry_later(
            {"csv.document.changed", ref.key.str() + ": its rows changed since the listing, "
                                                     "probably while the export was written; "
                                                     "read at the next pass"});
    if (found.size() > 1) {
        std::string places;
        for (std::size_t i = 0; i < found.size(); ++i)
            places += (i == 0 ? "" : i + 1 == found.size() ? " and " : ", ") + found[i].place;
        bool customer = ref.key.kind == sdk::DocumentKind::customer;
        return sdk::ReadOutcome::rejected(
            {customer ? "csv.customer.duplicate" : "csv.invoice.duplicate",
             std::string(customer ? "customer" : "invoice") + " number " + ref.key.number +
                 " is given at " + places + "; " +
                 (customer ? "keep one row for each customer" : "export each invoice once") +
                 ", and the document is read again"});
    }
    const Entry& entry = *found.front().entry;
    if (entry.rejection) {
        host_.log(sdk::LogLevel::warning, ref.key, entry.rejection->code, entry.rejection->message);
        return sdk::ReadOutcome::rejected(*entry.rejection);
    }
    sdk::Document document = entry.document;
    // The ledger records a document's issue date; a customer's is its listing's date.
    if (ref.key.kind == sdk::DocumentKind::customer)
        document.issue_date = ref.date;
    return sdk::ReadOutcome::read(std::move(document));
}

}  // namespace ferry::csv
