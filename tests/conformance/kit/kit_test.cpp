// The conformance kit's own tests: probe plugins that pass every check with their default
// settings, and hidden cases ([.]) that run one check on a probe made wrong in one way, each
// expected to fail with the message kit_must_fail.sh looks for (see ../CMakeLists.txt).
#include <ferry/sdk/testing/conformance.hpp>
#include <fstream>

using namespace ferry::sdk;

namespace {

struct SinkProbe : testing::SinkHarness {
    testing::TempFolder folder;
    std::string check_writable = "always", leak_into = "nothing", overlapping = "deliver";

    std::filesystem::path plugin_file() const override { return FERRY_SINK_PROBE; }
    Settings settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("path", folder.path().string())
            .set("check_writable", check_writable)
            .set("leak_into", leak_into)
            .set("overlapping", overlapping)
            .build();
    }
    // A folder nobody can write (it does not exist, which holds for root too): ferry check
    // must call it unusable, though it makes the sink read-only.
    std::optional<Settings> broken_settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("path", (folder.path() / "missing-folder").string())
            .set("check_writable", check_writable)
            .set("leak_into", leak_into)
            .build();
    }
    std::size_t documents_on_target() override {
        std::size_t count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(folder.path()))
            count += entry.is_regular_file();
        return count;
    }
};

struct SourceProbe : testing::SourceHarness {
    testing::TempFolder root;
    std::filesystem::path folder = root.path() / "inbox";
    std::string leak_into = "nothing", unreadable = "retry_later", numbering = "counter";

    SourceProbe() {
        std::filesystem::create_directory(folder);
        std::ofstream(folder / "1001.txt")
            << "name: Karen Probe Patient\ncpr: 0101704321\nstreet: Probevej 17\n";
        std::ofstream(folder / "1002.txt")
            << "name: Jens Probe Patient\ncpr: 0202705432\nstreet: Testgade 3\n";
    }
    std::filesystem::path plugin_file() const override { return FERRY_SOURCE_PROBE; }
    Settings settings(const SettingsTable& table) override {
        return testing::SettingsBuilder(table)
            .set("path", folder.string())
            .set("leak_into", leak_into)
            .set("unreadable", unreadable)
            .set("numbering", numbering)
            .build();
    }
    bool scramble_documents() override {
        for (const auto& file : std::filesystem::directory_iterator(folder))
            testing::scramble_file(file.path());
        return true;
    }
    bool make_unavailable() override {
        testing::move_aside(folder);
        return true;
    }
    bool remove_documents() override {
        for (const auto& file : std::filesystem::directory_iterator(folder))
            std::filesystem::remove(file.path());
        return true;
    }
};

// A check of the kit run on a probe harness with one setting changed.
template <class Harness, class Setup, class Check>
void run_probe(Setup setup, Check check) {
    Harness harness;
    setup(harness);
    check(harness);
}

void sink_leaking_into(const std::string& place) {
    run_probe<SinkProbe>([&](SinkProbe& probe) { probe.leak_into = place; },
                         testing::sink_keeps_personal_data_out_of_output);
}

void source_leaking_into(const std::string& place) {
    run_probe<SourceProbe>([&](SourceProbe& probe) { probe.leak_into = place; },
                           testing::source_keeps_personal_data_out_of_output);
}

}  // namespace

FERRY_SINK_CONFORMANCE("sink-probe", SinkProbe)
FERRY_SOURCE_CONFORMANCE("source-probe", SourceProbe)

TEST_CASE("a sink whose check() tests writability only with write access", "[.]") {
    run_probe<SinkProbe>([](SinkProbe& probe) { probe.check_writable = "with_write_access"; },
                         testing::sink_check_reports_a_broken_target);
}

TEST_CASE("a sink that promises concurrent deliveries and refuses overlapping ones", "[.]") {
    run_probe<SinkProbe>([](SinkProbe& probe) { probe.overlapping = "refuse"; },
                         testing::sink_takes_concurrent_deliveries_when_it_says_so);
}

TEST_CASE("a sink logging the customer's name", "[.]") {
    sink_leaking_into("log");
}
TEST_CASE("a sink labelling a metric with the customer's city", "[.]") {
    sink_leaking_into("metric");
}
TEST_CASE("a sink quoting the customer's e-mail in a Delivery problem", "[.]") {
    sink_leaking_into("problem");
}
TEST_CASE("a sink quoting the customer's CPR number in a plan", "[.]") {
    sink_leaking_into("plan");
}
TEST_CASE("a sink naming the customer's contact in a target reference", "[.]") {
    sink_leaking_into("target");
}
TEST_CASE("a sink throwing an Error that quotes the customer's street", "[.]") {
    sink_leaking_into("error");
}
TEST_CASE("a source logging a customer's name", "[.]") {
    source_leaking_into("log");
}
TEST_CASE("a source labelling a metric with a customer's street", "[.]") {
    source_leaking_into("metric");
}
TEST_CASE("a source quoting a customer's name in a listing problem", "[.]") {
    source_leaking_into("problem");
}
TEST_CASE("a source rejecting what it cannot read while its folder is away", "[.]") {
    run_probe<SourceProbe>([](SourceProbe& probe) { probe.unreadable = "rejected"; },
                           testing::source_unavailable_read_is_retry_later);
}
TEST_CASE("a source throwing for a document that vanished", "[.]") {
    run_probe<SourceProbe>([](SourceProbe& probe) { probe.unreadable = "throw"; },
                           testing::source_vanished_document_is_an_outcome);
}
TEST_CASE("a source whose number series prints another number than it placed", "[.]") {
    run_probe<SourceProbe>([](SourceProbe& probe) { probe.numbering = "off_by_one"; },
                           testing::source_number_series_places_its_own_numbers);
}
