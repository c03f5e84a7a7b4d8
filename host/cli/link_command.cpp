#include "cli/link_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <set>

#include "cli/with_open_pipeline.hpp"
#include "ledger/ledger_record.hpp"
#include "operator/ledger_actions.hpp"
#include "reports/customer_matches.hpp"
#include "support/json_text.hpp"

namespace ferry {
using sdk::DocumentKind;
using Json = nlohmann::ordered_json;

namespace {

class CustomerListing : public sdk::ListingVisitor {
  public:
    void document(sdk::DocumentRef ref) override {
        if (ref.key.kind == DocumentKind::customer && !ref.skip)
            refs.push_back(std::move(ref));
    }
    void problem(sdk::Problem problem) override {
        std::cerr << "warning: the source: " << problem.code << ": " << problem.message << "\n";
    }
    void ignored(std::size_t) override {}

    std::vector<sdk::DocumentRef> refs;
};

// What the link command knows of one pipeline: the source's customers, the target's, and which
// of the target's the ledger already names.
struct Sides {
    std::vector<SourceCustomer> unlinked;
    std::vector<sdk::DocumentRef> listed;
    std::size_t linked = 0;
    std::size_t unreadable = 0;
    std::map<std::string, std::vector<sdk::TargetCustomer>> target;  // by company
    std::map<std::string, std::vector<sdk::TargetCustomer>> unclaimed;
};

bool names(const sdk::TargetRefs& held, const sdk::TargetRefs& wanted) {
    for (const auto& [name, value] : wanted)
        if (auto it = held.find(name); it == held.end() || it->second != value)
            return false;
    return !wanted.empty();
}

std::optional<Sides> read_sides(OpenPipeline& pipeline) {
    const PipelineParts& parts = pipeline.parts();
    Sides sides;
    CustomerListing listing;
    parts.source->list(listing);
    sides.listed = listing.refs;

    // One look at the ledger says both which source customers are linked or delivered and
    // which of the target's customers they name.
    std::vector<sdk::TargetRefs> claimed;
    std::set<sdk::DocumentKey> held;
    pipeline.store().scan([&](const sdk::LedgerRecord& record) {
        if (record.key.kind == DocumentKind::customer && target_holds(record)) {
            claimed.push_back(record.target);
            held.insert(record.key);
        }
        return true;
    });
    std::set<std::string> companies;
    for (const sdk::DocumentRef& ref : listing.refs) {
        companies.insert(ref.key.company);
        if (held.contains(ref.key)) {
            ++sides.linked;
            continue;
        }
        sdk::ReadOutcome read = parts.source->read(ref);
        if (read.status != sdk::ReadOutcome::Status::read || !read.document.customer_record) {
            ++sides.unreadable;
            std::cerr << "warning: " << ref.key.str() << " cannot be read: " << read.problem.code
                      << ": " << read.problem.message << "\n";
            continue;
        }
        sides.unlinked.push_back({ref, *read.document.customer_record});
    }
    for (const std::string& company : companies) {
        sdk::Result<std::vector<sdk::TargetCustomer>> customers = parts.sink->customers(company);
        if (!customers) {
            std::cerr << "error: cannot list the target's customers for company " << company << ": "
                      << customers.problem().code << ": " << customers.problem().message << "\n";
            return std::nullopt;
        }
        sides.target[company] = customers.value();
        for (const sdk::TargetCustomer& customer : customers.value())
            if (std::none_of(claimed.begin(), claimed.end(), [&](const sdk::TargetRefs& held) {
                    return names(held, customer.target);
                }))
                sides.unclaimed[company].push_back(customer);
    }
    return sides;
}

std::string identity(const sdk::Customer& customer) {
    std::string text;
    auto add = [&](std::string_view label, const std::string& value) {
        if (!value.empty())
            text += fmt::format("{}{} {}", text.empty() ? "" : ", ", label, value);
    };
    add("CVR", customer.cvr);
    add("VAT", customer.vat_number);
    add("EAN", customer.ean);
    add("tel.", customer.telephone);
    return text.empty() ? "" : " (" + text + ")";
}

std::string line_of(const sdk::Customer& customer) {
    return fmt::format("{}{}{}", customer.name, identity(customer),
                       customer.barred ? " [barred]" : "");
}

Json customer_json(const sdk::Customer& customer) {
    return Json{{"number", customer.number}, {"name", customer.name},
                {"cvr", customer.cvr},       {"vat_number", customer.vat_number},
                {"ean", customer.ean},       {"telephone", customer.telephone},
                {"email", customer.email},   {"city", customer.address.city},
                {"barred", customer.barred}};
}

Json matches_json(const std::vector<CustomerMatch>& list) {
    Json out = Json::array();
    for (const CustomerMatch& match : list) {
        Json candidates = Json::array();
        for (const sdk::TargetCustomer& candidate : match.candidates)
            candidates.push_back(
                {{"target", candidate.target}, {"customer", customer_json(candidate.customer)}});
        out.push_back(
            {{"key", match.source.ref.key.str()},
             {"customer", customer_json(match.source.customer)},
             {"matched_by", match.matched_by ? Json(to_string(*match.matched_by)) : Json(nullptr)},
             {"candidates", candidates}});
    }
    return out;
}

void print_list(std::string_view title, std::string_view then,
                const std::vector<CustomerMatch>& list) {
    std::cout << fmt::format("\n{} ({}){}\n", title, list.size(), list.empty() ? "" : then);
    for (const CustomerMatch& match : list) {
        std::cout << fmt::format("  {}  {}\n", match.source.ref.key.str(),
                                 line_of(match.source.customer));
        for (const sdk::TargetCustomer& candidate : match.candidates)
            std::cout << fmt::format("      -> target customer {}: {}  [by {}]\n",
                                     candidate.customer.number, line_of(candidate.customer),
                                     to_string(*match.matched_by));
    }
}

// SOURCE is a listed customer's number or key.
const sdk::DocumentRef* find_listed(const Sides& sides, const std::string& source) {
    const sdk::DocumentRef* found = nullptr;
    for (const sdk::DocumentRef& ref : sides.listed)
        if (ref.key.str() == source || ref.key.number == source) {
            if (found && ref.key.str() != source)
                throw sdk::Error("link.ambiguous",
                                 source +
                                     " names customers of several companies; write it as "
                                     "COMPANY/customer/NUMBER");
            found = &ref;
        }
    return found;
}

}  // namespace

int link_customers_command(const GlobalOptions& options, const std::string& file,
                           const LinkRequest& request) {
    const bool changes = request.accept_all || !request.accept.empty() || !request.undo.empty();
    if ((request.accept_all || !request.accept.empty()) && request.winner.empty()) {
        std::cerr << "error: say which side's data wins for the links you accept: --winner "
                     "source (the next pass updates the target's customer from the source) or "
                     "--winner target (the target's customer is left as it is)\n";
        return exit_code::usage;
    }
    const LinkWinner winner = request.winner == "source" ? LinkWinner::source : LinkWinner::target;
    // Writable even to list: linking is done before the first pass, when there is no ledger
    // yet to open read-only.
    return with_open_pipeline(
        options, file, sdk::Access::read_write, OpenPipeline::Parts::all,
        [&](OpenPipeline& pipeline) {
            const PipelineParts& parts = pipeline.parts();
            if (!parts.kinds.produced.contains(DocumentKind::customer)) {
                std::cerr << fmt::format(
                    "error: pipeline {}'s source ({}) gives no customers, so there is nothing "
                    "to link\n",
                    parts.name, parts.kinds.source);
                return exit_code::usage;
            }
            std::optional<Sides> sides = read_sides(pipeline);
            if (!sides)
                return exit_code::failure;
            const sdk::TimePoint now = pipeline.services().now();
            bool failed = false;
            auto report = [&](const sdk::DocumentKey& key, const ActionResult& result) {
                (result.done ? std::cout : std::cerr)
                    << (result.done ? "" : "error: ") << result.message << "\n";
                if (result.done)
                    pipeline.services().log(sdk::LogLevel::info, key, "customer.link",
                                            result.message);
                failed = failed || !result.done;
            };

            for (const std::string& source : request.undo) {
                const sdk::DocumentRef* ref = find_listed(*sides, source);
                std::optional<sdk::LedgerRecord> record =
                    ref ? pipeline.store().find(ref->key) : std::nullopt;
                if (!record) {
                    std::cerr << "error: " << source << " is not a linked customer of pipeline "
                              << parts.name << "\n";
                    failed = true;
                    continue;
                }
                report(record->key,
                       unlink_document(pipeline.store(), *record, now, ActionOrigin::command_line));
            }

            CustomerMatches matches;
            for (const auto& [company, unclaimed] : sides->unclaimed) {
                std::vector<SourceCustomer> of_company;
                for (const SourceCustomer& customer : sides->unlinked)
                    if (customer.ref.key.company == company)
                        of_company.push_back(customer);
                CustomerMatches found = match_customers(of_company, unclaimed);
                for (auto [to, from] : {std::pair{&matches.one, &found.one},
                                        std::pair{&matches.several, &found.several},
                                        std::pair{&matches.none, &found.none}})
                    to->insert(to->end(), from->begin(), from->end());
            }
            if (request.accept_all)
                for (const CustomerMatch& match : matches.one)
                    report(match.source.ref.key,
                           link_document(pipeline.store(), match.source.ref,
                                         match.candidates.front().target, winner, now,
                                         ActionOrigin::command_line));
            for (const std::string& pair : request.accept) {
                auto equals = pair.find('=');
                const sdk::DocumentRef* ref =
                    equals == pair.npos ? nullptr : find_listed(*sides, pair.substr(0, equals));
                if (!ref) {
                    std::cerr << "error: " << pair
                              << ": write SOURCE=TARGET, SOURCE a customer the source lists "
                                 "(its number or key) and TARGET the target's customer number\n";
                    failed = true;
                    continue;
                }
                const std::string target_number = pair.substr(equals + 1);
                const auto& target = sides->target[ref->key.company];
                auto chosen = std::find_if(target.begin(), target.end(),
                                           [&](const sdk::TargetCustomer& customer) {
                                               return customer.customer.number == target_number;
                                           });
                if (chosen == target.end()) {
                    std::cerr << fmt::format(
                        "error: the target keeps no customer {} for company {}; run `ferry link "
                        "customers {}` to see its customers\n",
                        target_number, ref->key.company, file);
                    failed = true;
                    continue;
                }
                report(ref->key, link_document(pipeline.store(), *ref, chosen->target, winner, now,
                                               ActionOrigin::command_line));
            }
            if (changes)
                return failed ? exit_code::failure : exit_code::ok;

            if (request.json) {
                std::cout << json_text(Json{{"pipeline", parts.name},
                                            {"linked", sides->linked},
                                            {"unreadable", sides->unreadable},
                                            {"one", matches_json(matches.one)},
                                            {"several", matches_json(matches.several)},
                                            {"none", matches_json(matches.none)}},
                                       2)
                          << "\n";
                return exit_code::ok;
            }
            std::cout << fmt::format(
                "Pipeline {}: {} customers listed by the source, {} already linked or delivered, "
                "{} that cannot be read.\n"
                "Names are shown here only; the ledger keeps the numbers of what you link.\n",
                parts.name, sides->listed.size(), sides->linked, sides->unreadable);
            print_list("One suggestion",
                       ": accept them all with --accept-all --winner source|target", matches.one);
            print_list("Several suggestions",
                       ": choose with --accept SOURCE=TARGET --winner source|target",
                       matches.several);
            print_list("No suggestion",
                       ": the next pass creates these in the target where their number is free; "
                       "or link one by hand with --accept SOURCE=TARGET",
                       matches.none);
            return exit_code::ok;
        });
}

}  // namespace ferry
