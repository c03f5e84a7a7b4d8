// The sink's pure rules: exact numbers in JSON, filter escaping, rate-limit headers, error
// bodies, and how document lines become draft lines.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "draft_mapping.hpp"
#include "economic_api.hpp"
#include "test_support.hpp"

using namespace ferry::economic;
using namespace ferry::testing;
using ferry::sdk::DocumentKind;

TEST_CASE("decimals travel through JSON as exact numbers") {
    Json body = {{"price", exact_number(dec("0.1"))},
                 {"list", {exact_number(dec("-12.345"))}},
                 {"text", "a \"quoted\" 0.1"}};
    std::string text = dump_exact(body);
    CHECK(text == R"({"list":[-12.345],"price":0.10,"text":"a \"quoted\" 0.1"})");
    Json parsed = parse_exact(R"({"netAmount": 1234567.89, "count": 3, "nested": {"x": [0.30]}})");
    CHECK(decimal_at(parsed, "netAmount") == dec("1234567.89"));
    CHECK(decimal_at(parsed, "count") == dec("3"));
    CHECK(decimal_at(parsed["nested"]["x"], "missing") == std::nullopt);
    CHECK(parsed["nested"]["x"][0] == "0.30");
    CHECK_THROWS_AS(parse_exact("{\"a\": }"), Json::parse_error);
}

TEST_CASE("filter values are escaped as e-conomic requires and URL-encoded") {
    CHECK(escape_filter_value("a$b(c)d*e,f[g]") == "a$$b$(c$)d$*e$,f[g]");
    CHECK(url_encode("references.other$eq:ferry:p:1/invoice/2") ==
          "references.other%24eq%3Aferry%3Ap%3A1%2Finvoice%2F2");
}

TEST_CASE("the rate-limit header gives used tokens and limit and window") {
    auto status = parse_rate_limiting("token-limit-10000-per-60-seconds: 147/10000");
    REQUIRE(status);
    CHECK(status->used == 147);
    CHECK(status->limit == 10000);
    CHECK(status->window_seconds == 60);
    CHECK_FALSE(parse_rate_limiting("garbage"));
    CHECK_FALSE(parse_rate_limiting("token-limit-0-per-60-seconds: 0/0"));
}

TEST_CASE("backoff doubles per attempt up to a cap and jitters down to half") {
    std::mt19937 random(1);
    BackoffPolicy policy{std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
    for (int i = 0; i < 20; ++i) {
        auto third = backoff_delay(policy, 3, random);
        CHECK(third >= std::chrono::milliseconds(200));
        CHECK(third <= std::chrono::milliseconds(400));
        CHECK(backoff_delay(policy, 30, random) <= std::chrono::milliseconds(1000));
    }
}

TEST_CASE("error bodies become field errors a person can act on") {
    std::string body = R"({"message":"Validation failed. 2 errors found.","errorCode":"E04300",
        "errors":{"customerGroup":{"errors":[{"propertyName":"customerGroup",
          "errorMessage":"CustomerGroup '1' not found.","errorCode":"E07140","inputValue":1}]},
        "lines":[{"arrayIndex":0,"unitNetPrice":{"errors":[{"propertyName":"unitNetPrice",
          "errorMessage":"Too many decimals.","errorCode":"E04740"}]}}]}})";
    std::string text = describe_error_body(body);
    CHECK_THAT(text, Catch::Contains("Validation failed"));
    CHECK_THAT(text, Catch::Contains("customerGroup: CustomerGroup '1' not found. (E07140)"));
    CHECK_THAT(text, Catch::Contains("lines[0].unitNetPrice: Too many decimals. (E04740)"));
}

TEST_CASE("a value e-conomic quotes in its error is left out unless it is a number") {
    std::string body = R"({"message":"Validation failed.","errorCode":"E04300",
        "errors":{"name":{"errors":[{"propertyName":"name",
          "errorMessage":"Value 'Jens Hansen 010101-1234' is not valid; group '12' is.",
          "errorCode":"E04300","inputValue":"Jens Hansen 010101-1234"}]}}})";
    std::string text = describe_error_body(body);
    CHECK_THAT(text, Catch::Contains("name: Value '...' is not valid; group '12' is. (E04300)"));
    CHECK_THAT(text, !Catch::Contains("Jens") && !Catch::Contains("010101"));
    CHECK_THAT(describe_error_body("<html>Customer 'Jens Hansen' failed</html>"),
               !Catch::Contains("Jens"));
}

