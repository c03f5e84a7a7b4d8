#include "operator/operator_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "operator/web_text.hpp"

namespace ferry {
using sdk::State;

namespace {

// The newest waiting documents a pipeline's view lists; the rest are counted.
constexpr std::size_t waiting_shown = 200;

std::string when(std::optional<std::chrono::system_clock::time_point> at) {
    if (!at)
        return "—";
    return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", std::chrono::floor<std::chrono::seconds>(*at));
}

std::string when(sdk::TimePoint at) {
    return when(std::optional(at));
}

// A state in words, coloured by the stylesheet: the word carries it, the colour only helps.
std::string state_badge(State state) {
    auto word = sdk::to_string(state);
    return fmt::format(R"(<span class="state state-{}">{}</span>)", word, word);
}

std::string activity_badge(const PipelineStatus& status) {
    switch (status.activity) {
        case PipelineStatus::Activity::passing:
            return status.total
                       ? fmt::format(
                             R"(<span class="state state-intent">pass running: {} of {}</span>)",
                             status.done, status.total)
                       : R"(<span class="state state-intent">pass running</span>)";
        case PipelineStatus::Activity::failed:
            return R"(<span class="state state-rejected">last pass failed</span>)";
        case PipelineStatus::Activity::waiting:
            return R"(<span class="state state-delivered">waiting for its next pass</span>)";
        case PipelineStatus::Activity::not_run_here:
            break;
    }
    return R"(<span class="state state-seen">read-only view</span>)";
}

std::string what_to_do(const sdk::LedgerRecord& record) {
    if (!record.changed_fingerprint.empty())
        return "The source re-issued it after it was delivered, and it is not delivered again. "
               "Compare it with the booking in the target and correct the booking there by hand.";
    switch (record.state) {
        case State::rejected:
            return "Correct it where it was issued: a re-printed document is delivered again by "
                   "itself. If the cause was in the target (its setup, a closed period), fix it "
                   "there and retry. If it must never be booked, skip it with a reason.";
        case State::retry_later:
            return "Ferry tries again by itself at " + when(record.next_attempt) +
                   ". Retry now if the cause is gone.";
        case State::intent:
            return "A delivery was interrupted. Before anything is sent again, the next pass asks "
                   "the target whether it was booked. Nothing to do unless it stays here.";
        case State::skipped:
            return "It will not be delivered. Retry it if it should be after all.";
        case State::delivered:
            return "Booked. If the booking was deleted in the target, resend it.";
        case State::seen:
            break;
    }
    return "Due on the next pass.";
}

std::string counts_table(const std::map<std::string, std::map<State, std::size_t>>& by_company) {
    static constexpr State states[] = {State::delivered, State::rejected, State::retry_later,
                                       State::intent,    State::skipped,  State::seen};
    std::string html = R"(<div class="scroll"><table><thead><tr><th scope="col">Company</th>)";
    for (State state : states)
        html += fmt::format(R"(<th scope="col" class="number">{}</th>)", sdk::to_string(state));
    html += "</tr></thead><tbody>";
    for (const auto& [company, counts] : by_company) {
        html += fmt::format(R"(<tr><th scope="row">{}</th>)", escape_html(company));
        for (State state : states) {
            auto found = counts.find(state);
            std::size_t count = found == counts.end() ? 0 : found->second;
            bool attention = count && (state == State::rejected || state == State::retry_later ||
                                       state == State::intent);
            html += fmt::format(R"(<td class="number{}">{}</td>)", attention ? " attention" : "",
                                count);
        }
        html += "</tr>";
    }
    return html + "</tbody></table></div>";
}

std::string documents_table(const std::string& pipeline,
                            const std::vector<sdk::LedgerRecord>& records,
                            bool with_pipeline = false,
                            const std::vector<std::string>& pipelines = {}) {
    std::string html = R"(<div class="scroll"><table><thead><tr>)";
    if (with_pipeline)
        html += R"(<th scope="col">Pipeline</th>)";
    html +=
        R"(<th scope="col">Document</th><th scope="col">State</th><th scope="col">Reason</th><th scope="col">Updated</th></tr></thead><tbody>)";
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        const std::string& owner = with_pipeline ? pipelines[i] : pipeline;
        html += "<tr>";
        if (with_pipeline)
            html += fmt::format(R"(<td><a href="{}">{}</a></td>)", pipeline_link(owner),
                                escape_html(owner));
        html += fmt::format(
            R"(<td><a href="{}">{}</a></td><td>{}</td><td>{}{}</td><td>{}</td></tr>)",
            document_link(owner, r.key.str()), escape_html(r.key.str()), state_badge(r.state),
            r.error_code.empty() ? std::string()
                                 : fmt::format("<code>{}</code> ", escape_html(r.error_code)),
            escape_html(r.error_text), when(r.updated));
    }
    return html + "</tbody></table></div>";
}

std::string search_form(std::string_view query = {}) {
    return fmt::format(
        R"(<form class="search" method="get" action="/search" role="search"><label for="number">Find a document by number</label> <input id="number" name="number" value="{}" inputmode="search" autocomplete="off"> <button type="submit">Search</button></form>)",
        escape_html(query));
}

std::string action_form(std::string_view action, std::string_view pipeline, std::string_view key,
                        std::string_view csrf, std::string_view button,
                        std::string_view extra = {}) {
    return fmt::format(
        R"(<form class="action" method="post" action="/document/{}"><input type="hidden" name="pipeline" value="{}"><input type="hidden" name="key" value="{}"><input type="hidden" name="csrf" value="{}">{}<button type="submit">{}</button></form>)",
        action, escape_html(pipeline), escape_html(key), escape_html(csrf), extra, button);
}

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
        std::string target;
        for (const auto& [name, value] : d.target)
            target += (target.empty() ? "" : ", ") + name + " " + value;
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

std::string pipeline_link(std::string_view pipeline) {
    return "/pipeline?name=" + percent_encode(pipeline);
}

std::string document_link(std::string_view pipeline, std::string_view key) {
    return "/document?pipeline=" + percent_encode(pipeline) + "&amp;key=" + percent_encode(key);
}

std::string page_html(const PageFrame& frame, std::string_view main) {
    std::string account;
    if (frame.actions_configured && frame.signed_in)
        account = fmt::format(
            R"(<form class="account" method="post" action="/sign-out"><input type="hidden" name="csrf" value="{}"><button type="submit">Sign out</button></form>)",
            escape_html(frame.csrf));
    else if (frame.actions_configured)
        account = R"(<a class="account" href="/sign-in">Sign in to act on documents</a>)";
    return fmt::format(
        R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{}<title>{} · Ferry</title>
<link rel="stylesheet" href="/style.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><nav aria-label="Ferry"><a class="brand" href="/">Ferry</a> <a href="/">Pipelines</a> <a href="/search">Search</a></nav>{}</header>
<main id="main">
{}
</main>
<footer>Times are UTC. This page shows numbers, dates and states only: the ledger holds no personal data.</footer>
</body>
</html>
)",
        frame.refresh_seconds
            ? fmt::format("<meta http-equiv=\"refresh\" content=\"{}\">\n", frame.refresh_seconds)
            : std::string(),
        escape_html(frame.title), account, main);
}

