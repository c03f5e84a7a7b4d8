#include <catch2/catch.hpp>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/testing/samples.hpp"

using namespace ferry::sdk;

namespace {

std::vector<std::string> values(const std::vector<testing::Forbidden>& forbidden) {
    std::vector<std::string> found;
    for (const testing::Forbidden& item : forbidden)
        found.push_back(item.value);
    return found;
}

}  // namespace

TEST_CASE("every document kind is written and parsed by one name", "[kinds]") {
    for (const DocumentKindInfo& info : document_kinds) {
        INFO(info.name);
        CHECK(to_string(info.kind) == info.name);
        CHECK(parse_document_kind(info.name) == info.kind);
        DocumentKey key{"11223344", info.kind, "2026/3"};
        CHECK(DocumentKey::parse(key.str()) == key);
    }
    CHECK(DocumentKey::parse("11223344/customer/C-17")->kind == DocumentKind::customer);
    CHECK(to_string(static_cast<DocumentKind>(40)) == "unknown-kind");
    CHECK_FALSE(parse_document_kind("unknown-kind"));
}

TEST_CASE("customers and accounting periods are delivered again when they change", "[kinds]") {
    CHECK_FALSE(delivers_updates(DocumentKind::invoice));
    CHECK_FALSE(delivers_updates(DocumentKind::credit_note));
    CHECK(delivers_updates(DocumentKind::customer));
    CHECK(delivers_updates(DocumentKind::accounting_period));
    CHECK_FALSE(delivers_updates(static_cast<DocumentKind>(40)));
}

TEST_CASE("a set of kinds names what one side has and the other lacks", "[kinds]") {
    constexpr DocumentKinds produced{DocumentKind::invoice, DocumentKind::credit_note};
    constexpr DocumentKinds accepted{DocumentKind::invoice};
    static_assert(produced.contains(DocumentKind::credit_note));
    CHECK(produced.without(accepted) == DocumentKinds{DocumentKind::credit_note});
    CHECK(accepted.without(produced).empty());
    CHECK(produced.str() == "invoice, credit-note");
    CHECK(DocumentKinds{}.str() == "no kind");
    DocumentKinds future{DocumentKind::customer, static_cast<DocumentKind>(40)};
    CHECK(future.without(all_document_kinds).str() == "kind #40");
    CHECK(all_document_kinds.str() == "invoice, credit-note, customer, accounting-period");
}

TEST_CASE("a customer's content fits its kind and its personal data is known", "[kinds]") {
    Document customer = testing::sample_customer("C17");
    CHECK(testing::kind_content_fault(customer) == "");
    CHECK(values(testing::personal_data(customer)) ==
          std::vector<std::string>{"Karen Conformance Customer", "Privatvej", "Odense",
                                   "Karen Conformance", "karen.conformance@example.dk",
                                   "+4512345678"});

    customer.key.kind = DocumentKind::invoice;
    CHECK(testing::kind_content_fault(customer) ==
          "customer_record is set if and only if the kind is customer");
    Document period;
    period.key = {"11223344", DocumentKind::accounting_period, "2026/3"};
    CHECK(testing::kind_content_fault(period) ==
          "accounting_period is set if and only if the kind is accounting-period");
    PostedEntry entry;
    entry.text = "Refusion Karen Hansen";
    period.accounting_period.emplace().entries.push_back(entry);
    CHECK(testing::kind_content_fault(period) == "");
    CHECK(values(testing::personal_data(period)) ==
          std::vector<std::string>{"Refusion Karen Hansen"});
}