TEST_CASE("document lines become draft lines with two decimals and the right sign") {
    CompanyDefaults defaults;
    auto document = business_invoice("1");

    SECTION("a plain line keeps quantity and price; a credit note negates the quantity") {
        auto lines = map_lines(document, defaults);
        REQUIRE(lines);
        REQUIRE(lines.value().size() == 1);
        CHECK(lines.value()[0].quantity == dec("2"));
        CHECK(lines.value()[0].unit_net_price == dec("100"));
        CHECK(lines.value()[0].product_number == "KONS");
        CHECK(lines.value()[0].product_group == 100);
        document.key.kind = DocumentKind::credit_note;
        CHECK(map_lines(document, defaults).value()[0].quantity == dec("-2"));
        CHECK(expected_amounts(document).gross == dec("-250"));
    }
    SECTION("a VAT-free line goes to the VAT-free product group") {
        document.lines = {line("X", "1", "10", "10", ferry::sdk::VatCategory::exempt, "0")};
        CHECK(map_lines(document, defaults).value()[0].product_group == 4);
    }
    SECTION("a line allowance that is a whole percentage becomes discountPercentage") {
        document.lines = {line("KONS", "2", "100.00", "180.00")};
        document.lines[0].allowance = dec("20");
        auto lines = map_lines(document, defaults).value();
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].discount_percentage == dec("10"));
    }
    SECTION("an allowance no percentage expresses exactly becomes a discount line") {
        document.lines = {line("KONS", "3", "100.00", "289.99")};
        document.lines[0].allowance = dec("10.01");
        auto lines = map_lines(document, defaults).value();
        REQUIRE(lines.size() == 2);
        CHECK(lines[1].quantity == dec("1"));
        CHECK(lines[1].unit_net_price == dec("-10.01"));
        CHECK(lines[1].product_number == "KONS");
    }
    SECTION("a quantity beyond two decimals becomes one unit at the line's net amount") {
        document.lines = {line("MIN", "1.125", "80.00", "90.00")};
        auto lines = map_lines(document, defaults).value();
        CHECK(lines[0].quantity == dec("1"));
        CHECK(lines[0].unit_net_price == dec("90"));
        CHECK_THAT(lines[0].description, Catch::StartsWith("1.125 x "));
    }
    SECTION("an amount beyond two decimals is refused") {
        document.lines = {line("MIN", "1", "80.005", "80.005")};
        auto lines = map_lines(document, defaults);
        REQUIRE_FALSE(lines);
        CHECK(lines.problem().code == "economic.precision");
        CHECK_THAT(lines.problem().message, Catch::Contains("11223344/invoice/1"));
    }
    SECTION("header allowances and charges become lines in their VAT group") {
        ferry::sdk::AllowanceCharge allowance;
        allowance.amount = dec("20");
        allowance.vat_percent = dec("25");
        document.allowance_charges = {allowance};
        auto lines = map_lines(document, defaults).value();
        REQUIRE(lines.size() == 2);
        CHECK(lines[1].product_number == "FERRY-RABAT");
        CHECK(lines[1].unit_net_price == dec("-20"));
    }
    SECTION("standard rated at 0 % follows the document's VAT subtotals") {
        ferry::sdk::AllowanceCharge allowance;
        allowance.amount = dec("7.90");
        allowance.vat_percent = dec("0");
        document.allowance_charges = {allowance};
        ferry::sdk::VatSubtotal subtotal;
        subtotal.percent = dec("25");
        document.vat_subtotals = {subtotal};
        CHECK(map_lines(document, defaults).value()[1].product_group == 100);
        subtotal.percent = dec("0");
        document.vat_subtotals.push_back(subtotal);
        CHECK(map_lines(document, defaults).value()[1].product_group == 4);
    }
    SECTION("long or missing item numbers give stable derived product numbers") {
        std::string long_id(30, 'A');
        CHECK(product_number_for(long_id, "x", 100) == product_number_for(long_id, "y", 100));
        CHECK(product_number_for(long_id, "x", 100).size() <= 25);
        CHECK(product_number_for("", "x", 100) != product_number_for("", "x", 4));
    }
}

