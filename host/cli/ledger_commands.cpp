#include "cli/ledger_commands.hpp"

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "cli/with_open_pipeline.hpp"
#include "ledger/ledger_json.hpp"
#include "ledger/ledger_record.hpp"
#include "operator/ledger_actions.hpp"
#include "support/event_log.hpp"
#include "support/json_text.hpp"

namespace ferry {
using sdk::State;

namespace {

std::string timestamp(sdk::TimePoint at) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(at));
}

// The ledger commands need only the store.
template <class Action>
int with_ledger(const GlobalOptions& options, const std::string& file, sdk::Access access,
                Action action) {
    return with_open_pipeline(options, file, access, OpenPipeline::Parts::store_only, action);
}

// A document is named by its full key ("11223344/invoice/1042") or, when unambiguous, its number.
std::vector<sdk::LedgerRecord> find_documents(sdk::Store& store, const std::string& name) {
    std::vector<sdk::LedgerRecord> matches;
    if (auto key = sdk::DocumentKey::parse(name)) {
        if (auto record = store.find(*key))
            matches.push_back(*record);
        return matches;
    }
    store.scan([&](const sdk::LedgerRecord& record) {
        if (record.key.number == name)
            matches.push_back(record);
        return true;
    });
    return matches;
}

std::optional<sdk::LedgerRecord> one_document(sdk::Store& store, const std::string& name) {
    auto matches = find_documents(store, name);
    if (matches.size() == 1)
        return matches.front();
    if (matches.empty())
        std::cerr << fmt::format(
            "error: no document '{}' in the ledger; name it as "
            "COMPANY/KIND/NUMBER (e.g. 11223344/invoice/1042)\n",
            name);
    else {
        std::cerr << fmt::format("error: '{}' names {} documents; give the full key:\n", name,
                                 matches.size());
        for (const auto& record : matches)
            std::cerr << "  " << record.key.str() << "\n";
    }
    return std::nullopt;
}

}  // namespace

namespace {

std::string amount(const std::optional<sdk::Decimal>& value) {
    return value ? value->to_string() : std::string();
}

// One document as the target holds it: what a person checks against the accounting system.
nlohmann::json document_json(const sdk::LedgerRecord& r) {
    nlohmann::json target = nlohmann::json::object();
    for (const auto& [name, value] : r.target)
        target[name] = value;
    return {{"company", r.key.company}, {"kind", sdk::to_string(r.key.kind)},
            {"number", r.key.number},   {"state", sdk::to_string(r.state)},
            {"code", r.error_code},     {"reason", r.error_text},
            {"target", target},         {"net", amount(r.net)},
            {"vat", amount(r.vat)},     {"gross", amount(r.gross)}};
}

// Ledger text comes from outside (file names, a target's error body): on a terminal it could
// carry escape sequences or break lines, so every line of it is shown as the log shows it.
void print_line(std::string_view line) {
    std::cout << printable(line) << '\n';
}

std::string document_line(const sdk::LedgerRecord& r) {
    std::string line = fmt::format("  {} {}", r.key.str(), sdk::to_string(r.state));
    for (const auto& [name, value] : r.target)
        line += fmt::format(" {}={}", name, value);
    if (r.gross)
        line +=
            fmt::format(" net={} vat={} gross={}", amount(r.net), amount(r.vat), amount(r.gross));
    if (!r.error_code.empty())
        line += fmt::format(" ({}): {}", r.error_code, r.error_text);
    return line;
}

}  // namespace

