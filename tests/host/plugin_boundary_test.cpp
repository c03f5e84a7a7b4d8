#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "plugins/plugin_boundary.hpp"
#include "plugins/plugin_catalog.hpp"

using namespace ferry;
namespace fs = std::filesystem;

namespace {

class NullHost : public sdk::HostServices {
  public:
    void log(sdk::LogLevel, std::string_view, std::string_view) override {}
    void log(sdk::LogLevel, const sdk::DocumentKey&, std::string_view, std::string_view) override {}
    std::chrono::system_clock::time_point now() const override { return {}; }
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds) override { return true; }
};

// One of tests/plugins/throwing_plugins.cpp, made to throw `what` from `call`.
struct Throwing {
    PluginCatalog catalog{{FERRY_TEST_PLUGIN_DIR}};
    NullHost host;
    sdk::Settings settings;
    LoadedPlugin plugin;

    Throwing(const std::string& name, const std::string& call, const std::string& what)
        : plugin(catalog.load(name)) {
        settings.values["throw_in"].text = call;
        settings.values["throw_what"].text = what;
    }
    sdk::PluginContext context() { return {settings, host, "boundary", sdk::Access::read_write}; }
};

// Calls `call` of a freshly made plugin object and returns what reached the host, which must
// be an sdk::Error whatever the plugin threw.
template <class Interface, class Call>
sdk::Error thrown_from(const std::string& plugin, const std::string& call, const std::string& what,
                       Call&& invoke) {
    Throwing throwing(plugin, call, what);
    try {
        std::shared_ptr<Interface> object;
        if constexpr (std::is_same_v<Interface, sdk::Source>)
            object = throwing.plugin.create_source(throwing.context());
        else if constexpr (std::is_same_v<Interface, sdk::Sink>)
            object = throwing.plugin.create_sink(throwing.context());
        else
            object = throwing.plugin.create_store(throwing.context());
        invoke(*object);
    } catch (const sdk::Error& e) {
        return e;
    }
    FAIL(plugin << " " << call << "() threw nothing");
    return sdk::Error("", "");
}

const sdk::Document& customer_document() {
    static const sdk::Document document = [] {
        sdk::Document d;
        d.key = {"11223344", sdk::DocumentKind::invoice, "1"};
        d.customer.name = "Jens Hansen";
        d.customer.cpr = "0101701234";
        d.customer.address.street = "Privatvej 17";
        return d;
    }();
    return document;
}

using SourceCall = std::function<void(sdk::Source&)>;
using SinkCall = std::function<void(sdk::Sink&)>;
using StoreCall = std::function<void(sdk::Store&)>;

const std::vector<std::pair<std::string, SourceCall>> source_calls = {
    {"create", [](sdk::Source&) {}},
    {"list", [](sdk::Source& s) { sdk::list_all(s); }},
    {"read", [](sdk::Source& s) { s.read({}); }},
};
const std::vector<std::pair<std::string, SinkCall>> sink_calls = {
    {"create", [](sdk::Sink&) {}},
    {"deliver",
     [](sdk::Sink& s) {
         s.deliver({customer_document(), "ferry:boundary:1", {}, {}});
     }},
    {"find", [](sdk::Sink& s) { s.find({}, "ferry:boundary:1"); }},
    {"check", [](sdk::Sink& s) { s.check(); }},
    {"held",
     [](sdk::Sink& s) {
         s.held("ferry:boundary:", {2026, 1, 1}, {2026, 12, 31});
     }},
    {"plan", [](sdk::Sink& s) { s.plan(customer_document()); }},
    {"closed_periods", [](sdk::Sink& s) { s.closed_periods(); }},
};
const std::vector<std::pair<std::string, StoreCall>> store_calls = {
    {"create", [](sdk::Store&) {}},
    {"find", [](sdk::Store& s) { s.find({}); }},
    {"find_brief", [](sdk::Store& s) { s.find_brief({}); }},
    {"save", [](sdk::Store& s) { s.save({}); }},
    {"scan", [](sdk::Store& s) { s.scan([](const sdk::LedgerRecord&) { return true; }); }},
    {"scan_state",
     [](sdk::Store& s) {
         s.scan_state(sdk::State::intent, [](const sdk::LedgerRecord&) { return true; });
     }},
};

// Every call of every kind, as (plugin, call, invoke), for checks that hold for each.
template <class Check>
void for_every_call(Check check) {
    for (const auto& [call, invoke] : source_calls)
        check("source-throwing", call, [&](const std::string& what) {
            return thrown_from<sdk::Source>("source-throwing", call, what, invoke);
        });
    for (const auto& [call, invoke] : sink_calls)
        check("sink-throwing", call, [&](const std::string& what) {
            return thrown_from<sdk::Sink>("sink-throwing", call, what, invoke);
        });
    for (const auto& [call, invoke] : store_calls)
        check("store-throwing", call, [&](const std::string& what) {
            return thrown_from<sdk::Store>("store-throwing", call, what, invoke);
        });
}

}  // namespace

TEST_CASE("throw 42 from any plugin call reaches the host as plugin.exception naming the call") {
    for_every_call([](const std::string& plugin, const std::string& call, auto thrown) {
        INFO(plugin << " " << call << "()");
        sdk::Error error = thrown("int");
        CHECK(error.code() == "plugin.exception");
        CHECK_THAT(error.what(), Catch::StartsWith(plugin + ": " + call +
                                                   "() threw int, not "
                                                   "ferry::sdk::Error"));
        CHECK_THAT(error.what(), Catch::Contains("Run the plugin's own tests"));
    });
}

