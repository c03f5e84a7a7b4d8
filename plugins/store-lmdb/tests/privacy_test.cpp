// The ledger must never hold personal data. This test records every public OIOUBL sample the
// way the host does (key, date, fingerprint, totals, error texts, target references) and then
// searches the raw bytes of data.mdb and of the export for the samples' personal data.
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>

#include "ledger/ledger_json.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

// The text of every `<tag ...>text</tag>` inside `xml`.
std::vector<std::string> values_of(std::string_view xml, const std::string& tag) {
    std::vector<std::string> values;
    const std::string open = "<" + tag, close = "</" + tag + ">";
    for (auto at = xml.find(open); at != xml.npos; at = xml.find(open, at + 1)) {
        auto after_name = at + open.size();
        if (after_name >= xml.size() || (xml[after_name] != '>' && xml[after_name] != ' '))
            continue;
        auto start = xml.find('>', at);
        auto end = xml.find(close, start);
        if (start == xml.npos || end == xml.npos)
            break;
        values.emplace_back(xml.substr(start + 1, end - start - 1));
    }
    return values;
}

// Each `<tag>...</tag>` block of `xml`.
std::vector<std::string> blocks_of(std::string_view xml, const std::string& tag) {
    std::vector<std::string> blocks;
    const std::string open = "<" + tag + ">", close = "</" + tag + ">";
    for (auto at = xml.find(open); at != xml.npos; at = xml.find(open, at + 1)) {
        auto end = xml.find(close, at);
        if (end == xml.npos)
            break;
        blocks.emplace_back(xml.substr(at, end - at));
    }
    return blocks;
}

struct Sample {
    sdk::LedgerRecord record;
    std::set<std::string> personal;  // names, streets and CPR numbers of persons in it
};

Sample read_sample(const std::filesystem::path& file) {
    const std::string xml = test::read_file(file.string());
    Sample sample;
    std::vector<std::string> person_blocks;
    for (const char* party : {"cac:AccountingCustomerParty", "cac:BuyerCustomerParty",
                              "cac:DeliveryParty", "cac:DespatchParty", "cac:Contact"})
        for (auto& block : blocks_of(xml, party))
            person_blocks.push_back(block);
    for (auto& block : blocks_of(xml, "cac:AccountingSupplierParty"))
        if (block.find("DK:CPR") != std::string::npos)
            person_blocks.push_back(block);
    for (const auto& block : person_blocks)
        for (const char* tag : {"cbc:Name", "cbc:RegistrationName", "cbc:StreetName"})
            for (auto& value : values_of(block, tag))
                if (value.size() >= 4)
                    sample.personal.insert(value);
    for (auto at = xml.find("schemeID=\"DK:CPR\""); at != xml.npos;
         at = xml.find("schemeID=\"DK:CPR\"", at + 1)) {
        auto start = xml.find('>', at) + 1;
        sample.personal.insert(xml.substr(start, xml.find('<', start) - start));
    }

    // The company is the supplier's CVR, as NOVAX puts it in the file name; a supplier without
    // one (a private person, known only by CPR) gets a placeholder, never the CPR.
    std::string company = "00000000";
    auto supplier = blocks_of(xml, "cac:AccountingSupplierParty");
    if (!supplier.empty()) {
        auto at = supplier.front().find("schemeID=\"DK:CVR\">");
        if (at != std::string::npos) {
            auto start = supplier.front().find('>', at) + 1;
            company = supplier.front().substr(start, supplier.front().find('<', start) - start);
            if (company.starts_with("DK"))
                company.erase(0, 2);
        }
    }
    auto& record = sample.record;
    record.key = {company,
                  xml.find("<CreditNote") != xml.npos ? sdk::DocumentKind::credit_note
                                                      : sdk::DocumentKind::invoice,
                  values_of(xml, "cbc:ID").at(0)};
    auto issue_dates = values_of(xml, "cbc:IssueDate");
    if (!issue_dates.empty())
        record.date = sdk::Date::parse(issue_dates.front());
    record.fingerprint = "sha256:" + std::to_string(std::hash<std::string>{}(xml));
    auto payable = values_of(xml, "cbc:PayableAmount");
    if (!payable.empty())
        record.gross = sdk::Decimal::parse(payable.front());
    record.state = sdk::State::rejected;
    record.attempts = 2;
    record.error_code = "economic.customer.missing";
    record.error_text = "e-conomic refused " + record.key.str() +
                        ": customer group 100 does not exist; create it and run `ferry retry`";
    record.target = {{"draft", "17"}};
    // A careless sink may quote what it sent; the store must still keep CPR numbers out.
    for (const auto& value : sample.personal)
        if (value.size() == 10 && value.find_first_not_of("0123456789") == std::string::npos)
            record.error_text += " (debtor " + value + ")";
    record.history = {{record.created, sdk::State::seen, "", ""},
                      {record.created, sdk::State::intent, "attempt 1", ""},
                      {record.created, sdk::State::rejected, record.error_code, record.error_code}};
    return sample;
}

std::vector<std::string> found_in(const std::string& bytes, const std::set<std::string>& words) {
    std::vector<std::string> found;
    for (const auto& word : words)
        if (bytes.find(word) != std::string::npos)
            found.push_back(word);
    return found;
}

}  // namespace

TEST_CASE("the ledger holds none of the samples' personal names, addresses or CPR numbers",
          "[privacy]") {
    std::vector<Sample> samples;
    for (const auto& entry : std::filesystem::directory_iterator(FERRY_OIOUBL_SAMPLES))
        if (entry.path().extension() == ".xml")
            samples.push_back(read_sample(entry.path()));
    REQUIRE(samples.size() >= 20);
    std::set<std::string> personal, cprs;
    for (const auto& sample : samples)
        personal.insert(sample.personal.begin(), sample.personal.end());
    // The samples hold private persons: make sure we are looking for them.
    CHECK(personal.count("1807670000"));
    CHECK(personal.count("Hans Clientsen"));

    test::TempFolder folder;
    test::RecordingHost host;
    std::stringstream exported;
    {
        auto store = test::open_store(folder.ledger(), host);
        for (const auto& sample : samples)
            store->save(sample.record);
        export_json_lines(*store, exported);
    }
    const std::string raw = test::read_file(folder.ledger() + "/data.mdb");
    CHECK(found_in(raw, personal) == std::vector<std::string>{});
    CHECK(found_in(exported.str(), personal) == std::vector<std::string>{});
    // And the search does see what was written, so it could have failed.
    for (const auto& sample : samples) {
        CHECK(raw.find(sample.record.key.number) != std::string::npos);
        CHECK(raw.find(sample.record.key.company) != std::string::npos);
    }
}
