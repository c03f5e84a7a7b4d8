#include "peppol_source.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <functional>
#include <map>
#include <set>

namespace ferry::peppol {
namespace {

// Used where a file names no issue date: its modification time, in the host's time zone (a
// file written just after midnight belongs to that day where it was written).
sdk::Date local_date(std::int64_t mtime) {
    std::time_t seconds = static_cast<std::time_t>(mtime);
    std::tm local{};
    localtime_r(&seconds, &local);
    return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

// "<server index>/<file name>": enough to find the file again in the same process.
std::string location_of(std::size_t server, const std::string& name) {
    return std::to_string(server) + "/" + name;
}

// "<name>:<size>-<mtime>": what the file looked like when it was listed.
std::string fingerprint_of(const files::FileEntry& file) {
    return file.name + ":" + std::to_string(file.size) + "-" + std::to_string(file.mtime);
}

// The size and time a fingerprint of this plugin records; nullopt for any other text.
std::optional<std::pair<std::uint64_t, std::int64_t>> listed_size_and_time(
    const std::string& fingerprint) {
    auto colon = fingerprint.rfind(':');
    auto dash = colon == std::string::npos ? colon : fingerprint.find('-', colon + 1);
    if (dash == std::string::npos)
        return std::nullopt;
    try {
        std::size_t size_end = 0, time_end = 0;
        std::string size_text = fingerprint.substr(colon + 1, dash - colon - 1);
        std::string time_text = fingerprint.substr(dash + 1);
        auto size = std::stoull(size_text, &size_end);
        auto time = std::stoll(time_text, &time_end);
        if (size_end != size_text.size() || time_end != time_text.size())
            return std::nullopt;
        return std::pair{static_cast<std::uint64_t>(size), static_cast<std::int64_t>(time)};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

const ubl::Profile& peppol_profile() {
    static const ubl::Profile profile{
        "peppol", "peppol", "Peppol BIS 3",
        "have the invoicing system issue the document again, corrected", false};
    return profile;
}

bool is_candidate(const std::string& name) {
    if (name.size() < 5 || name.front() == '.' || name.find('/') != std::string::npos)
        return false;
    std::string extension = name.substr(name.size() - 4);
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".xml";
}

struct PeppolSource::Listed {
    sdk::DocumentRef ref;
    std::string place;  // "server 1 (...): faktura.xml", for messages
    std::size_t content_hash = 0;
};

PeppolSource::PeppolSource(PeppolSettings settings, sdk::HostServices& host)
    : suppliers_(std::move(settings.suppliers)),
      max_file_bytes_(settings.max_file_bytes()),
      settle_(settings.settle.span()),
      host_(host) {
    for (std::size_t i = 0; i < settings.servers.size(); ++i) {
        ServerSettings& server = settings.servers[i];
        std::string name = "server " + std::to_string(i + 1) + " (" + server.location + ")";
        std::string folder = server.location + "\x1f" + server.domain + "\x1f" + server.username;
        std::unique_ptr<files::Share> share;
        if (!server.inactive)
            share = files::open_share(server.access(), "peppol");
        servers_.push_back(
            {std::move(server), std::move(share), std::move(name), std::move(folder), {}});
    }
}

sdk::Problem PeppolSource::server_problem(Server& server, sdk::Problem problem) {
    problem.message = server.name + ": " + problem.message;
    if (files::is_server_failure(problem))
        server.away = sdk::Problem{problem.code, server.name +
                                                     ": did not answer earlier in this pass; "
                                                     "its documents are read at the next pass"};
    return problem;
}

// A file that does not parse and changed less than `settle` ago may still be being written:
// a writer that paused leaves a stable but truncated file, no reason to quarantine anything.
std::optional<std::chrono::seconds> PeppolSource::still_settling(std::int64_t mtime) const {
    auto changed = std::chrono::system_clock::time_point(std::chrono::seconds(mtime));
    auto age = host_.now() - changed;
    // A share's clock a little ahead of ours still means "changed just now"; one ahead by more
    // than settle is a wrong clock, and waiting for it would never end.
    if (age >= settle_ || age <= -settle_)
        return std::nullopt;
    auto left = settle_ - std::max(age, decltype(age)::zero());
    return std::max(std::chrono::ceil<std::chrono::seconds>(left), std::chrono::seconds(1));
}

std::optional<FileIdentity> PeppolSource::identity_of(Server& server, const files::FileEntry& file,
                                                      sdk::ListingVisitor& out) {
    IdentityCache& cache = IdentityCache::shared();
    if (auto known = cache.find(server.folder, file.name, file.size, file.mtime, max_file_bytes_))
        return known;
    auto contents = server.share->read(file.name, max_file_bytes_);
    FileIdentity identity{file.size, file.mtime, max_file_bytes_, sdk::Problem{}, 0};
    if (!contents) {
        if (contents.problem().code != "peppol.file.too_large") {
            sdk::Problem problem = server_problem(server, contents.problem());
            host_.log(sdk::LogLevel::warning, problem.code, problem.message);
            out.problem(std::move(problem));
            return std::nullopt;
        }
        identity.identity = contents.problem();
    } else {
        // Changed while it was listed: still being written. The next listing sees it whole.
        if (contents.value().bytes.size() != file.size || contents.value().mtime != file.mtime)
            return std::nullopt;
        const std::string& bytes = contents.value().bytes;
        identity.identity = ubl::identify(bytes, file.name, max_file_bytes_, peppol_profile());
        identity.content_hash = std::hash<std::string>{}(bytes);
    }
    cache.store(server.folder, file.name, identity);
    return identity;
}

void PeppolSource::list_server(std::size_t index, std::vector<Listed>& found, std::size_t& ignored,
                               sdk::ListingVisitor& out) {
    Server& server = servers_[index];
    std::vector<files::FileEntry> entries;
    std::optional<sdk::Problem> problem = server.share->list([&](const files::FileEntry& file) {
        if (!is_candidate(file.name))
            ++ignored;
        else if (file.leaves_folder)
            out.problem({"peppol.file.link_outside",
                         server.name + ": " + file.name +
                             ": a symbolic link that leads out of the folder; Ferry does not "
                             "follow it. Put the file itself into the folder"});
        else
            entries.push_back(file);
    });
    if (problem) {
        problem->message = server.name + ": " + problem->message;
        host_.log(sdk::LogLevel::warning, problem->code, problem->message);
        out.problem(std::move(*problem));
        return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    const auto& first_date = server.settings.first_date;
    std::set<std::string> names;
    for (const files::FileEntry& file : entries) {
        names.insert(file.name);
        auto identity = identity_of(server, file, out);
        if (server.away)
            return;  // the rest waits for the next pass; the cache keeps what it knows
        if (!identity)
            continue;
        Listed listed;
        sdk::DocumentRef& ref = listed.ref;
        ref.fingerprint = fingerprint_of(file);
        ref.location = location_of(index, file.name);
        listed.place = server.name + ": " + file.name;
        listed.content_hash = identity->content_hash;
        if (identity->identity) {
            const ubl::Identity& known = identity->identity.value();
            ref.key = known.key;
            ref.date = known.issue_date.value_or(local_date(file.mtime));
            if (!suppliers_.empty() && std::find(suppliers_.begin(), suppliers_.end(),
                                                 ref.key.company) == suppliers_.end())
                ref.skip = sdk::Problem{"peppol.supplier.not_listed",
                                        "supplier " + ref.key.company + " is not in suppliers"};
        } else {
            // Not yet a document, perhaps because it is still being written: left for a later
            // pass while it settles, then listed so that reading it rejects it with the reason.
            if (still_settling(file.mtime)) {
                host_.log(sdk::LogLevel::debug, "peppol.file.settling",
                          server.name + ": " + file.name +
                              ": names no document yet and changed moments ago; listed once "
                              "settled");
                continue;
            }
            ref.key = {unidentified_company, sdk::DocumentKind::invoice, file.name};
            ref.date = local_date(file.mtime);
        }
        if (!ref.skip && first_date && ref.date < *first_date)
            ref.skip = sdk::Problem{"peppol.before_first_date",
                                    "before first_date " + first_date->to_string()};
        found.push_back(std::move(listed));
    }
    IdentityCache::shared().keep_only(server.folder, names);
}

void PeppolSource::list(sdk::ListingVisitor& out) {
    std::vector<Listed> found;
    std::size_t ignored = 0;
    for (std::size_t i = 0; i < servers_.size(); ++i) {
        servers_[i].away.reset();
        if (!servers_[i].settings.inactive)
            list_server(i, found, ignored, out);
    }
    // One document in several files: copies of one file are one document, delivered from the
    // first file; different contents under one key are no document until a person removes
    // the extra files (which one is right is not Ferry's to guess).
    std::stable_sort(found.begin(), found.end(),
                     [](const Listed& a, const Listed& b) { return a.ref.key < b.ref.key; });
    for (auto group = found.begin(); group != found.end();) {
        auto end = std::find_if(group, found.end(),
                                [&](const Listed& l) { return l.ref.key != group->ref.key; });
        bool copies = std::all_of(
            group, end, [&](const Listed& l) { return l.content_hash == group->content_hash; });
        if (end - group == 1 || copies) {
            for (auto copy = group + 1; copy != end; ++copy)
                host_.log(sdk::LogLevel::info, group->ref.key, "peppol.file.copy",
                          copy->place + ": a copy of " + group->place + "; delivered once");
            ignored += static_cast<std::size_t>(end - group - 1);
            out.document(std::move(group->ref));
        } else {
            std::string places;
            for (auto it = group; it != end; ++it)
                places += (places.empty() ? "" : ", ") + it->place;
            out.problem({"peppol.file.same_document",
                         group->ref.key.str() + ": given by " + places +
                             " with different contents; none is delivered until only one is "
                             "left in the folders"});
        }
        group = end;
    }
    if (ignored > 0)
        out.ignored(ignored);
}

bool PeppolSource::delivers(const sdk::DocumentKey& key) const {
    if (!suppliers_.empty() &&
        std::find(suppliers_.begin(), suppliers_.end(), key.company) == suppliers_.end())
        return false;
    for (const Server& server : servers_) {
        if (server.settings.inactive)
            continue;
        std::optional<ubl::Identity> identity =
            IdentityCache::shared().identity_of(server.folder, key);
        if (!identity)
            continue;
        const auto& first_date = server.settings.first_date;
        return !(first_date && identity->issue_date && *identity->issue_date < *first_date);
    }
    return false;
}

sdk::ReadOutcome PeppolSource::read(const sdk::DocumentRef& ref) {
    auto slash = ref.location.find('/');
    std::size_t index = servers_.size();
    if (slash != std::string::npos && slash > 0 && slash < 4 &&
        std::all_of(ref.location.begin(), ref.location.begin() + static_cast<std::ptrdiff_t>(slash),
                    [](char c) { return c >= '0' && c <= '9'; }))
        index = std::stoul(ref.location.substr(0, slash));
    std::string name = slash == std::string::npos ? "" : ref.location.substr(slash + 1);
    // Only names this plugin would list are read: no separators, so no way out of the folder.
    if (index >= servers_.size() || servers_[index].settings.inactive || !is_candidate(name))
        return sdk::ReadOutcome::rejected(
            {"peppol.ref.invalid", ref.key.str() + ": the location '" + ref.location +
                                       "' does not name a file of an active server; list again"});
    Server& server = servers_[index];
    if (server.away)
        return sdk::ReadOutcome::retry_later(*server.away);

    auto contents = server.share->read(name, max_file_bytes_);
    if (!contents) {
        sdk::Problem problem = contents.problem();
        if (problem.code == "peppol.file.too_large") {
            problem.message = server.name + ": " + problem.message;
            host_.log(sdk::LogLevel::warning, ref.key, problem.code, problem.message);
            return sdk::ReadOutcome::rejected(std::move(problem));
        }
        // Neither is the document's fault: a server that went away, or a file locked, moved or
        // denied for now. The next pass reads it again.
        problem = server_problem(server, std::move(problem));
        host_.log(sdk::LogLevel::warning, ref.key, problem.code, problem.message);
        return sdk::ReadOutcome::retry_later(std::move(problem));
    }
    auto listed = listed_size_and_time(ref.fingerprint);
    if (listed && (listed->first != contents.value().bytes.size() ||
                   listed->second != contents.value().mtime)) {
        sdk::Problem problem{"peppol.file.changing",
                             server.name + ": " + name +
                                 ": changed since it was listed, probably still being written; "
                                 "read at the next pass"};
        host_.log(sdk::LogLevel::warning, ref.key, problem.code, problem.message);
        return sdk::ReadOutcome::retry_later(std::move(problem));
    }
    ubl::ParseOutcome outcome = ubl::parse_ubl(
        contents.value().bytes, {std::nullopt, name, max_file_bytes_}, peppol_profile());
    for (const sdk::Problem& warning : outcome.warnings)
        host_.log(sdk::LogLevel::warning, ref.key, warning.code, warning.message);
    if (!outcome.document) {
        const sdk::Problem& problem = outcome.document.problem();
        if (problem.code == "peppol.xml.malformed")
            if (auto wait = still_settling(contents.value().mtime))
                return sdk::ReadOutcome::retry_later(
                    {"peppol.file.incomplete",
                     server.name + ": " + name +
                         ": not yet well-formed and changed moments ago, probably still being "
                         "written; read again after settle"},
                    wait);
        host_.log(sdk::LogLevel::warning, ref.key, problem.code, problem.message);
        return sdk::ReadOutcome::rejected(problem);
    }
    if (outcome.document.value().key != ref.key) {
        // The file holds another document than when it was listed, under the same name, size
        // and time: list it again rather than deliver it under the wrong key.
        IdentityCache::shared().forget(server.folder, name);
        sdk::Problem problem{"peppol.file.changed",
                             server.name + ": " + name + ": now holds " +
                                 outcome.document.value().key.str() +
                                 ", not the document listed; listed again at the next pass"};
        host_.log(sdk::LogLevel::warning, ref.key, problem.code, problem.message);
        return sdk::ReadOutcome::retry_later(std::move(problem));
    }
    sdk::Document& document = outcome.document.value();
    if (document.key.kind == sdk::DocumentKind::credit_note &&
        !document.references.billed_invoice.empty()) {
        sdk::DocumentKey credited{document.key.company, sdk::DocumentKind::invoice,
                                  document.references.billed_invoice};
        if (delivers(credited))
            document.prerequisites.push_back(std::move(credited));
    }
    return sdk::ReadOutcome::read(std::move(document));
}

}  // namespace ferry::peppol