TEST_CASE("the text of a std::exception from a plugin is withheld and its type named") {
    for_every_call([](const std::string& plugin, const std::string& call, auto thrown) {
        INFO(plugin << " " << call << "()");
        sdk::Error error = thrown("runtime_error");
        CHECK(error.code() == "plugin.exception");
        CHECK_THAT(error.what(), Catch::Contains(call + "() threw std::runtime_error") &&
                                     Catch::Contains("text is withheld") &&
                                     !Catch::Contains("Jens") && !Catch::Contains("cannot go on"));
    });
}

TEST_CASE("an sdk::Error from a plugin keeps its code and loses the personal data it quotes") {
    for_every_call([](const std::string& plugin, const std::string& call, auto thrown) {
        INFO(plugin << " " << call << "()");
        sdk::Error error = thrown("sdk_error");
        CHECK(error.code() == "throwing.own_code");
        CHECK_THAT(error.what(), Catch::StartsWith("cannot go on with customer"));
        CHECK_THAT(error.what(), !Catch::Contains("010170-1234"));
        // Only deliver() and plan() hand the plugin a document, whose strings are then known.
        if (call == "deliver" || call == "plan")
            CHECK(std::string(error.what()) ==
                  "cannot go on with customer [personal data removed], CPR [CPR removed], "
                  "[personal data removed]");
    });
}

TEST_CASE("personal data a plugin puts in a returned problem or plan is removed at the guard") {
    // A sink that quotes the document in every text it returns.
    struct Quoting : sdk::Sink {
        static std::string quote(const sdk::Document& d) {
            return "for " + d.customer.name + " at " + d.customer.address.street + ", " +
                   d.customer.cpr;
        }
        sdk::Delivery deliver(const sdk::DeliveryRequest& request) override {
            return sdk::Delivery::rejected({"quoting.rejected", quote(request.document)});
        }
        sdk::Found find(const sdk::DocumentRef&, const std::string&) override { return {}; }
        std::vector<sdk::Problem> check() override { return {{"quoting.check", "0101701234"}}; }
        sdk::Result<sdk::Plan> plan(const sdk::Document& document) override {
            sdk::Plan plan;
            plan.steps.push_back({"quoting.customer.create", "would create " + quote(document)});
            plan.rejection = sdk::Problem{"quoting.rejected", quote(document)};
            return plan;
        }
    };
    auto sink = guard("sink-quoting", std::make_shared<Quoting>());
    const std::string removed =
        "for [personal data removed] at [personal data removed], "
        "[personal data removed]";
    CHECK(sink->deliver({customer_document(), "ferry:boundary:1", {}, {}}).problem.message ==
          removed);
    sdk::Result<sdk::Plan> plan = sink->plan(customer_document());
    REQUIRE(plan.ok());
    CHECK(plan.value().steps.at(0).text == "would create " + removed);
    CHECK(plan.value().rejection->message == removed);
    CHECK(sink->check().at(0).message == "[CPR removed]");
}

namespace {

std::string read_text(const fs::path& file) {
    std::ifstream in(file);
    REQUIRE(in);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The text between the braces that follow `opening`, which must occur once.
std::string class_body(const std::string& text, const std::string& opening) {
    auto at = text.find(opening);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(opening, at + 1) == std::string::npos);
    std::size_t start = text.find('{', at), depth = 0;
    for (std::size_t i = start; i < text.size(); ++i) {
        depth += text[i] == '{';
        depth -= text[i] == '}';
        if (depth == 0)
            return text.substr(start, i - start + 1);
    }
    FAIL("no end to " << opening);
    return "";
}

std::vector<std::string> matches(const std::string& body, const std::regex& pattern) {
    std::vector<std::string> names;
    for (std::sregex_iterator it(body.begin(), body.end(), pattern), end; it != end; ++it)
        if ((*it)[1].str().front() != '~')
            names.push_back((*it)[1]);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

// A virtual method added to an SDK interface without a guard override would be called on the
// plugin unguarded: what it threw would escape the host's conversion, and its texts the filter.
TEST_CASE("the plugin guards override every virtual method of Source Sink and Store") {
    const std::regex sdk_virtual(R"(virtual\s+[^;{}()]*?(~?\w+)\s*\()");
    const std::regex guard_override(R"((\w+)\s*\([^;{}]*\)\s*(?:const\s*)?override\b)");
    const std::string guards = read_text(FERRY_PLUGIN_BOUNDARY_CPP);
    for (auto [header, interface] :
         {std::pair{"source.hpp", "Source"}, std::pair{"sink.hpp", "Sink"},
          std::pair{"store.hpp", "Store"}}) {
        INFO("sdk::" << interface << " in " << header << ", Guarded" << interface << " in "
                     << FERRY_PLUGIN_BOUNDARY_CPP);
        std::string sdk_text =
            read_text(fs::path(FERRY_SOURCE_DIR) / "sdk/include/ferry/sdk" / header);
        auto declared = matches(
            class_body(sdk_text, std::string("class BOOST_SYMBOL_VISIBLE ") + interface + " {"),
            sdk_virtual);
        auto guarded = matches(class_body(guards, std::string("class Guarded") + interface +
                                                      " final : public sdk::" + interface + " {"),
                               guard_override);
        CHECK_FALSE(declared.empty());
        CHECK(guarded == declared);
    }
}