LedgerSummary summarise_ledger(OperatedPipeline& pipeline) {
    LedgerSummary summary;
    auto newest_first = [](const auto& a, const auto& b) { return a.updated > b.updated; };
    // Only the newest are listed: a ledger with years of waiting documents is never held whole.
    auto keep_newest = [&](std::vector<sdk::LedgerRecord>& records, std::size_t limit) {
        std::sort(records.begin(), records.end(), newest_first);
        if (records.size() > limit)
            records.resize(limit);
    };
    summary.open = pipeline.read_ledger([&](sdk::Store& store) {
        store.scan([&](const sdk::LedgerRecord& record) {
            ++summary.by_company[record.key.company][record.state];
            if (record.state == State::rejected || record.state == State::retry_later ||
                record.state == State::intent) {
                ++summary.waiting_total;
                summary.waiting.push_back(record);
                if (summary.waiting.size() == 2 * waiting_shown)
                    keep_newest(summary.waiting, waiting_shown);
            }
            if (!record.changed_fingerprint.empty()) {
                summary.changed.push_back(record);
                if (summary.changed.size() == 2 * waiting_shown)
                    keep_newest(summary.changed, waiting_shown);
            }
            return true;
        });
    });
    keep_newest(summary.waiting, waiting_shown);
    keep_newest(summary.changed, waiting_shown);
    return summary;
}

std::string overview_main(const std::vector<PipelineView>& pipelines) {
    std::string html = "<h1>Pipelines</h1>" + search_form();
    if (pipelines.empty())
        html += "<p>No pipelines.</p>";
    for (const PipelineView& p : pipelines) {
        html += fmt::format(
            R"(<section class="pipeline" aria-labelledby="p-{0}"><h2 id="p-{0}"><a href="{1}">{2}</a></h2><p>{3}</p><dl><dt>Last pass</dt><dd>{4}</dd><dt>Next pass</dt><dd>{5}</dd><dt>Waiting</dt><dd>{6}</dd></dl>)",
            percent_encode(p.name), pipeline_link(p.name), escape_html(p.name),
            activity_badge(p.status), when(p.status.last_pass), when(p.status.next_pass),
            p.ledger.waiting_total ? fmt::format(R"(<span class="attention">{} document(s)</span>)",
                                                 p.ledger.waiting_total)
                                   : std::string("none"));
        if (!p.status.last_error.empty())
            html += fmt::format(R"(<p class="problem">{}</p>)", escape_html(p.status.last_error));
        if (!p.ledger.open)
            html += "<p>The ledger is not open yet: no pass has run in this process.</p>";
        else if (p.ledger.by_company.empty())
            html += "<p>The ledger is empty: no document has been seen yet.</p>";
        else
            html += counts_table(p.ledger.by_company);
        html += "</section>";
    }
    return html;
}

