// Issue 21: the operator page's site on a real pipeline (source-testdir, sink-recording,
// store-memory), without a network: what it shows, what it escapes, and who may act.
#include <catch2/catch.hpp>

#include <cmath>
#include <regex>

#include "operator/ledger_views.hpp"
#include "operator/operator_site.hpp"
#include "operator/report_views.hpp"
#include "operator/web_text.hpp"
#include "runner_fixture.hpp"

using namespace ferry;
using namespace ferry::testing;
using sdk::State;

namespace {

// The pipeline as the service would hold it, with a pass the test can say is running.
class PipelineOnDesk final : public OperatedPipeline {
  public:
    explicit PipelineOnDesk(OpenPipeline& pipeline) : pipeline_(pipeline) {}

    const std::string& name() const override { return pipeline_.config().name; }
    PipelineStatus status() const override {
        PipelineStatus status;
        status.activity =
            passing ? PipelineStatus::Activity::passing : PipelineStatus::Activity::waiting;
        return status;
    }
    bool read_ledger(const std::function<void(sdk::Store&)>& read) override {
        read(pipeline_.store());
        return true;
    }
    bool between_passes(
        const std::function<void(const PipelineParts&, sdk::HostServices&)>& use) override {
        if (passing)
            return false;
        use(pipeline_.parts(), pipeline_.services());
        return true;
    }
    bool takes_actions() const override { return true; }
    void pass_soon() override { ++passes_asked; }

    bool passing = false;
    int passes_asked = 0;

  private:
    OpenPipeline& pipeline_;
};

constexpr const char* token = "the-operator-token-of-the-clinic";
const std::string hostile = "1<img src=x onerror=alert(1)>";

struct Desk : RunnerFixture {
    Desk() {
        document("11223344_invoice_" + hostile, "date: 2026-02-01\nreject: source.broken\n");
        document("11223344_invoice_2", "date: 2026-02-02\n");
        pipeline = open();
        Runner(pipeline->parts(), pipeline->services()).run_pass();
        on_desk = std::make_shared<PipelineOnDesk>(*pipeline);
    }

    OperatorSite site(bool with_token, bool exposed = false) {
        return OperatorSite(
            [this] { return std::vector<std::shared_ptr<OperatedPipeline>>{on_desk}; },
            with_token ? std::optional<std::string>(token) : std::nullopt, exposed, *log);
    }

    std::unique_ptr<OpenPipeline> pipeline;
    std::shared_ptr<PipelineOnDesk> on_desk;
};

WebAnswer get(OperatorSite& site, const std::string& target, const std::string& cookie = {}) {
    WebRequest request;
    request.method = "GET";
    request.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos)
        request.query = target.substr(target.find('?') + 1);
    request.cookie = cookie;
    request.host = "127.0.0.1:9180";
    auto answer = site.answer(request);
    REQUIRE(answer);
    return *answer;
}

WebAnswer post(OperatorSite& site, const std::string& path, const std::string& body,
               const std::string& cookie = {},
               const std::string& origin = "http://127.0.0.1:9180") {
    WebRequest request;
    request.method = "POST";
    request.path = path;
    request.body = body;
    request.content_type = "application/x-www-form-urlencoded";
    request.cookie = cookie;
    request.host = "127.0.0.1:9180";
    request.origin = origin;
    auto answer = site.answer(request);
    REQUIRE(answer);
    return *answer;
}

std::string header(const WebAnswer& answer, const std::string& name) {
    for (const auto& [key, value] : answer.headers)
        if (key == name)
            return value;
    return {};
}

// "ferry_operator=…" from a sign-in's Set-Cookie.
std::string signed_in_cookie(OperatorSite& site) {
    WebAnswer answer = post(site, "/sign-in", std::string("token=") + token);
    REQUIRE(answer.status == 303);
    std::string cookie = header(answer, "Set-Cookie");
    CHECK_THAT(cookie, Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Strict"));
    return cookie.substr(0, cookie.find(';'));
}

std::string csrf_in(const std::string& html) {
    static const std::regex field(R"re(name="csrf" value="([0-9a-f]+)")re");
    std::smatch match;
    REQUIRE(std::regex_search(html, match, field));
    return match[1];
}

const std::string document_target = "/document?pipeline=clinic&key=11223344%2Finvoice%2F2";

}  // namespace