TEST_CASE("the plan estimates e-conomic's totals from the lines at the document's VAT rates") {
    CompanyDefaults defaults;
    auto document = business_invoice("1");
    // Two lines of 0.10 at 25 %: 0.025 VAT each, rounded per line to 0.03; once over the
    // rate's subtotal 0.05.
    document.lines = {line("A", "1", "0.10", "0.10"), line("B", "1", "0.10", "0.10"),
                      line("X", "2", "50.00", "87.50", ferry::sdk::VatCategory::exempt, "0")};
    document.lines[2].allowance = dec("12.50");
    auto lines = map_lines(document, defaults).value();
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].vat_percent == dec("25"));
    CHECK(lines[2].vat_percent == dec("0"));
    CHECK(lines[2].discount_percentage == dec("12.5"));
    Amounts estimated = estimated_amounts(lines);
    CHECK(estimated.net == dec("87.70"));
    CHECK(estimated.vat == dec("0.06"));
    CHECK(estimated.gross == dec("87.76"));
    document.key.kind = DocumentKind::credit_note;
    CHECK(estimated_amounts(map_lines(document, defaults).value()).gross == dec("-87.76"));
}

TEST_CASE("a patient invoice carries the CPR number only when configured to") {
    auto document = patient_invoice("7");
    ReferenceData data;
    DraftContext context;
    context.reference = "ref";
    context.customer_number = 123456;
    context.layout = 1;
    context.payment_terms = {6, "Standard", "net"};
    context.vat_zone = 1;
    context.reference_data = &data;
    auto lines = map_lines(document, {}).value();
    context.patient_reference = PatientReference::cpr;
    Json body = draft_body(document, lines, context);
    CHECK(body["notes"]["textLine1"] == "CPR-nr. 010180-1234");
    CHECK(body["recipient"]["name"] == "Jens Hansen");
    context.patient_reference = PatientReference::none;
    CHECK_FALSE(draft_body(document, lines, context)["notes"].contains("textLine1"));
}

TEST_CASE("the rate budget waits until the bucket refills to a request's cost and pauses on 429") {
    using namespace std::chrono_literals;
    TestHost host;
    RateBudget budget(2, host);
    // Nothing known about the bucket yet: no waiting.
    auto first = budget.acquire(10);
    REQUIRE(first);
    // The answer: 90 of 100 tokens per second used, this request included.
    budget.settle(10, *first, {90, 100, 1});
    CHECK(host.waits().empty());

    // 10 tokens left: a request of 10 goes at once, the next of 5 waits for 5 to refill (50 ms).
    auto second = budget.acquire(10);
    REQUIRE(second);
    budget.settle(10, *second, {100, 100, 1});
    auto third = budget.acquire(5);
    REQUIRE(third);
    REQUIRE(host.waits().size() == 1);
    CHECK(host.waits()[0] > 0ms);
    CHECK(host.waits()[0] <= 51ms);

    // A request with no answer counts as spent: the bucket is empty again, 5 tokens take 50 ms.
    budget.release(5, 5);
    auto fourth = budget.acquire(5);
    REQUIRE(fourth);
    REQUIRE(host.waits().size() == 2);
    CHECK(host.waits()[1] > 0ms);
    CHECK(host.waits()[1] <= 51ms);

    // Requests in flight hold their tokens: with 15 left, a second request of 10 waits for 5.
    budget.settle(5, *fourth, {85, 100, 1});
    auto fifth = budget.acquire(10);
    REQUIRE(fifth);
    REQUIRE(host.waits().size() == 2);
    auto sixth = budget.acquire(10);
    REQUIRE(sixth);
    REQUIRE(host.waits().size() == 3);
    CHECK(host.waits()[2] > 0ms);
    CHECK(host.waits()[2] <= 51ms);
    budget.settle(10, *fifth, {0, 100, 1});
    budget.settle(10, *sixth, {0, 100, 1});

    // A 429 pauses every request of the company.
    budget.pause_for(300ms);
    REQUIRE(budget.acquire(1));
    REQUIRE(host.waits().size() == 4);
    CHECK(host.waits()[3] > 0ms);
    CHECK(host.waits()[3] <= 301ms);
    budget.release(1, 1);
}

