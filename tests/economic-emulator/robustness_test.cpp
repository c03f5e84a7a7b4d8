#include "test_data.hpp"

using namespace ferry::test;

TEST_CASE("malformed, non-object and hostile JSON bodies are 400, never a crash") {
    EmulatorProcess emulator;
    for (std::string body :
         {"{", "not json", "", "[1,2,3]", "42", "null", R"({"name":"a",})", "\xff\xfe"}) {
        INFO(body);
        CHECK(emulator.request("POST", "/customers", body).status == 400);
    }
    CHECK(emulator
              .request("POST", "/invoices/drafts",
                       std::string(100000, '[') + std::string(100000, ']'))
              .status == 400);
    CHECK(emulator.request("POST", "/invoices/booked", R"({"draftInvoice":"one"})").status == 400);
    CHECK(
        emulator.request("POST", "/invoices/drafts", R"({"lines":"none","recipient":[],"date":5})")
            .status == 400);
    CHECK(emulator.request("POST", "/invoices/drafts", R"({"lines":[1,null,{"product":7}]})")
              .status == 400);
    CHECK(emulator.request("GET", "/__emulator/health", "", {}).status == 200);
}

TEST_CASE("huge bodies are refused with 413, long strings inside the limit are validated") {
    EmulatorProcess emulator({"--max-body-bytes", "100000"});
    auto huge = customer_body(std::string(200000, 'x')).dump();
    auto refused = emulator.try_request("POST", "/customers", huge);
    if (refused)
        CHECK(refused->status == 413);  // or the connection closes while we still send
    auto long_name = emulator.post("/customers", customer_body(std::string(50000, 'x')));
    CHECK(long_name.status == 400);
    CHECK(long_name.json()["errors"]["name"]["errors"][0]["errorMessage"] ==
          "String is too long (50000 chars), maximum 255.");
    CHECK(emulator.request("GET", "/__emulator/health", "", {}).status == 200);
}

TEST_CASE("a body that is not JSON by content type is 415") {
    EmulatorProcess emulator;
    auto headers = economic_headers();
    headers.back() = {"Content-Type", "text/plain"};
    CHECK(emulator.request("POST", "/customers", customer_body().dump(), headers).status == 415);
}

TEST_CASE("keep-alive: several requests on one connection") {
    EmulatorProcess emulator;
    auto responses = emulator.pipeline(
        {{"GET", "/units"}, {"GET", "/vat-zones"}, {"GET", "/nope"}, {"GET", "/layouts"}});
    REQUIRE(responses.size() == 4);
    CHECK(responses[0].status == 200);
    CHECK(responses[2].status == 404);
    CHECK(responses[3].status == 200);
}
