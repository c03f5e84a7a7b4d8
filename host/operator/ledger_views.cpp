#include "operator/ledger_views.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "operator/web_text.hpp"

namespace ferry {
using sdk::State;

namespace {

// The newest waiting documents a pipeline's view lists; the rest are counted.
constexpr std::size_t waiting_shown = 200;

// What a person may have to look at: refused, to be retried, or a delivery interrupted.
bool waiting(State state) {
    return state == State::rejected || state == State::retry_later || state == State::intent;
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

std::string counts_table(const DocumentCounts& by_company) {
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
            html += fmt::format(R"(<td class="number{}">{}</td>)",
                                count && waiting(state) ? " attention" : "", count);
        }
        html += "</tr>";
    }
    return html + "</tbody></table></div>";
}

// One row per document, linked to its page; the pipeline gets a column of its own only where
// the rows come from several (a search).
struct DocumentRow {
    std::string_view pipeline;
    const sdk::LedgerRecord* record;
};

std::string documents_table(const std::vector<DocumentRow>& rows, bool show_pipeline) {
    std::string html = R"(<div class="scroll"><table><thead><tr>)";
    if (show_pipeline)
        html += R"(<th scope="col">Pipeline</th>)";
    html +=
        R"(<th scope="col">Document</th><th scope="col">State</th><th scope="col">Reason</th><th scope="col">Updated</th></tr></thead><tbody>)";
    for (const auto& [pipeline, r] : rows) {
        html += "<tr>";
        if (show_pipeline)
            html += fmt::format(R"(<td><a href="{}">{}</a></td>)", pipeline_link(pipeline),
                                escape_html(pipeline));
        html += fmt::format(
            R"(<td><a href="{}">{}</a></td><td>{}</td><td>{}{}</td><td>{}</td></tr>)",
            document_link(pipeline, r->key.str()), escape_html(r->key.str()), state_badge(r->state),
            r->error_code.empty() ? std::string()
                                  : fmt::format("<code>{}</code> ", escape_html(r->error_code)),
            escape_html(r->error_text), when(r->updated));
    }
    return html + "</tbody></table></div>";
}

std::vector<DocumentRow> rows_of(std::string_view pipeline,
                                 const std::vector<sdk::LedgerRecord>& records) {
    std::vector<DocumentRow> rows;
    for (const sdk::LedgerRecord& record : records)
        rows.push_back({pipeline, &record});
    return rows;
}

std::string search_form(std::string_view query = {}) {
    return fmt::format(
        R"(<form class="search" method="get" action="/search" role="search"><label for="number">Find a document by number</label> <input id="number" name="number" value="{}" inputmode="search" autocomplete="off"> <button type="submit">Search</button></form>)",
        escape_html(query));
}

}  // namespace

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
            if (waiting(record.state)) {
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

LedgerSummary count_ledger(OperatedPipeline& pipeline, const PipelineStatus& status) {
    LedgerSummary summary;
    if (status.documents) {
        summary.open = true;
        summary.by_company = *status.documents;
    } else {
        summary.open = pipeline.read_ledger(
            [&](sdk::Store& store) { summary.by_company = count_documents(store); });
    }
    for (const auto& [company, states] : summary.by_company)
        for (const auto& [state, count] : states)
            if (waiting(state))
                summary.waiting_total += count;
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
        html += documents_table(rows_of(p.name, p.ledger.waiting), false);
    }
    if (!p.ledger.changed.empty()) {
        html +=
            "<h2>Re-issued after delivery</h2><p>Not delivered again; check each against its "
            "booking.</p>";
        html += documents_table(rows_of(p.name, p.ledger.changed), false);
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
    std::vector<DocumentRow> rows;
    for (const SearchHit& hit : hits)
        rows.push_back({hit.pipeline, &hit.record});
    if (cut_short)
        html += fmt::format(
            "<p>The first {} matches are listed; search for more of the number.</p>", hits.size());
    return html + documents_table(rows, true);
}

}  // namespace ferry