TEST_CASE("the rate budget keeps the tokens a later answer counted when an earlier one overtakes") {
    using namespace std::chrono_literals;
    TestHost host;
    RateBudget budget(2, host);
    auto probe = budget.acquire(1);
    REQUIRE(probe);
    budget.settle(1, *probe, {0, 100, 1});
    auto earlier = budget.acquire(10);
    auto later = budget.acquire(10);
    REQUIRE((earlier && later));
    // The server took the earlier request first, but its answer comes second: the later answer
    // (100 of 100 used) holds both, and the earlier one's 90 must not give 10 tokens back.
    budget.settle(10, *later, {100, 100, 1});
    budget.settle(10, *earlier, {90, 100, 1});
    REQUIRE(budget.acquire(10));
    REQUIRE(host.waits().size() == 1);
    CHECK(host.waits()[0] > 90ms);
    budget.release(10, 10);

    // In order, each answer is the bucket as it is: one that shows more room is believed.
    RateBudget in_order(1, host);
    auto one = in_order.acquire(10);
    REQUIRE(one);
    in_order.settle(10, *one, {100, 100, 1});
    auto two = in_order.acquire(10);
    REQUIRE(two);
    in_order.settle(10, *two, {50, 100, 1});
    REQUIRE(in_order.acquire(10));
    CHECK(host.waits().size() == 2);
}

TEST_CASE("a request that learns a cost and gets no answer counts its expected cost only") {
    TestHost host;
    RateBudget budget(1, host);
    auto probe = budget.acquire(1);
    REQUIRE(probe);
    budget.settle(1, *probe, {0, 100, 1});
    // It held back a quarter of a large bucket, not what it costs: a lost answer must not
    // count the reservation as spent, or the bucket looks empty for minutes after an outage.
    REQUIRE(budget.acquire(25));
    budget.release(25, 5);
    REQUIRE(budget.acquire(95));
    CHECK(host.waits().empty());
    budget.release(95, 95);
}

TEST_CASE("the rate budget sends one request until an answer tells the bucket's size") {
    using namespace std::chrono_literals;
    TestHost host;
    RateBudget budget(4, host);
    auto first = budget.acquire(5);
    REQUIRE(first);
    std::atomic<bool> second_went{false};
    std::thread second([&] {
        if (budget.acquire(5)) {
            second_went = true;
            budget.release(5, 5);
        }
    });
    std::this_thread::sleep_for(250ms);
    CHECK_FALSE(second_went);
    budget.settle(5, *first, {5, 100, 1});
    second.join();
    CHECK(second_went);
}

TEST_CASE(
    "a request waiting behind tokens held back goes once the request holding them is answered") {
    using namespace std::chrono_literals;
    TestHost host;
    RateBudget budget(2, host);
    auto probe = budget.acquire(1);
    REQUIRE(probe);
    budget.settle(1, *probe, {0, 100, 1});
    // A route's first request held back a quarter of the bucket as seen before (2,000 tokens);
    // the bucket now holds 100 a second. As refill, the next request would wait 19 s (the fault
    // campaign's 250,000 tokens at 20 a second: 3.5 hours).
    auto learning = budget.acquire(2000);
    REQUIRE(learning);
    std::atomic<bool> next_went{false};
    std::thread next([&] {
        if (budget.acquire(1)) {
            next_went = true;
            budget.release(1, 1);
        }
    });
    std::this_thread::sleep_for(200ms);
    CHECK_FALSE(next_went);
    auto answered = std::chrono::steady_clock::now();
    budget.settle(2000, *learning, {5, 100, 1});
    next.join();
    CHECK(next_went);
    CHECK(std::chrono::steady_clock::now() - answered < 1s);
}