std::string pipeline_main(const PipelineView& p) {
    std::string html = fmt::format(
        R"(<h1>Pipeline {}</h1><p>{}</p><dl><dt>Last pass</dt><dd>{}</dd><dt>Next pass</dt><dd>{}</dd></dl>)",
        escape_html(p.name), activity_badge(p.status), when(p.status.last_pass),
        when(p.status.next_pass));
    if (!p.status.last_error.empty())
        html += fmt::format(R"(<p class="problem">The last pass failed: {}</p>)",
                            escape_html(p.status.last_error));
    if (p.status.last_summary) {
        const PassSummary& s = *p.status.last_summary;
        html += fmt::format(
            "<p>The last pass listed {} document(s): {} delivered, {} rejected, {} to retry "
            "later, {} skipped.</p>",
            s.listed, s.delivered, s.rejected, s.retry_later, s.skipped);
    }
    html += fmt::format(
        R"(<p class="links"><a href="/reconcile?pipeline={0}">Source beside target</a> <a href="/gaps?pipeline={0}">Number-series gaps</a></p>)",
        percent_encode(p.name));
    html += search_form();
    if (!p.ledger.open)
        return html + "<p>The ledger is not open yet: no pass has run in this process.</p>";
    html += "<h2>Documents per company and state</h2>";
    html += p.ledger.by_company.empty() ? "<p>None yet.</p>" : counts_table(p.ledger.by_company);
    html += fmt::format("<h2>Waiting ({})</h2>", p.ledger.waiting_total);
    if (p.ledger.waiting.empty())
        html += "<p>Nothing is waiting: every document is delivered or skipped.</p>";
    else {
        if (p.ledger.waiting.size() < p.ledger.waiting_total)
            html += fmt::format("<p>The newest {} are listed.</p>", p.ledger.waiting.size());
        html += documents_table(p.name, p.ledger.waiting);
    }
    if (!p.ledger.changed.empty()) {
        html +=
            "<h2>Re-issued after delivery</h2><p>Not delivered again; check each against its "
            "booking.</p>";
        html += documents_table(p.name, p.ledger.changed);
    }
    return html;
}

std::string document_main(const std::string& pipeline, const sdk::LedgerRecord& r,
                          const DocumentActions& actions) {
    const std::string key = r.key.str();
    std::string html = fmt::format(
        R"(<p><a href="{}">Pipeline {}</a></p><h1>Document {}</h1><p>{} after {} attempt(s)</p><dl>)",
        pipeline_link(pipeline), escape_html(pipeline), escape_html(key), state_badge(r.state),
        r.attempts);
    auto row = [&](std::string_view term, const std::string& value) {
        html += fmt::format("<dt>{}</dt><dd>{}</dd>", term, escape_html(value));
    };
    row("Company", r.key.company);
    row("Kind", std::string(sdk::to_string(r.key.kind)));
    row("Number", r.key.number);
    if (r.date)
        row("Date", r.date->to_string());
    for (const auto& [name, value] : r.target)
        row("Target " + name, value);
    if (r.gross)
        row("Booked amounts",
            fmt::format("net {}, VAT {}, gross {}", r.net ? r.net->to_string() : "—",
                        r.vat ? r.vat->to_string() : "—", r.gross->to_string()));
    if (r.state == State::retry_later)
        row("Next attempt", when(r.next_attempt));
    html += "</dl>";
    if (!r.error_code.empty())
        html += fmt::format(R"(<h2>Reason</h2><p class="problem"><code>{}</code> {}</p>)",
                            escape_html(r.error_code), escape_html(r.error_text));
    html += fmt::format("<h2>What to do</h2><p>{}</p>", escape_html(what_to_do(r)));
    if (actions.allowed) {
        std::string forms;
        if (r.state == State::rejected || r.state == State::retry_later ||
            r.state == State::skipped)
            forms += action_form("retry", pipeline, key, actions.csrf, "Retry now");
        if (r.state != State::delivered && r.state != State::intent && r.state != State::skipped)
            forms += action_form(
                "skip", pipeline, key, actions.csrf, "Skip it",
                R"(<label for="reason">Reason for skipping (kept in its history)</label> <input id="reason" name="reason" required maxlength="200"> )");
        if (r.state == State::delivered)
            forms += action_form("resend", pipeline, key, actions.csrf,
                                 "Resend: its booking was deleted in the target");
        if (!forms.empty())
            html += "<h2>Act on it</h2>" + forms;
    }
    html +=
        R"(<h2>History</h2><div class="scroll"><table><thead><tr><th scope="col">When</th><th scope="col">State</th><th scope="col">What happened</th></tr></thead><tbody>)";
    for (auto entry = r.history.rbegin(); entry != r.history.rend(); ++entry)
        html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", when(entry->at),
                            state_badge(entry->state), escape_html(entry->note));
    return html + "</tbody></table></div>";
}