int status_command(const GlobalOptions& options, const std::string& file, bool json,
                   bool documents) {
    return with_ledger(options, file, sdk::Access::read_only, [&](OpenPipeline& pipeline) {
        std::map<std::string, std::map<State, std::size_t>> counts;
        std::vector<sdk::LedgerRecord> failures, changed, unresolved, all;
        pipeline.store().scan([&](const sdk::LedgerRecord& record) {
            ++counts[record.key.company][record.state];
            if (documents)
                all.push_back(record);
            if (record.state == State::rejected || record.state == State::retry_later)
                failures.push_back(record);
            if (record.state == State::intent)
                unresolved.push_back(record);
            if (!record.changed_fingerprint.empty())
                changed.push_back(record);
            return true;
        });
        std::sort(failures.begin(), failures.end(),
                  [](const auto& a, const auto& b) { return a.updated > b.updated; });
        if (failures.size() > 20)
            failures.resize(20);

        if (json) {
            nlohmann::json out;
            out["pipeline"] = pipeline.config().name;
            for (const auto& [company, states] : counts)
                for (const auto& [state, count] : states)
                    out["companies"][company][std::string(sdk::to_string(state))] = count;
            auto list = [](const std::vector<sdk::LedgerRecord>& records) {
                nlohmann::json array = nlohmann::json::array();
                for (const auto& r : records)
                    array.push_back({{"document", r.key.str()},
                                     {"state", sdk::to_string(r.state)},
                                     {"code", r.error_code},
                                     {"reason", r.error_text},
                                     {"attempts", r.attempts},
                                     {"updated", timestamp(r.updated)}});
                return array;
            };
            out["failures"] = list(failures);
            out["changed_after_delivery"] = list(changed);
            out["unresolved_intents"] = list(unresolved);
            if (documents) {
                out["documents"] = nlohmann::json::array();
                for (const auto& record : all)
                    out["documents"].push_back(document_json(record));
            }
            std::cout << json_text(out, 2) << "\n";
            return exit_code::ok;
        }

        print_line(fmt::format("pipeline {}", pipeline.config().name));
        if (counts.empty())
            std::cout << "  the ledger is empty: no pass has run yet\n";
        for (const auto& [company, states] : counts) {
            std::string line = fmt::format("  company {}:", company);
            for (const auto& [state, count] : states)
                line += fmt::format(" {} {}", sdk::to_string(state), count);
            print_line(line);
        }
        if (documents && !all.empty())
            std::cout << "documents:\n";
        for (const auto& record : all)
            print_line(document_line(record));
        if (!failures.empty())
            std::cout << "last failures:\n";
        for (const auto& r : failures)
            print_line(fmt::format("  {} {} {} ({}): {}", timestamp(r.updated), r.key.str(),
                                   sdk::to_string(r.state), r.error_code, r.error_text));
        if (!changed.empty())
            std::cout << "warning: re-issued after delivery, not delivered again; check by hand:\n";
        for (const auto& r : changed)
            print_line("  " + r.key.str());
        if (!unresolved.empty())
            std::cout << "warning: interrupted deliveries not yet resolved with the target:\n";
        for (const auto& r : unresolved)
            print_line("  " + r.key.str());
        return exit_code::ok;
    });
}

int explain_command(const GlobalOptions& options, const std::string& file,
                    const std::string& document) {
    return with_ledger(options, file, sdk::Access::read_only, [&](OpenPipeline& pipeline) {
        auto record = one_document(pipeline.store(), document);
        if (!record)
            return exit_code::failure;
        print_line(record->attempts == 0 && is_linked_by_hand(*record)
                       ? fmt::format("{}: {}, linked by hand", record->key.str(),
                                     sdk::to_string(record->state))
                       : fmt::format("{}: {} after {} attempt(s)", record->key.str(),
                                     sdk::to_string(record->state), record->attempts));
        if (record->date)
            print_line("  date: " + record->date->to_string());
        for (const auto& [name, value] : record->target)
            print_line(fmt::format("  {}: {}", name, value));
        if (!record->error_code.empty())
            print_line(fmt::format("  last error: {}: {}", record->error_code, record->error_text));
        if (record->state == State::retry_later)
            std::cout << "  next attempt: " << timestamp(record->next_attempt) << "\n";
        if (!record->changed_fingerprint.empty())
            std::cout << "  warning: the source re-issued it after delivery; it was not delivered "
                         "again\n";
        std::cout << "history:\n";
        for (const auto& entry : record->history)
            print_line(fmt::format("  {} {:<12} {}", timestamp(entry.at),
                                   sdk::to_string(entry.state), entry.note));
        return exit_code::ok;
    });
}

namespace {

int resend_command(const GlobalOptions& options, const std::string& file,
                   const std::string& document) {
    return with_open_pipeline(options, file, sdk::Access::read_write, OpenPipeline::Parts::all,
                              [&](OpenPipeline& pipeline) {
                                  auto record = one_document(pipeline.store(), document);
                                  if (!record)
                                      return exit_code::failure;
                                  ActionResult result = resend_document(pipeline.parts(), *record,
                                                                        pipeline.services().now(),
                                                                        ActionOrigin::command_line);
                                  if (!result.done) {
                                      std::cerr << "error: " << result.message;
                                      if (record->state != State::delivered)
                                          std::cerr << fmt::format(
                                              "; `ferry retry {} {}` retries a rejected, "
                                              "retry-later or skipped one",
                                              file, record->key.str());
                                      std::cerr << "\n";
                                      return exit_code::failure;
                                  }
                                  std::cout << result.message << "\n";
                                  return exit_code::ok;
                              });
}

}  // namespace

