#include <catch2/catch.hpp>

#include "reports/number_series.hpp"
#include "support/metrics.hpp"

using namespace ferry;
using ferry::sdk::DocumentKind;

namespace {

KnownNumber known(const std::string& company, const std::string& number, bool in_scope = true,
                  DocumentKind kind = DocumentKind::invoice) {
    return {{company, kind, number}, in_scope};
}

}  // namespace

TEST_CASE("Gaps are numbers between the first in-scope and the last known number") {
    auto series =
        find_number_gaps({known("11223344", "A00095678"),
                          known("11223344", "A00095679", true, DocumentKind::credit_note),
                          known("11223344", "A00095683"), known("11223344", "A00095685")});
    REQUIRE(series.size() == 1);
    CHECK(series[0].prefix == "A");
    CHECK(series[0].first == "A00095678");
    CHECK(series[0].last == "A00095685");
    CHECK(series[0].documents == 4);
    CHECK(series[0].missing == 4);
    REQUIRE(series[0].gaps.size() == 2);
    CHECK(series[0].gaps[0].first == "A00095680");
    CHECK(series[0].gaps[0].last == "A00095682");
    CHECK(series[0].gaps[0].count == 3);
    CHECK(series[0].gaps[1].first == "A00095684");
    CHECK(series[0].gaps[1].count == 1);
}

TEST_CASE("Documents before first_date are known but do not start a series") {
    auto series =
        find_number_gaps({known("11223344", "1000", false), known("11223344", "1500", false),
                          known("11223344", "2000"), known("11223344", "2002")});
    REQUIRE(series.size() == 1);
    CHECK(series[0].prefix.empty());
    CHECK(series[0].first == "2000");
    CHECK(series[0].missing == 1);
    CHECK(series[0].gaps[0].first == "2001");
}

TEST_CASE("Each company and prefix is its own series and odd numbers are left out") {
    auto series = find_number_gaps({known("11223344", "A7"), known("11223344", "B9"),
                                    known("11223344", "B11"), known("55667788", "A1"),
                                    known("55667788", "A3"), known("55667788", "no-digits"),
                                    known("55667788", "X1234567890123456789012")});
    REQUIRE(series.size() == 3);
    CHECK(series[0].company == "11223344");
    CHECK(series[0].missing == 0);
    CHECK(series[1].prefix == "B");
    CHECK(series[1].gaps[0].first == "B10");
    CHECK(series[2].company == "55667788");
    CHECK(series[2].gaps[0].first == "A2");
    CHECK(find_number_gaps({known("1", "A5", false)}).empty());
}

TEST_CASE("Metrics render as Prometheus text with escaped labels") {
    Metrics metrics;
    metrics.count("sink_requests_total", {{"company", "1"}, {"status", "2xx"}});
    metrics.count("sink_requests_total", {{"company", "1"}, {"status", "2xx"}}, 2);
    metrics.observe("sink_request_seconds", {{"company", "1"}}, 0.25);
    metrics.observe("sink_request_seconds", {{"company", "1"}}, 0.5);
    metrics.set("documents", {{"pipeline", "p"}, {"state", "a\"b"}}, 4);
    metrics.set("documents", {{"pipeline", "q"}, {"state", "seen"}}, 1);
    metrics.clear("documents", "pipeline", "q");
    CHECK(metrics.prometheus_text() ==
          "# TYPE ferry_documents gauge\n"
          "ferry_documents{pipeline=\"p\",state=\"a\\\"b\"} 4\n"
          "# TYPE ferry_sink_request_seconds summary\n"
          "ferry_sink_request_seconds_sum{company=\"1\"} 0.75\n"
          "ferry_sink_request_seconds_count{company=\"1\"} 2\n"
          "# TYPE ferry_sink_requests_total counter\n"
          "ferry_sink_requests_total{company=\"1\",status=\"2xx\"} 3\n");
}

TEST_CASE("Plugin metric labels get the pipeline in front and cannot replace it") {
    auto labels = metric_labels("clinic", {{"company", "1"}, {"pipeline", "other"}, {"a-b", "x"}});
    REQUIRE(labels.size() == 3);
    CHECK(labels[0] == std::pair<std::string, std::string>{"pipeline", "clinic"});
    CHECK(labels[1].first == "company");
    CHECK(labels[2].first == "a_b");
    CHECK(metric_labels("clinic", {{"debtor", "0101701234"}})[1].second == "[CPR removed]");
}
