#include "novax_source.hpp"

#include <algorithm>
#include <ctime>
#include <functional>
#include <map>

#include "file_name.hpp"
#include "oioubl_parser.hpp"

namespace ferry::novax {
namespace {

// NOVAX runs in Danish clinics: a file written just after midnight belongs to that day there,
// so the modification time is read in the host's local time zone.
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

NovaxSource::NovaxSource(NovaxSettings settings, sdk::HostServices& host)
    : max_file_bytes_(settings.max_file_bytes()), settle_(settings.settle.span()), host_(host) {
    for (std::size_t i = 0; i < settings.servers.size(); ++i) {
        ServerSettings& server = settings.servers[i];
        std::string name = "server " + std::to_string(i + 1) + " (" + server.location + ")";
        std::unique_ptr<files::Share> share;
        if (!server.inactive)
            share = files::open_share(server.access(), "novax");
        servers_.push_back({std::move(server), std::move(share), std::move(name), std::nullopt});
    }
}

void NovaxSource::list(sdk::ListingVisitor& out) {
    std::size_t ignored = 0;
    for (std::size_t i = 0; i < servers_.size(); ++i) {
        servers_[i].away.reset();
        if (!servers_[i].settings.inactive)
            ignored += list_server(i, out);
    }
    if (ignored > 0) {
        out.ignored(ignored);
        host_.log(sdk::LogLevel::debug, "novax.list.ignored",
                  std::to_string(ignored) + " files that are not NOVAX documents ignored");
    }
}

// Names that differ from NOVAX's own only in the case of their fixed parts
// (`NOVAX_1_11223344_faktura.XML`) name the same document as NOVAX's name would. They are rare,
// so they wait until the listing has ended: a document whose NOVAX-named file exists is that
// file's, and one named only in odd cases, more than once, is nobody's until a person removes
// the extra files. Never the directory's order. Keys of the NOVAX-named files are kept as
// hashes: 8 bytes per listed file.
class NovaxSource::OddNames {
  public:
    void novax_named(const sdk::DocumentKey& key) { novax_named_.push_back(hash(key)); }
    void odd_named(sdk::DocumentRef ref, std::string name) {
        odd_.push_back({std::move(ref), std::move(name)});
    }

    void report(const std::string& server, sdk::ListingVisitor& out) {
        std::sort(novax_named_.begin(), novax_named_.end());
        std::map<sdk::DocumentKey, std::vector<Odd*>> by_key;
        for (Odd& odd : odd_)
            by_key[odd.ref.key].push_back(&odd);
        for (auto& [key, names] : by_key) {
            bool has_novax_name =
                std::binary_search(novax_named_.begin(), novax_named_.end(), hash(key));
            if (!has_novax_name && names.size() == 1) {
                out.document(std::move(names.front()->ref));
                continue;
            }
            std::string listed;
            for (const Odd* odd : names)
                listed += (listed.empty() ? "" : ", ") + odd->name;
            out.problem(
                {"novax.file.same_document",
                 server + ": " + listed +
                     (has_novax_name ? ": the same document as " + canonical_file_name(key) +
                                           " in other letter case; that file is delivered, remove "
                                           "this one"
                                     : ": name one document in differing letter case; none is "
                                       "delivered until only one is left")});
        }
    }

  private:
    struct Odd {
        sdk::DocumentRef ref;
        std::string name;
    };
    static std::size_t hash(const sdk::DocumentKey& key) {
        return std::hash<std::string>{}(key.str());
    }