std::string search_main(std::string_view query, const std::vector<SearchHit>& hits,
                        bool cut_short) {
    std::string html = "<h1>Search</h1>" + search_form(query);
    if (query.empty())
        return html;
    if (hits.empty())
        return html + fmt::format("<p>No document number contains “{}”.</p>", escape_html(query));
    std::vector<sdk::LedgerRecord> records;
    std::vector<std::string> pipelines;
    for (const SearchHit& hit : hits) {
        records.push_back(hit.record);
        pipelines.push_back(hit.pipeline);
    }
    if (cut_short)
        html += fmt::format(
            "<p>The first {} matches are listed; search for more of the number.</p>", hits.size());
    return html + documents_table({}, records, true, pipelines);
}

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

std::string notice_main(std::string_view heading, std::string_view message,
                        std::string_view back_link, std::string_view back_text) {
    return fmt::format(
        R"(<h1>{}</h1><p class="notice" role="status">{}</p><p><a href="{}">{}</a></p>)",
        escape_html(heading), escape_html(message), back_link, escape_html(back_text));
}

std::string sign_in_main(std::string_view problem) {
    return fmt::format(
        R"(<h1>Sign in</h1>{}<p>Actions (retry, skip, resend) need the operator token: the contents of the file given to <code>--operator-token-file</code>.</p><form method="post" action="/sign-in"><label for="token">Operator token</label> <input id="token" name="token" type="password" required autocomplete="current-password"> <button type="submit">Sign in</button></form>)",
        problem.empty()
            ? std::string()
            : fmt::format(R"(<p class="problem" role="alert">{}</p>)", escape_html(problem)));
}

const std::string& page_icon() {
    static const std::string icon =
        R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M1 10h14l-2 4H3z" fill="#0550ae"/><path d="M7 2v7H3z" fill="#0550ae"/></svg>)";
    return icon;
}

const std::string& page_style() {
    static const std::string style =
        R"(:root{color-scheme:light dark;--fg:#1b1f24;--bg:#ffffff;--muted:#57606a;--line:#d0d7de;--link:#0550ae;--ok:#116329;--ok-bg:#dafbe1;--bad:#a40e26;--bad-bg:#ffebe9;--wait:#7d4e00;--wait-bg:#fff8c5;--quiet-bg:#eaeef2}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9da7b3;--line:#30363d;--link:#79c0ff;--ok:#7ee787;--ok-bg:#033a16;--bad:#ffa198;--bad-bg:#4c0b0b;--wait:#f2cc60;--wait-bg:#3b2300;--quiet-bg:#21262d}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
a:focus,button:focus,input:focus{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px}
header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;padding:8px 16px;border-bottom:1px solid var(--line)}
nav a{margin-right:16px}.brand{font-weight:700;text-decoration:none}
main{padding:8px 16px;max-width:1200px}
footer{padding:16px;color:var(--muted);font-size:14px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.5em}h3{font-size:1rem}
section.pipeline{border:1px solid var(--line);border-radius:6px;padding:0 16px 8px;margin:16px 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}dt{color:var(--muted)}dd{margin:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;min-width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
.number{text-align:right;font-variant-numeric:tabular-nums}
.state{display:inline-block;border-radius:4px;padding:0 6px;font-weight:600;background:var(--quiet-bg)}
.state-delivered{color:var(--ok);background:var(--ok-bg)}
.state-rejected{color:var(--bad);background:var(--bad-bg)}
.state-retry-later,.state-intent{color:var(--wait);background:var(--wait-bg)}
.attention{color:var(--bad);font-weight:700}
.problem{border-left:4px solid var(--bad);padding-left:8px}
.notice{border-left:4px solid var(--link);padding-left:8px}
tr.differs td{background:var(--bad-bg)}
form{margin:8px 0}form.action{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
input{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:4px 12px;border-radius:4px;border:1px solid var(--link);background:var(--link);color:var(--bg);cursor:pointer}
.links a{margin-right:16px}
code{font-size:.9em}
)";
    return style;
}

}  // namespace ferry