int retry_command(const GlobalOptions& options, const std::string& file,
                  const std::string& document, bool all_rejected, bool resend) {
    if (resend)
        return resend_command(options, file, document);
    return with_ledger(options, file, sdk::Access::read_write, [&](OpenPipeline& pipeline) {
        std::vector<sdk::LedgerRecord> records;
        if (all_rejected) {
            pipeline.store().scan([&](const sdk::LedgerRecord& r) {
                if (r.state == State::rejected)
                    records.push_back(r);
                return true;
            });
        } else if (auto record = one_document(pipeline.store(), document)) {
            records.push_back(*record);
        } else {
            return exit_code::failure;
        }
        auto now = pipeline.services().now();
        for (auto& record : records) {
            ActionResult result =
                retry_document(pipeline.store(), record, now, ActionOrigin::command_line);
            if (!result.done) {
                std::cerr << "error: " << result.message
                          << (result.resend_instead
                                  ? "; if its booking was deleted in the target, add --resend"
                                  : "")
                          << "\n";
                return exit_code::failure;
            }
            std::cout << result.message << "\n";
        }
        return exit_code::ok;
    });
}

int skip_command(const GlobalOptions& options, const std::string& file, const std::string& document,
                 const std::string& reason) {
    return with_ledger(options, file, sdk::Access::read_write, [&](OpenPipeline& pipeline) {
        std::optional<sdk::LedgerRecord> record;
        if (auto key = sdk::DocumentKey::parse(document)) {
            record = pipeline.store().find(*key);
            if (!record) {
                record.emplace();
                record->key = *key;
                record->created = pipeline.services().now();
            }
        } else {
            record = one_document(pipeline.store(), document);
            if (!record)
                return exit_code::failure;
        }
        ActionResult result = skip_document(pipeline.store(), *record, reason,
                                            pipeline.services().now(), ActionOrigin::command_line);
        (result.done ? std::cout : std::cerr)
            << (result.done ? "" : "error: ") << result.message << "\n";
        return result.done ? exit_code::ok : exit_code::failure;
    });
}

int ledger_export_command(const GlobalOptions& options, const std::string& file,
                          const std::string& output) {
    return with_ledger(options, file, sdk::Access::read_only, [&](OpenPipeline& pipeline) {
        // The export holds what the ledger holds, so it is made 0600 like the ledger's files,
        // and an older file at that name is narrowed before anything is written into it.
        std::optional<__gnu_cxx::stdio_filebuf<char>> file_buffer;
        if (output != "-") {
            int fd =
                ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0 || ::fchmod(fd, 0600) != 0) {
                std::cerr << "error: cannot write " << output << ": " << std::strerror(errno)
                          << "\n";
                if (fd >= 0)
                    ::close(fd);
                return exit_code::failure;
            }
            file_buffer.emplace(fd, std::ios::out);
        }
        std::ostream out_file(file_buffer ? &*file_buffer : nullptr);
        std::ostream& out = output == "-" ? std::cout : out_file;
        std::size_t count = export_json_lines(pipeline.store(), out);
        out.flush();
        if (!out) {
            std::cerr << "error: writing " << output << " failed (disk full?)\n";
            return exit_code::failure;
        }
        std::cerr << fmt::format("exported {} record(s) of pipeline {}\n", count,
                                 pipeline.config().name);
        return exit_code::ok;
    });
}

int ledger_import_command(const GlobalOptions& options, const std::string& file,
                          const std::string& input) {
    return with_ledger(options, file, sdk::Access::read_write, [&](OpenPipeline& pipeline) {
        std::ifstream in_file;
        if (input != "-") {
            in_file.open(input);
            if (!in_file) {
                std::cerr << "error: cannot read " << input << "\n";
                return exit_code::failure;
            }
        }
        std::size_t count = import_json_lines(input == "-" ? std::cin : in_file, pipeline.store());
        std::cerr << fmt::format("imported {} record(s) into pipeline {}\n", count,
                                 pipeline.config().name);
        return exit_code::ok;
    });
}

}  // namespace ferry
