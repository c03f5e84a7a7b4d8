#include "operator/operator_site.hpp"

#include <fmt/format.h>
#include <sys/random.h>

#include <algorithm>
#include <cctype>

#include "operator/ledger_actions.hpp"
#include "operator/ledger_views.hpp"
#include "operator/report_views.hpp"
#include "operator/web_text.hpp"

namespace ferry {

namespace {

constexpr std::string_view session_cookie = "ferry_operator";
// Sign-ins kept at once; past it, the one used longest ago is forgotten.
constexpr std::size_t max_sessions = 32;
constexpr std::size_t max_search_hits = 100;
// While a pass runs, the views reload themselves this often.
constexpr int refresh_while_passing = 3;
// A sign-in unused this long is forgotten: a browser left open overnight must sign in again.
constexpr auto session_idle_limit = std::chrono::hours(12);
// Wrong tokens allowed per minute before every sign-in waits for the minute to pass.
constexpr std::size_t refusals_per_minute = 5;

std::string random_hex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    std::size_t filled = 0;
    while (filled < bytes) {
        ssize_t got = ::getrandom(raw.data() + filled, bytes - filled, 0);
        if (got < 0)
            throw sdk::Error("page.random", "the kernel's random source did not answer");
        filled += static_cast<std::size_t>(got);
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned char c : raw)
        text += {hex[c >> 4], hex[c & 15]};
    return text;
}

// Takes as long for a near miss as for a far one: the token is not guessed letter by letter.
bool same_secret(std::string_view a, std::string_view b) {
    unsigned char differ = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i)
        differ |= static_cast<unsigned char>(a[i] ^ b[i % std::max<std::size_t>(b.size(), 1)]);
    return differ == 0 && !b.empty();
}

// A browser says where a form was sent from; a form on another site must not act here, even
// with the person's cookie (which SameSite=Strict withholds already).
bool same_origin(const WebRequest& request) {
    if (!request.fetch_site.empty() && request.fetch_site != "same-origin")
        return false;
    return request.origin.empty() || request.origin == "http://" + request.host;
}

