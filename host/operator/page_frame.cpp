#include "operator/page_frame.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "operator/web_text.hpp"

namespace ferry {

std::string when(std::optional<std::chrono::system_clock::time_point> at) {
    if (!at)
        return "—";
    return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", std::chrono::floor<std::chrono::seconds>(*at));
}

std::string when(sdk::TimePoint at) {
    return when(std::optional(at));
}

// A state in words, coloured by the stylesheet: the word carries it, the colour only helps.
std::string state_badge(sdk::State state) {
    auto word = sdk::to_string(state);
    return fmt::format(R"(<span class="state state-{}">{}</span>)", word, word);
}

std::string pipeline_link(std::string_view pipeline) {
    return "/pipeline?name=" + percent_encode(pipeline);
}

std::string document_link(std::string_view pipeline, std::string_view key) {
    return "/document?pipeline=" + percent_encode(pipeline) + "&amp;key=" + percent_encode(key);
}

std::string action_form(std::string_view action, std::string_view pipeline, std::string_view key,
                        std::string_view csrf, std::string_view button, std::string_view extra) {
    return fmt::format(
        R"(<form class="action" method="post" action="/document/{}"><input type="hidden" name="pipeline" value="{}"><input type="hidden" name="key" value="{}"><input type="hidden" name="csrf" value="{}">{}<button type="submit">{}</button></form>)",
        action, escape_html(pipeline), escape_html(key), escape_html(csrf), extra, button);
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