TEST_CASE("web text: escaping, percent-decoding, forms and cookies") {
    CHECK(escape_html("<a href=\"x\">'&'</a>") ==
          "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    CHECK(percent_encode("11223344/invoice/A 1&b") == "11223344%2Finvoice%2FA%201%26b");
    CHECK(percent_decode("a+b%2Fc%zz%4") == "a b/c%zz%4");
    auto form = parse_form("key=11223344%2Finvoice%2F1&reason=booked+by+hand&key=second&empty");
    CHECK(form["key"] == "11223344/invoice/1");
    CHECK(form["reason"] == "booked by hand");
    CHECK(form.count("empty") == 1);
    CHECK(cookie_value("a=1; ferry_operator=abc; b=2", "ferry_operator") == "abc");
    CHECK(cookie_value("xferry_operator=abc", "ferry_operator").empty());
}

TEST_CASE_METHOD(Desk, "the operator page shows a hostile document number and reason escaped") {
    OperatorSite page = site(false);
    WebAnswer overview = get(page, "/");
    CHECK(overview.status == 200);
    CHECK_THAT(overview.body, Catch::Contains("11223344") && Catch::Contains("1 document(s)"));
    CHECK_THAT(header(overview, "Content-Security-Policy"),
               Catch::Contains("default-src 'none'") && Catch::Contains("frame-ancestors 'none'"));

    WebAnswer pipeline_page = get(page, "/pipeline?name=clinic");
    INFO(pipeline_page.body);
    CHECK_THAT(pipeline_page.body, Catch::Contains("&lt;img src=x onerror=alert(1)&gt;") &&
                                       Catch::Contains("source.broken"));
    CHECK(pipeline_page.body.find("<img") == std::string::npos);

    WebAnswer document =
        get(page, "/document?pipeline=clinic&key=" + percent_encode("11223344/invoice/" + hostile));
    CHECK(document.status == 200);
    CHECK(document.body.find("<img") == std::string::npos);
    CHECK_THAT(document.body, Catch::Contains("Correct it where it was issued"));

    WebAnswer search = get(page, "/search?number=%3Cimg");
    CHECK_THAT(search.body, Catch::Contains("&lt;img src=x"));
    CHECK(search.body.find("<img") == std::string::npos);
}

TEST_CASE_METHOD(Desk, "without an operator token the page is read-only") {
    OperatorSite page = site(false);
    WebAnswer document = get(page, document_target);
    CHECK(document.body.find("<form class=\"action\"") == std::string::npos);
    CHECK(document.body.find("Sign in") == std::string::npos);
    CHECK(get(page, "/sign-in").status == 404);
    WebAnswer refused =
        post(page, "/document/skip", "pipeline=clinic&key=11223344%2Finvoice%2F2&reason=x");
    CHECK(refused.status == 403);
    CHECK_THAT(refused.body, Catch::Contains("--operator-token-file"));
    CHECK(pipeline->store().find({"11223344", sdk::DocumentKind::invoice, "2"})->state ==
          State::delivered);
}

TEST_CASE_METHOD(Desk,
                 "an action needs a sign-in and a same-origin form with its session's token") {
    OperatorSite page = site(true);
    const std::string rejected = percent_encode("11223344/invoice/" + hostile);
    const std::string form = "pipeline=clinic&key=" + rejected;

    CHECK(post(page, "/sign-in", "token=wrong").status == 403);
    CHECK(post(page, "/document/retry", form + "&csrf=0").status == 403);
    std::string cookie = signed_in_cookie(page);
    std::string csrf = csrf_in(get(page, document_target, cookie).body);

    CHECK(post(page, "/document/retry", form + "&csrf=0", cookie).status == 403);
    CHECK(post(page, "/document/retry", form + "&csrf=" + csrf, cookie, "http://evil.example")
              .status == 403);
    CHECK(on_desk->passes_asked == 0);

    on_desk->passing = true;
    WebAnswer waits = post(page, "/document/retry", form + "&csrf=" + csrf, cookie);
    CHECK(waits.status == 409);
    CHECK_THAT(waits.body, Catch::Contains("A pass of this pipeline is running"));
    on_desk->passing = false;

    WebAnswer done = post(page, "/document/retry", form + "&csrf=" + csrf, cookie);
    INFO(done.body);
    CHECK(done.status == 200);
    CHECK_THAT(done.body, Catch::Contains("will be delivered on the next pass"));
    CHECK(on_desk->passes_asked == 1);
    auto record = pipeline->store().find({"11223344", sdk::DocumentKind::invoice, hostile});
    REQUIRE(record);
    CHECK(record->state == State::seen);
    CHECK(record->history.back().note == "retry requested on the operator page");

    // A delivered document cannot be skipped; a skip needs a reason.
    const std::string delivered = "pipeline=clinic&key=11223344%2Finvoice%2F2&csrf=" + csrf;
    CHECK(post(page, "/document/skip", delivered + "&reason=+", cookie).status == 400);
    WebAnswer refused = post(page, "/document/skip", delivered + "&reason=void", cookie);
    CHECK(refused.status == 409);
    CHECK_THAT(refused.body, Catch::Contains("it cannot be skipped"));

    // Signing out ends the session: its cookie acts no more.
    CHECK(post(page, "/sign-out", "csrf=" + csrf, cookie).status == 303);
    CHECK(post(page, "/document/retry", form + "&csrf=" + csrf, cookie).status == 403);
}

TEST_CASE_METHOD(Desk, "after five wrong tokens in a minute even the right one waits") {
    OperatorSite page = site(true);
    for (int i = 0; i < 5; ++i)
        CHECK(post(page, "/sign-in", "token=guess-" + std::to_string(i)).status == 403);
    WebAnswer waits = post(page, "/sign-in", std::string("token=") + token);
    CHECK(waits.status == 429);
    CHECK_THAT(waits.body, Catch::Contains("wait a minute"));
    CHECK_THAT(log_text.str(), Catch::Contains("page.sign_in_refused"));
    CHECK(log_text.str().find(token) == std::string::npos);
}

TEST_CASE_METHOD(Desk, "beyond loopback the page shows nothing before a sign-in") {
    OperatorSite page = site(true, true);
    WebAnswer overview = get(page, "/");
    CHECK(overview.status == 303);
    CHECK(header(overview, "Location") == "/sign-in");
    CHECK(get(page, "/style.css").status == 200);
    CHECK(get(page, "/sign-in").status == 200);
    std::string cookie = signed_in_cookie(page);
    CHECK(get(page, "/", cookie).status == 200);
}

TEST_CASE_METHOD(Desk, "the page leaves other paths to other handlers and refuses other methods") {
    OperatorSite page = site(false);
    WebRequest request;
    request.method = "GET";
    request.path = "/metrics";
    CHECK_FALSE(page.answer(request));
    request.method = "DELETE";
    request.path = "/";
    auto refused = page.answer(request);
    REQUIRE(refused);
    CHECK(refused->status == 405);
    CHECK(get(page, "/document?pipeline=clinic&key=nonsense").status == 404);
    CHECK(get(page, "/pipeline?name=%3Cb%3E").body.find("<b>") == std::string::npos);
}

namespace {

// WCAG 2's relative luminance and contrast ratio of two "#rrggbb" colours.
double luminance(const std::string& hex) {
    auto channel = [&](int at) {
        double c = std::stoi(hex.substr(at, 2), nullptr, 16) / 255.0;
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

double contrast(const std::string& a, const std::string& b) {
    double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The custom properties of the first `:root{...}` block at or after `from`.
std::map<std::string, std::string> palette(const std::string& css, std::size_t from) {
    std::size_t open = css.find(":root{", from);
    std::string block = css.substr(open, css.find('}', open) - open);
    std::map<std::string, std::string> colours;
    static const std::regex property("--([a-z-]+):(#[0-9a-f]{6})");
    for (std::sregex_iterator it(block.begin(), block.end(), property), end; it != end; ++it)
        colours[(*it)[1]] = (*it)[2];
    return colours;
}

}  // namespace

TEST_CASE("the page's text has AA contrast in the light and the dark scheme") {
    // WCAG's own example of a grey that just fails AA on white.
    CHECK(contrast("#777777", "#ffffff") == Approx(4.48).epsilon(0.005));
    const std::string& css = page_style();
    for (std::size_t from : {std::size_t(0), css.find("prefers-color-scheme:dark")}) {
        auto colour = palette(css, from);
        INFO((from ? "dark" : "light") << " scheme");
        REQUIRE(colour.size() >= 11);
        for (auto [text, background] : {std::pair{"fg", "bg"},
                                        {"muted", "bg"},
                                        {"link", "bg"},
                                        {"bg", "link"},
                                        {"ok", "ok-bg"},
                                        {"bad", "bad-bg"},
                                        {"wait", "wait-bg"},
                                        {"fg", "quiet-bg"},
                                        {"bad", "bg"},
                                        {"fg", "bad-bg"},
                                        {"link", "bad-bg"}}) {
            INFO(text << " on " << background << ": " << colour[text] << " on "
                      << colour[background]);
            CHECK(contrast(colour[text], colour[background]) >= 4.5);
        }
    }
}
