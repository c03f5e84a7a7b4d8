#include "cli/report_commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>
#include <string>

#include "cli/with_open_pipeline.hpp"
#include "ledger/ledger_record.hpp"
#include "reports/reports.hpp"
#include "support/json_text.hpp"

namespace ferry {

namespace {

using Json = nlohmann::ordered_json;

Json problems_json(const std::vector<sdk::Problem>& problems) {
    Json list = Json::array();
    for (const sdk::Problem& problem : problems)
        list.push_back({{"code", problem.code}, {"message", problem.message}});
    return list;
}

void print_problems(const std::vector<sdk::Problem>& problems) {
    for (const sdk::Problem& problem : problems)
        std::cout << fmt::format("  incomplete: {}: {}\n", problem.code, problem.message);
}

Json totals_json(const DocumentTotals& totals) {
    return {{"count", totals.count},
            {"net", totals.net.to_string()},
            {"vat", totals.vat.to_string()},
            {"gross", totals.gross.to_string()}};
}

// The command that resolves a finding, when one does.
std::optional<std::string> next_command(const Finding& finding, const std::string& file) {
    if (!finding.resendable)
        return std::nullopt;
    return fmt::format("ferry retry {} {} --resend", file, finding.document);
}

Json findings_json(const std::vector<Finding>& findings, const std::string& file) {
    Json list = Json::array();
    for (const Finding& finding : findings) {
        auto next = next_command(finding, file);
        list.push_back({{"document", finding.document},
                        {"detail", finding.detail},
                        {"next", next ? Json(*next) : Json(nullptr)}});
    }
    return list;
}

}  // namespace

int gaps_command(const GlobalOptions& options, const std::string& file, bool json) {
    return with_open_pipeline(
        options, file, sdk::Access::read_only, OpenPipeline::Parts::all,
        [&](OpenPipeline& pipeline) {
            GapReport report = gap_report(pipeline.parts());
            const std::string& name = pipeline.config().name;
            if (json) {
                Json series = Json::array();
                for (const NumberSeries& s : report.series) {
                    Json gaps = Json::array();
                    for (const NumberGap& gap : s.gaps)
                        gaps.push_back(
                            {{"first", gap.first}, {"last", gap.last}, {"count", gap.count}});
                    series.push_back({{"company", s.company},
                                      {"prefix", s.series},
                                      {"first", s.first},
                                      {"last", s.last},
                                      {"documents", s.documents},
                                      {"missing", s.missing},
                                      {"gaps", gaps}});
                }
                Json out{{"pipeline", name},
                         {"series", series},
                         {"problems", problems_json(report.problems)}};
                if (!report.source_declares_series)
                    out["source_declares_series"] = false;
                std::cout << json_text(out, 2) << "\n";
            } else {
                std::cout << fmt::format("{}: holes in the document-number series\n", name);
                for (const NumberSeries& s : report.series) {
                    std::cout << fmt::format(
                        "  company {} series {}: {} to {}, {} document(s), {} missing\n", s.company,
                        s.series.empty() ? "(digits)" : s.series, s.first, s.last, s.documents,
                        s.missing);
                    for (const NumberGap& gap : s.gaps)
                        std::cout << (gap.count == 1 ? fmt::format("    missing {}\n", gap.first)
                                                     : fmt::format("    missing {} to {} ({})\n",
                                                                   gap.first, gap.last, gap.count));
                }
                if (!report.source_declares_series)
                    std::cout << "  the source declares no number series: there are no holes to "
                                 "look for\n";
                else if (report.series.empty())
                    std::cout << "  no numbered documents\n";
                print_problems(report.problems);
            }
            return report.problems.empty() ? exit_code::ok : exit_code::failure;
        });
}

Json pairs_json(const std::vector<DocumentPair>& pairs) {
    Json out = Json::array();
    auto amount = [](const std::optional<sdk::Decimal>& value) {
        return value ? Json(value->to_string()) : Json(nullptr);
    };
    for (const DocumentPair& pair : pairs)
        out.push_back({{"document", pair.document},
                       {"date", pair.date.to_string()},
                       {"currency", pair.currency},
                       {"source_gross", amount(pair.source_gross)},
                       {"target_gross", amount(pair.target_gross)},
                       {"state", pair.state},
                       {"target", pair.target},
                       {"differs", pair.differs}});
    return out;
}

// Each document beside what the target holds for it, as a transfer view shows them.
void print_pairs(const std::vector<DocumentPair>& pairs) {
    auto amount = [](const std::optional<sdk::Decimal>& value) {
        return value ? value->to_string() : std::string("-");
    };
    for (const DocumentPair& pair : pairs)
        std::cout << fmt::format(
            "    {} {} {} {}  target {} {}  {}{}\n", pair.document, pair.date.to_string(),
            pair.currency.empty() ? "-" : pair.currency, amount(pair.source_gross),
            amount(pair.target_gross),
            pair.target.empty() ? "holds nothing" : describe_target(pair.target), pair.state,
            pair.differs ? "  (differs)" : "");
}

int reconcile_command(const GlobalOptions& options, const std::string& file,
                      const std::string& from_text, const std::string& to_text, bool json,
                      bool documents) {
    auto from = sdk::Date::parse(from_text), to = sdk::Date::parse(to_text);
    if (!from || !to || *to < *from) {
        std::cerr << "error: --from and --to must be dates YYYY-MM-DD, --from not after --to\n";
        return exit_code::usage;
    }
    return with_open_pipeline(
        options, file, sdk::Access::read_only, OpenPipeline::Parts::all,
        [&](OpenPipeline& pipeline) {
            Reconciliation report = reconcile(pipeline.parts(), *from, *to);
            const std::string& name = pipeline.config().name;
            if (json) {
                Json companies = Json::array();
                for (const CompanyReconciliation& c : report.companies)
                    companies.push_back(
                        {{"company", c.company},
                         {"source", totals_json(c.source)},
                         {"target", totals_json(c.target)},
                         {"differences", findings_json(c.differences, file)},
                         {"missing_on_target", findings_json(c.missing_on_target, file)},
                         {"missing_in_source", findings_json(c.missing_in_source, file)},
                         {"unreadable", findings_json(c.unreadable, file)},
                         {"total_differences", findings_json(c.total_differences, file)},
                         {"documents", pairs_json(c.documents)}});
                std::cout << json_text(Json{{"pipeline", name},
                                            {"from", from->to_string()},
                                            {"to", to->to_string()},
                                            {"companies", companies},
                                            {"skipped", report.skipped},
                                            {"problems", problems_json(report.problems)}},
                                       2)
                          << "\n";
            } else {
                std::cout << fmt::format("{}: source against target, {} to {}\n", name,
                                         from->to_string(), to->to_string());
                auto totals = [](const DocumentTotals& t) {
                    return fmt::format("{} document(s), net {}, VAT {}, gross {}", t.count,
                                       t.net.to_string(), t.vat.to_string(), t.gross.to_string());
                };
                for (const CompanyReconciliation& c : report.companies) {
                    std::cout << fmt::format("  company {}\n    source: {}\n    target: {}\n",
                                             c.company, totals(c.source), totals(c.target));
                    if (documents)
                        print_pairs(c.documents);
                    for (auto [title, list] :
                         {std::pair{"totals differ", &c.total_differences},
                          std::pair{"differs", &c.differences},
                          std::pair{"missing on the target", &c.missing_on_target},
                          std::pair{"missing in the source", &c.missing_in_source},
                          std::pair{"unreadable in the source", &c.unreadable}})
                        for (const Finding& finding : *list) {
                            std::cout << fmt::format("    {}: {}: {}\n", title, finding.document,
                                                     finding.detail);
                            if (auto next = next_command(finding, file))
                                std::cout << "      to deliver it again: " << *next << "\n";
                        }
                }
                if (report.companies.empty())
                    std::cout << "  no documents in the period on either side\n";
                if (report.skipped)
                    std::cout << fmt::format(
                        "  {} skipped document(s) in the period, not expected "
                        "on the target\n",
                        report.skipped);
                print_problems(report.problems);
            }
            return report.problems.empty() ? exit_code::ok : exit_code::failure;
        });
}

}  // namespace ferry