TEST_CASE(
    "the settings check finds a CVR given twice and a department fallback without departments") {
    auto codes = [](const ferry::sdk::Settings& settings) {
        std::vector<std::string> messages;
        for (const auto& problem : check_settings(settings))
            messages.push_back(problem.message);
        return messages;
    };
    CHECK(codes(sink_settings("http://x", {{"11223344", "a", {}}, {"55667788", "b", {}}})).empty());
    auto twice = codes(sink_settings("http://x", {{"11223344", "a", {}}, {"11223344", "b", {}}}));
    REQUIRE(twice.size() == 1);
    CHECK_THAT(twice[0], Catch::Contains("this CVR is already given at"));

    auto fallback = codes(
        sink_settings("http://x", {{"11223344", "a", {}}}, {{"department_fallback", "20000"}}));
    REQUIRE(fallback.size() == 1);
    CHECK_THAT(fallback[0], Catch::Contains("department_fallback has no effect"));
    CHECK(codes(sink_settings("http://x", {{"11223344", "a", {}}},
                              {{"department_fallback", "20000"}, {"departments", "true"}}))
              .empty());
    CHECK(codes(sink_settings("http://x", {{"11223344", "a", {{"departments", "true"}}}},
                              {{"department_fallback", "20000"}}))
              .empty());
    // Files written by 0.1.0 spell out every default, this one too.
    CHECK(codes(sink_settings("http://x", {{"11223344", "a", {}}},
                              {{"department_fallback", "10000"}}))
              .empty());
    auto company =
        codes(sink_settings("http://x", {{"11223344", "a", {{"department_fallback", "30000"}}}}));
    REQUIRE(company.size() == 1);
    CHECK_THAT(company[0], Catch::Contains("for this company"));
}

TEST_CASE("a company's defaults apply over the sink-wide defaults field by field") {
    SinkConfig config = read_config(
        sink_settings("http://x", {{"11223344", "a", {{"book", "false"}}}, {"55667788", "b", {}}},
                      {{"customer_group", "7"}, {"book", "true"}}));
    REQUIRE(config.companies.size() == 2);
    CHECK(config.companies[0].defaults.customer_group == 7);
    CHECK_FALSE(config.companies[0].defaults.book);
    CHECK(config.companies[1].defaults.book);
    CHECK(config.retry_base == ferry::sdk::Duration::milliseconds(20));
    CHECK(config.request_timeout == ferry::sdk::Duration::seconds(5));
}

namespace {

ferry::sdk::Settings::Value product_numbers(
    const std::vector<std::pair<std::string, std::string>>& map) {
    ferry::sdk::Settings::Value list;
    list.present = true;
    for (const auto& [kind, product] : map) {
        ferry::sdk::Settings entry;
        entry.values["line_kind"] = scalar(kind);
        entry.values["product"] = scalar(product);
        list.objects.push_back(entry);
    }
    return list;
}

}  // namespace

TEST_CASE("product_numbers maps line kinds once and a company's list replaces the sink's") {
    auto settings =
        sink_settings("http://x", {{"11223344", "a", {{"book", "false"}}}}, {{"book", "true"}});
    settings.values["defaults"].objects.at(0).values["product_numbers"] =
        product_numbers({{"Timer", "1"}, {"Kørsel", "3"}});
    CHECK(check_settings(settings).empty());
    settings.values["companies"].objects.at(0).values["defaults"].objects.at(0).values
        ["product_numbers"] = product_numbers({{"Timer", "10"}});
    SinkConfig config = read_config(settings);
    CHECK(config.defaults.product_for("Kørsel") != nullptr);
    REQUIRE(config.companies[0].defaults.product_for("Timer") != nullptr);
    CHECK(*config.companies[0].defaults.product_for("Timer") == "10");
    CHECK(config.companies[0].defaults.product_for("Kørsel") == nullptr);

    settings.values["defaults"].objects.at(0).values["product_numbers"] =
        product_numbers({{"Timer", "1"}, {"Timer", "2"}});
    auto problems = check_settings(settings);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("line kind 'Timer' is already mapped"));
}
