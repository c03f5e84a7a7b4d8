#include <catch2/catch.hpp>

#include "reports/number_series.hpp"
#include "reports/reports.hpp"
#include "support/metrics.hpp"

using namespace ferry;
using ferry::sdk::DocumentKind;

namespace {

// A numbering unlike any real source's, so the host is seen to follow the rule it is given:
// "2026-17" is position 17 of series "2026"; with `kinds_apart` each kind counts on its own.
class YearCounter : public sdk::NumberSeriesRule {
  public:
    explicit YearCounter(bool kinds_apart = false) : kinds_apart_(kinds_apart) {}

    std::optional<sdk::SeriesPlace> place(const sdk::DocumentKey& key) const override {
        auto dash = key.number.find('-');
        if (dash == std::string::npos || dash + 1 == key.number.size() ||
            key.number.find_first_not_of("0123456789", dash + 1) != std::string::npos)
            return std::nullopt;
        std::string series = key.number.substr(0, dash);
        if (kinds_apart_)
            series += "/" + std::string(sdk::to_string(key.kind));
        return sdk::SeriesPlace{series, std::stoull(key.number.substr(dash + 1))};
    }
    std::string number_at(const std::string& example, std::uint64_t position) const override {
        return example.substr(0, example.find('-') + 1) + std::to_string(position);
    }

  private:
    bool kinds_apart_;
};

KnownNumber known(const std::string& company, const std::string& number, bool in_scope = true,
                  DocumentKind kind = DocumentKind::invoice) {
    return {{company, kind, number}, in_scope};
}

class NoNumbering : public sdk::Source {
  public:
    void list(sdk::ListingVisitor&) override {}
    sdk::ReadOutcome read(const sdk::DocumentRef&) override {
        return sdk::ReadOutcome::rejected({"test.unread", "never read"});
    }
};

}  // namespace

TEST_CASE("Gaps are positions between the first in-scope and the last known of a series") {
    auto series = find_number_gaps(
        YearCounter(),
        {known("11223344", "2026-7"), known("11223344", "2026-8", true, DocumentKind::credit_note),
         known("11223344", "2026-12"), known("11223344", "2026-14")});
    REQUIRE(series.size() == 1);
    CHECK(series[0].series == "2026");
    CHECK(series[0].first == "2026-7");
    CHECK(series[0].last == "2026-14");
    CHECK(series[0].documents == 4);
    CHECK(series[0].missing == 4);
    REQUIRE(series[0].gaps.size() == 2);
    CHECK(series[0].gaps[0].first == "2026-9");
    CHECK(series[0].gaps[0].last == "2026-11");
    CHECK(series[0].gaps[0].count == 3);
    CHECK(series[0].gaps[1].first == "2026-13");
    CHECK(series[0].gaps[1].count == 1);
}

TEST_CASE("Documents out of the source's scope are known but do not start a series") {
    auto series = find_number_gaps(
        YearCounter(), {known("11223344", "2026-1", false), known("11223344", "2026-5", false),
                        known("11223344", "2026-10"), known("11223344", "2026-12")});
    REQUIRE(series.size() == 1);
    CHECK(series[0].first == "2026-10");
    CHECK(series[0].missing == 1);
    CHECK(series[0].gaps[0].first == "2026-11");
}

TEST_CASE("Each company and declared series is its own and numbers in none are left out") {
    auto series = find_number_gaps(
        YearCounter(true),
        {known("11223344", "2026-1"), known("11223344", "2026-3"),
         known("11223344", "2026-2", true, DocumentKind::credit_note), known("55667788", "2025-1"),
         known("55667788", "2025-3"), known("55667788", "A00095678"), known("55667788", "2025-")});
    REQUIRE(series.size() == 3);
    CHECK(series[0].company == "11223344");
    CHECK(series[0].series == "2026/credit-note");
    CHECK(series[0].missing == 0);
    CHECK(series[1].series == "2026/invoice");
    REQUIRE(series[1].gaps.size() == 1);
    CHECK(series[1].gaps[0].first == "2026-2");
    CHECK(series[2].company == "55667788");
    CHECK(series[2].gaps[0].first == "2025-2");
    CHECK(find_number_gaps(YearCounter(), {known("1", "2026-5", false)}).empty());
}

TEST_CASE("A source that declares no number series gets a gap report that says so") {
    GapReport report =
        gap_report({"clinic", std::make_shared<NoNumbering>(), nullptr, nullptr, {}});
    CHECK_FALSE(report.source_declares_series);
    CHECK(report.series.empty());
    CHECK(report.problems.empty());
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