    std::vector<std::size_t> novax_named_;
    std::vector<Odd> odd_;
};

// Returns how many files were not NOVAX documents.
std::size_t NovaxSource::list_server(std::size_t index, sdk::ListingVisitor& out) {
    Server& server = servers_[index];
    std::size_t ignored = 0;
    OddNames odd_names;
    std::optional<sdk::Problem> problem = server.share->list([&](const files::FileEntry& file) {
        auto key = parse_file_name(file.name);
        if (!key) {
            ++ignored;
            return;
        }
        if (file.leaves_folder) {
            out.problem({"novax.file.link_outside",
                         server.name + ": " + file.name +
                             ": a symbolic link that leads out of the folder; Ferry does not "
                             "follow it. Put the file itself into the folder"});
            return;
        }
        sdk::DocumentRef ref;
        ref.key = std::move(*key);
        ref.date = local_date(file.mtime);
        ref.fingerprint = fingerprint_of(file);
        ref.location = location_of(index, file.name);
        if (server.settings.first_date && ref.date < *server.settings.first_date)
            ref.skip = sdk::Problem{"novax.before_first_date",
                                    "before first_date " + server.settings.first_date->to_string()};
        if (file.name != canonical_file_name(ref.key)) {
            odd_names.odd_named(std::move(ref), file.name);
            return;
        }
        odd_names.novax_named(ref.key);
        out.document(std::move(ref));
    });
    if (problem) {
        // Which NOVAX-named files exist is not known: odd names wait for a whole listing.
        problem->message = server.name + ": " + problem->message;
        host_.log(sdk::LogLevel::warning, problem->code, problem->message);
        out.problem(std::move(*problem));
        return ignored;
    }
    odd_names.report(server.name, out);
    return ignored;
}

// How long a file that does not parse, changed at `mtime`, may still be being written: a
// writer that paused between listing and reading leaves a stable but truncated file, which is
// no reason to quarantine the document.
std::optional<std::chrono::seconds> NovaxSource::still_settling(const sdk::Problem& problem,
                                                                std::int64_t mtime) const {
    if (problem.code != "oioubl.xml.malformed")
        return std::nullopt;
    auto changed = std::chrono::system_clock::time_point(std::chrono::seconds(mtime));
    auto age = host_.now() - changed;
    // A share's clock a little ahead of ours still means "changed just now"; one ahead by more
    // than settle is a wrong clock, and waiting for it would never end.
    if (age >= settle_ || age <= -settle_)
        return std::nullopt;
    auto left = settle_ - std::max(age, decltype(age)::zero());
    return std::max(std::chrono::ceil<std::chrono::seconds>(left), std::chrono::seconds(1));
}

sdk::ReadOutcome NovaxSource::read(const sdk::DocumentRef& ref) {
    auto slash = ref.location.find('/');
    std::size_t index = servers_.size();
    if (slash != std::string::npos && slash > 0 && slash < 4) {
        try {
            index = std::stoul(ref.location.substr(0, slash));
        } catch (const std::exception&) {
        }
    }
    std::string name = slash == std::string::npos ? "" : ref.location.substr(slash + 1);
    // Only names this plugin would list are read: no separators, so no way out of the folder.
    if (index >= servers_.size() || servers_[index].settings.inactive || !parse_file_name(name))
        return sdk::ReadOutcome::rejected(
            {"novax.ref.invalid", ref.key.str() + ": the location '" + ref.location +
                                      "' does not name a file of an active server; list again"});
    Server& server = servers_[index];
    if (server.away)
        return sdk::ReadOutcome::retry_later(*server.away);

    auto contents = server.share->read(name, max_file_bytes_);
    if (!contents) {
        sdk::Problem problem = contents.problem();
        problem.message = server.name + ": " + problem.message;
        host_.log(sdk::LogLevel::warning, ref.key, problem.code, problem.message);
        if (problem.code == "novax.file.too_large")
            return sdk::ReadOutcome::rejected(std::move(problem));
        // Neither is the document's fault: a server that went away, or a file locked, moved or
        // denied for now. The next pass reads it again.
        if (files::is_server_failure(problem))
            server.away = sdk::Problem{problem.code, server.name +
                                                         ": did not answer earlier in this pass; "
                                                         "its documents are read at the next pass"};
        return sdk::ReadOutcome::retry_later(std::move(problem));
    }
    // A file that changed since it was listed is probably still being written: what was read
    // may be half a document, and the next listing sees it whole under a new fingerprint.
    auto listed = listed_size_and_time(ref.fingerprint);
    if (listed && (listed->first != contents.value().bytes.size() ||
                   listed->second != contents.value().mtime)) {
        sdk::Problem problem{"novax.file.changing",
                             server.name + ": " + name +
                                 ": changed since it was listed, probably still being written; "
                                 "read at the next pass"};
        host_.log(sdk::LogLevel::warning, ref.key, problem.code, problem.message);
        return sdk::ReadOutcome::retry_later(std::move(problem));
    }
    ParseOutcome outcome = parse_oioubl(contents.value().bytes, {ref.key, name, max_file_bytes_});
    for (const sdk::Problem& warning : outcome.warnings)
        host_.log(sdk::LogLevel::warning, ref.key, warning.code, warning.message);
    if (!outcome.document) {
        if (auto wait = still_settling(outcome.document.problem(), contents.value().mtime)) {
            sdk::Problem problem{"novax.file.incomplete",
                                 server.name + ": " + name +
                                     ": not yet well-formed and changed moments ago, probably "
                                     "still being written; read again after settle"};
            return sdk::ReadOutcome::retry_later(std::move(problem), wait);
        }
        host_.log(sdk::LogLevel::warning, ref.key, outcome.document.problem().code,
                  outcome.document.problem().message);
        return sdk::ReadOutcome::rejected(outcome.document.problem());
    }
    return sdk::ReadOutcome::read(std::move(outcome.document.value()));
}

}  // namespace ferry::novax
