#include "operator/report_views.hpp"

#include <fmt/format.h>

#include "ledger/ledger_record.hpp"
#include "operator/web_text.hpp"

namespace ferry {

namespace {

// The transfer view: each document beside its counterpart, the ones that differ marked.
std::string documents_beside_target(const std::string& pipeline,
                                    const std::vector<DocumentPair>& documents) {
    if (documents.empty())
        return {};
    std::string html =
        R"(<h3>Documents</h3><div class="scroll"><table><thead><tr><th scope="col">Document</th><th scope="col">Date</th><th scope="col">Currency</th><th scope="col" class="number">Amount in the source</th><th scope="col">Ledger</th><th scope="col">In the target</th><th scope="col" class="number">Amount in the target</th><th scope="col">Compared</th></tr></thead><tbody>)";
    auto amount = [](const std::optional<sdk::Decimal>& value) {
        return value ? value->to_string() : std::string("—");
    };
    for (const DocumentPair& d : documents) {
        const std::string target = describe_target(d.target);
        html += fmt::format(
            R"(<tr{}><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td class="number">{}</td><td>{}</td><td>{}</td><td class="number">{}</td><td>{}</td></tr>)",
            d.differs ? R"( class="differs")" : "", document_link(pipeline, d.document),
            escape_html(d.document), d.date.to_string(), escape_html(d.currency),
            amount(d.source_gross), escape_html(d.state),
            target.empty() ? std::string("—") : escape_html(target), amount(d.target_gross),
            d.differs ? "<strong>differs</strong>" : "agrees");
    }
    return html + "</tbody></table></div>";
}

std::string totals_text(const DocumentTotals& t) {
    return fmt::format("{} document(s), net {}, VAT {}, gross {}", t.count, t.net.to_string(),
                       t.vat.to_string(), t.gross.to_string());
}

}  // namespace

std::string reconcile_main(const std::string& pipeline, const Reconciliation& report,
                           const DocumentActions& actions) {
    std::string html = fmt::format(
        R"(<p><a href="{}">Pipeline {}</a></p><h1>Source beside target</h1><form class="period" method="get" action="/reconcile"><input type="hidden" name="pipeline" value="{}"><label for="from">From</label> <input id="from" name="from" type="date" value="{}"> <label for="to">to</label> <input id="to" name="to" type="date" value="{}"> <button type="submit">Show</button></form>)",
        pipeline_link(pipeline), escape_html(pipeline), escape_html(pipeline),
        report.from.to_string(), report.to.to_string());
    for (const sdk::Problem& problem : report.problems)
        html += fmt::format(R"(<p class="problem">Incomplete: <code>{}</code> {}</p>)",
                            escape_html(problem.code), escape_html(problem.message));
    if (report.companies.empty())
        html += "<p>No documents in the period on either side.</p>";
    for (const CompanyReconciliation& c : report.companies) {
        bool agree = c.differences.empty() && c.missing_on_target.empty() &&
                     c.missing_in_source.empty() && c.unreadable.empty() &&
                     c.total_differences.empty();
        html += fmt::format(
            R"(<section><h2>Company {}</h2><p>{}</p><dl><dt>Source</dt><dd>{}</dd><dt>Target</dt><dd>{}</dd></dl>)",
            escape_html(c.company),
            agree ? R"(<span class="state state-delivered">source and target agree</span>)"
                  : R"(<span class="state state-rejected">differences</span>)",
            totals_text(c.source), totals_text(c.target));
        html += documents_beside_target(pipeline, c.documents);
        for (auto [title, list] : {std::pair{"Totals differ", &c.total_differences},
                                   std::pair{"Differs", &c.differences},
                                   std::pair{"Missing on the target", &c.missing_on_target},
                                   std::pair{"Missing in the source", &c.missing_in_source},
                                   std::pair{"Unreadable in the source", &c.unreadable}}) {
            if (list->empty())
                continue;
            html += fmt::format(
                R"(<h3>{}</h3><div class="scroll"><table><thead><tr><th scope="col">Document</th><th scope="col">Difference</th><th scope="col"></th></tr></thead><tbody>)",
                title);
            for (const Finding& f : *list) {
                std::string act;
                if (f.resendable && actions.allowed)
                    act = action_form("resend", pipeline, f.document, actions.csrf, "Resend");
                html += fmt::format(
                    R"(<tr class="differs"><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>)",
                    document_link(pipeline, f.document), escape_html(f.document),
                    escape_html(f.detail), act);
            }
            html += "</tbody></table></div>";
        }
        html += "</section>";
    }
    if (report.skipped)
        html +=
            fmt::format("<p>{} skipped document(s) in the period, not expected on the target.</p>",
                        report.skipped);
    return html;
}

std::string gaps_main(const std::string& pipeline, const GapReport& report) {
    std::string html =
        fmt::format(R"(<p><a href="{}">Pipeline {}</a></p><h1>Number-series gaps</h1>)",
                    pipeline_link(pipeline), escape_html(pipeline));
    for (const sdk::Problem& problem : report.problems)
        html += fmt::format(R"(<p class="problem">Incomplete: <code>{}</code> {}</p>)",
                            escape_html(problem.code), escape_html(problem.message));
    if (!report.source_declares_series)
        return html + "<p>The source declares no number series: there are no holes to find.</p>";
    if (report.series.empty())
        return html + "<p>No numbered documents yet.</p>";
    html +=
        R"(<div class="scroll"><table><thead><tr><th scope="col">Company</th><th scope="col">Series</th><th scope="col">From</th><th scope="col">To</th><th scope="col" class="number">Documents</th><th scope="col" class="number">Missing</th><th scope="col">Holes</th></tr></thead><tbody>)";
    for (const NumberSeries& s : report.series) {
        std::string holes;
        for (const NumberGap& gap : s.gaps)
            holes += escape_html(gap.first == gap.last ? gap.first
                                                       : fmt::format("{} to {} ({})", gap.first,
                                                                     gap.last, gap.count)) +
                     "<br>";
        html += fmt::format(
            R"(<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="number">{}</td><td class="number">{}</td><td>{}</td></tr>)",
            s.missing ? R"( class="differs")" : "", escape_html(s.company), escape_html(s.series),
            escape_html(s.first), escape_html(s.last), s.documents, s.missing,
            holes.empty() ? std::string("none") : holes);
    }
    return html + "</tbody></table></div>";
}

}  // namespace ferry