WebAnswer redirect(std::string location) {
    WebAnswer answer;
    answer.status = 303;
    answer.body = "see " + location + "\n";
    answer.headers.emplace_back("Location", std::move(location));
    return answer;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

sdk::Date today() {
    return sdk::Date::from_sys_days(
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

}  // namespace

OperatorSite::OperatorSite(PipelineBoard board, std::optional<std::string> token, bool exposed,
                           EventLog& log)
    : board_(std::move(board)), token_(std::move(token)), exposed_(exposed), log_(log) {}

OperatorSite::Visitor OperatorSite::visitor(const WebRequest& request) {
    Visitor visitor;
    if (!token_)
        return visitor;
    std::string id = cookie_value(request.cookie, session_cookie);
    std::lock_guard lock(sessions_mutex_);
    auto session = sessions_.find(id);
    if (id.empty() || session == sessions_.end())
        return visitor;
    auto now = std::chrono::steady_clock::now();
    if (now - session->second.last_used > session_idle_limit) {
        sessions_.erase(session);
        return visitor;
    }
    session->second.last_used = now;
    return {true, session->second.csrf};
}

std::shared_ptr<OperatedPipeline> OperatorSite::find(const std::string& name) const {
    for (auto& pipeline : board_())
        if (pipeline->name() == name)
            return pipeline;
    return nullptr;
}

WebAnswer OperatorSite::page(int status, const std::string& title, const std::string& main,
                             const Visitor& visitor, int refresh_seconds) const {
    WebAnswer answer;
    answer.status = status;
    answer.content_type = "text/html; charset=utf-8";
    answer.body = page_html(
        {title, refresh_seconds, token_.has_value(), visitor.signed_in, visitor.csrf}, main);
    return answer;
}

std::optional<WebAnswer> OperatorSite::answer(const WebRequest& request) {
    static const std::vector<std::string_view> views = {"/",       "/pipeline",  "/document",
                                                        "/search", "/reconcile", "/gaps"};
    static const std::vector<std::string_view> posts = {"/document/retry", "/document/skip",
                                                        "/document/resend", "/sign-out"};
    const std::string& path = request.path;
    bool is_view = std::find(views.begin(), views.end(), path) != views.end();
    bool is_post = std::find(posts.begin(), posts.end(), path) != posts.end();
    if (!is_view && !is_post && path != "/style.css" && path != "/favicon.svg" &&
        path != "/sign-in")
        return std::nullopt;

    std::optional<WebAnswer> answer;
    const bool reading = request.method == "GET" || request.method == "HEAD";
    if (path == "/style.css" && reading) {
        answer = WebAnswer{200, "text/css; charset=utf-8", page_style(), {}};
    } else if (path == "/favicon.svg" && reading) {
        answer = WebAnswer{200, "image/svg+xml", page_icon(), {}};
    } else if (path == "/sign-in" && !token_) {
        answer = page(404, "Actions are off",
                      notice_main("Actions are off",
                                  "This page is read-only: it was started without an operator "
                                  "token. Start `ferry run` with --operator-token-file FILE to "
                                  "retry, skip and resend documents here.",
                                  "/", "Back to the pipelines"),
                      {});
    } else if (path == "/sign-in" && reading) {
        answer = page(200, "Sign in", sign_in_main({}), {});
    } else if (path == "/sign-in" && request.method == "POST") {
        answer = sign_in(request);
    } else if ((is_view && !reading) || (is_post && request.method != "POST") ||
               path == "/style.css" || path == "/favicon.svg" || path == "/sign-in") {
        answer = WebAnswer{405,
                           "text/plain; charset=utf-8",
                           is_post ? "POST only\n" : "GET or HEAD only\n",
                           {{"Allow", is_post ? "POST" : "GET, HEAD"}}};
    } else {
        Visitor who = visitor(request);
        if (exposed_ && !who.signed_in)
            answer = redirect("/sign-in");
        else if (path == "/sign-out")
            answer = sign_out(request, who);
        else if (is_post)
            answer = act(request, who, std::string_view(path).substr(sizeof("/document/") - 1));
        else
            answer = view(request, who);
    }
    // No script runs, no style but the sheet, nothing frames the page, no form leaves it.
    answer->headers.emplace_back("Content-Security-Policy",
                                 "default-src 'none'; style-src 'self'; img-src 'self'; "
                                 "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    answer->headers.emplace_back("X-Frame-Options", "DENY");
    answer->headers.emplace_back("X-Content-Type-Options", "nosniff");
    // Not no-referrer: under it a browser sends "Origin: null" with a form, and same_origin()
    // could not tell the page's own forms from others.
    answer->headers.emplace_back("Referrer-Policy", "same-origin");
    answer->headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    return answer;
}

WebAnswer OperatorSite::view(const WebRequest& request, const Visitor& who) {
    auto query = parse_form(request.query);
    const std::string& path = request.path;
    if (path == "/") {
        std::vector<PipelineView> views;
        bool passing = false;
        // Counted, not listed: with a thousand pipelines and a reload every few seconds, the
        // overview reads no ledger a pass has just counted.
        for (auto& pipeline : board_()) {
            PipelineStatus status = pipeline->status();
            LedgerSummary counts = count_ledger(*pipeline, status);
            views.push_back({pipeline->name(), std::move(status), std::move(counts)});
            passing = passing || views.back().status.activity == PipelineStatus::Activity::passing;
        }
        return page(200, "Pipelines", overview_main(views), who,
                    passing ? refresh_while_passing : 0);
    }
    if (path == "/search") {
        const std::string& wanted = query["number"];
        std::vector<SearchHit> hits;
        bool cut_short = false;
        const std::string needle = lower(wanted);
        if (!needle.empty())
            for (auto& pipeline : board_())
                pipeline->read_ledger([&](sdk::Store& store) {
                    store.scan([&](const sdk::LedgerRecord& record) {
                        if (lower(record.key.number).find(needle) == std::string::npos &&
                            record.key.str() != wanted)
                            return true;
                        if (hits.size() == max_search_hits) {
                            cut_short = true;
                            return false;
                        }
                        hits.push_back({pipeline->name(), record});
                        return true;
                    });
                });
        return page(200, "Search", search_main(wanted, hits, cut_short), who);
    }

    const std::string& name = query[path == "/pipeline" ? "name" : "pipeline"];
    auto pipeline = find(name);
    if (!pipeline)
        return page(
            404, "No such pipeline",
            notice_main("No such pipeline", fmt::format("There is no pipeline '{}' here.", name),
                        "/", "Back to the pipelines"),
            who);
    const std::string back = pipeline_link(name);
    PipelineStatus status = pipeline->status();
    const int refresh =
        status.activity == PipelineStatus::Activity::passing ? refresh_while_passing : 0;
    DocumentActions actions{who.signed_in && pipeline->takes_actions(), who.csrf};

    if (path == "/pipeline")
        return page(200, "Pipeline " + name,
                    pipeline_main({name, status, summarise_ledger(*pipeline)}), who, refresh);

    if (path == "/document") {
        const std::string& key_text = query["key"];
        auto key = sdk::DocumentKey::parse(key_text);
        std::optional<sdk::LedgerRecord> record;
        if (key)
            pipeline->read_ledger([&](sdk::Store& store) { record = store.find(*key); });
        if (!record)
            return page(
                404, "No such document",
                notice_main("No such document",
                            fmt::format("The ledger of {} holds no document '{}'.", name, key_text),
                            back, "Back to the pipeline"),
                who);
        // No reload here: a reason being typed into the skip form would be lost.
        return page(200, "Document " + record->key.str(), document_main(name, *record, actions),
                    who);
    }

    std::string main;
    bool made = false;
    if (path == "/reconcile") {
        sdk::Date to = today();
        sdk::Date from{to.year, to.month, 1};
        if (auto given = sdk::Date::parse(query["from"]))
            from = *given;
        if (auto given = sdk::Date::parse(query["to"]))
            to = *given;
        if (to < from)
            std::swap(from, to);
        made = pipeline->between_passes([&](const PipelineParts& parts, sdk::HostServices&) {
            main = reconcile_main(name, reconcile(parts, from, to), actions);
        });
    } else {
        made = pipeline->between_passes([&](const PipelineParts& parts, sdk::HostServices&) {
            main = gaps_main(name, gap_report(parts));
        });
    }
    const std::string title = path == "/reconcile" ? "Source beside target" : "Number-series gaps";
    if (!made)
        return page(200, title,
                    notice_main(title,
                                "A pass is running. This view asks the source and the target, "
                                "so it is made between passes; the page reloads itself.",
                                back, "Back to the pipeline"),
                    who, refresh_while_passing);
    return page(200, title, main, who);
}

WebAnswer OperatorSite::act(const WebRequest& request, const Visitor& who,
                            std::string_view action) {
    auto form = parse_form(request.body);
    const std::string& name = form["pipeline"];
    const std::string& key_text = form["key"];
    auto refuse = [&](int status, const std::string& why) {
        return page(status, "Not done", notice_main("Not done", why, "/", "Back to the pipelines"),
                    who);
    };
    if (!token_)
        return refuse(403,
                      "This page is read-only: it was started without an operator token. Use "
                      "`ferry retry` or `ferry skip`, or start `ferry run` with "
                      "--operator-token-file FILE.");
    if (!same_origin(request) ||
        request.content_type.rfind("application/x-www-form-urlencoded", 0) != 0)
        return refuse(403, "The request came from another site; nothing was changed.");
    if (!who.signed_in || !same_secret(form["csrf"], who.csrf))
        return refuse(403,
                      "Your sign-in has expired or the form is stale: sign in again and "
                      "repeat the action.");
    auto pipeline = find(name);
    if (!pipeline || !pipeline->takes_actions())
        return refuse(404, fmt::format("There is no pipeline '{}' here that takes actions.", name));
    auto key = sdk::DocumentKey::parse(key_text);
    const std::string back = key ? document_link(name, key->str()) : pipeline_link(name);
    if (!key)
        return refuse(400, fmt::format("'{}' is not a document key.", key_text));
    std::string reason = form["reason"];
    if (action == "skip" && reason.find_first_not_of(" \t") == std::string::npos)
        return page(400, "Not done",
                    notice_main("Not done", "A skip needs a reason; it is kept in the history.",
                                back, "Back to the document"),
                    who);

    ActionResult result;
    bool idle =
        pipeline->between_passes([&](const PipelineParts& parts, sdk::HostServices& services) {
            auto record = parts.store->find(*key);
            if (!record) {
                result = {false, key->str() + ": no such document in the ledger"};
                return;
            }
            auto now = services.now();
            if (action == "retry")
                result = retry_document(*parts.store, *record, now, ActionOrigin::operator_page);
            else if (action == "skip")
                result =
                    skip_document(*parts.store, *record, reason, now, ActionOrigin::operator_page);
            else
                result = resend_document(parts, *record, now, ActionOrigin::operator_page);
        });
    if (!idle)
        return page(409, "Not done yet",
                    notice_main("Not done yet",
                                "A pass of this pipeline is running. Actions wait for it to end "
                                "so that they never cross a delivery; try again in a moment.",
                                back, "Back to the document"),
                    who);
    log_.info(name, "page.action",
              fmt::format("{} {} from the operator page: {}", action, key->str(),
                          result.done ? "done" : "refused"));
    if (result.done)
        pipeline->pass_soon();
    std::string message = result.message;
    if (result.resend_instead)
        message += "; if its booking was deleted in the target, resend it";
    return page(
        result.done ? 200 : 409, result.done ? "Done" : "Not done",
        notice_main(result.done ? "Done" : "Not done", message, back, "Back to the document"), who);
}

WebAnswer OperatorSite::sign_in(const WebRequest& request) {
    if (!same_origin(request))
        return page(403, "Sign in", sign_in_main("The form came from another site."), {});
    auto form = parse_form(request.body);
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(sessions_mutex_);
        std::erase_if(refusals_, [&](auto at) { return now - at > std::chrono::minutes(1); });
        if (refusals_.size() >= refusals_per_minute)
            return page(429, "Sign in",
                        sign_in_main("Too many wrong tokens in the last minute: wait a minute, "
                                     "then copy the token from its file again."),
                        {});
    }
    if (!same_secret(form["token"], *token_)) {
        {
            std::lock_guard lock(sessions_mutex_);
            refusals_.push_back(now);
        }
        log_.warning("", "page.sign_in_refused", "a sign-in with a wrong operator token");
        return page(403, "Sign in", sign_in_main("That is not the operator token."), {});
    }
    std::string id = random_hex(32);
    {
        std::lock_guard lock(sessions_mutex_);
        if (sessions_.size() >= max_sessions)
            sessions_.erase(std::min_element(sessions_.begin(), sessions_.end(),
                                             [](const auto& a, const auto& b) {
                                                 return a.second.last_used < b.second.last_used;
                                             }));
        sessions_[id] = {random_hex(32), std::chrono::steady_clock::now()};
    }
    log_.info("", "page.signed_in", "an operator signed in on the page");
    WebAnswer answer = redirect("/");
    answer.headers.emplace_back(
        "Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict", session_cookie, id));
    return answer;
}

WebAnswer OperatorSite::sign_out(const WebRequest& request, const Visitor& who) {
    auto form = parse_form(request.body);
    if (!same_origin(request) || !who.signed_in || !same_secret(form["csrf"], who.csrf))
        return redirect("/");
    {
        std::lock_guard lock(sessions_mutex_);
        sessions_.erase(cookie_value(request.cookie, session_cookie));
    }
    WebAnswer answer = redirect("/");
    answer.headers.emplace_back(
        "Set-Cookie",
        fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", session_cookie));
    return answer;
}

}  // namespace ferry
