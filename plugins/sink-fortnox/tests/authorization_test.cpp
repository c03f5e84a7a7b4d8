// The sink's OAuth against the emulator: the first token from an authorization code, refresh
// before expiry, the rotated refresh token on disk (0600) before use, one company paused alone
// when Fortnox refuses its authorisation, and two processes sharing one token file.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <thread>

#include "emulator_support.hpp"
#include "token_store.hpp"

using namespace ferry::fortnox;
using namespace ferry::fortnox::test;
using ferry::sdk::Delivery;

namespace {

int file_mode(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("the first token comes from the authorization code once and is kept 0600") {
    SinkFixture fixture;
    CHECK_FALSE(std::filesystem::exists(fixture.token_file()));
    REQUIRE(fixture.deliver(patient_invoice("1")).status == Delivery::Status::delivered);
    auto stored = read_token_file(fixture.token_file());
    REQUIRE(stored);
    CHECK_FALSE(stored->refresh_token.empty());
    CHECK_FALSE(stored->access_token.empty());
    CHECK(stored->code_sha256 == sha256_hex(fixture.tenants[0].authorization_code));
    CHECK(file_mode(fixture.token_file()) == 0600);
    // The code is in the settings still; a restarted sink uses the file, not the spent code.
    fixture.restart();
    REQUIRE(fixture.deliver(patient_invoice("2")).status == Delivery::Status::delivered);
    CHECK(fixture.route_count("POST /oauth-v1/token") == 1);
    // The refresh token on disk is the live one: Fortnox takes it.
    CHECK_NOTHROW(fixture.emulator.refresh(stored->refresh_token));
}

TEST_CASE("without a token or a code the sink names the authorize URL and check says so") {
    SinkFixture fixture;
    fixture.tenants[0].authorization_code.clear();
    auto delivery = fixture.deliver(patient_invoice("1"));
    REQUIRE(delivery.status == Delivery::Status::retry_later);
    CHECK(delivery.problem.code == "fortnox.authorization.missing");
    CHECK_THAT(delivery.problem.message,
               Catch::Contains(fixture.emulator.auth_url() + "/auth?client_id=emulator-client") &&
                   Catch::Contains("authorization_code") && Catch::Contains("ferry check"));
    auto problems = fixture.another_sink()->check();
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "fortnox.authorization.missing");
    CHECK_THAT(problems[0].message, Catch::Contains("/auth?client_id="));
    CHECK(fixture.emulator.tenant_invoices().empty());
}

TEST_CASE("an access token is refreshed before it expires and the new refresh token is on disk") {
    SinkFixture fixture({"--access-token-seconds", "7"});
    fixture.options["refresh_ahead"] = "5s";
    REQUIRE(fixture.deliver(patient_invoice("1")).status == Delivery::Status::delivered);
    const std::string first_refresh = read_token_file(fixture.token_file())->refresh_token;
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // within 5 s of expiry now
    REQUIRE(fixture.deliver(patient_invoice("2")).status == Delivery::Status::delivered);
    auto stored = read_token_file(fixture.token_file());
    REQUIRE(stored);
    CHECK(stored->refresh_token != first_refresh);
    CHECK(file_mode(fixture.token_file()) == 0600);
    CHECK(fixture.status_count(401) == 0);  // refreshed ahead, never refused
    CHECK(fixture.route_count("POST /oauth-v1/token") == 2);
    // Rotation: the old refresh token is dead, the stored one alive.
    CHECK_THROWS(fixture.emulator.refresh(first_refresh));
    CHECK_NOTHROW(fixture.emulator.refresh(stored->refresh_token));
}

TEST_CASE("an access token Fortnox expired early is replaced and the delivery goes on") {
    SinkFixture fixture;
    REQUIRE(fixture.deliver(patient_invoice("1")).status == Delivery::Status::delivered);
    fixture.emulator.expire_tokens();
    auto delivery = fixture.deliver(patient_invoice("2"));
    CHECK(delivery.status == Delivery::Status::delivered);
    CHECK(fixture.status_count(401) == 1);
    CHECK(fixture.emulator.tenant_invoices().size() == 2);
}

TEST_CASE("a refused refresh token pauses that company alone and says how to authorise again") {
    const std::string other = "5569876543";
    SinkFixture fixture({}, {clinic, other});
    REQUIRE(fixture.deliver(patient_invoice("1", other)).status == Delivery::Status::delivered);
    REQUIRE(fixture.deliver(patient_invoice("1")).status == Delivery::Status::delivered);
    // Someone else spends the other company's refresh token (a copy of the file, say).
    fixture.emulator.refresh(read_token_file(fixture.token_file(other))->refresh_token);
    fixture.emulator.expire_tokens();
    auto paused = fixture.deliver(patient_invoice("2", other));
    REQUIRE(paused.status == Delivery::Status::retry_later);
    CHECK(paused.problem.code == "fortnox.authorization.revoked");
    CHECK_THAT(paused.problem.message,
               Catch::Contains(other) && Catch::Contains("/auth?client_id=") &&
                   Catch::Contains("authorization_code") && Catch::Contains("ferry check"));
    REQUIRE(paused.retry_after);
    CHECK(*paused.retry_after >= std::chrono::minutes(1));
    CHECK(read_token_file(fixture.token_file(other))->revoked);
    // The other company goes on.
    CHECK(fixture.deliver(patient_invoice("2")).status == Delivery::Status::delivered);
    // A new code (a user approved again) brings it back.
    fixture.tenants[1].authorization_code = fixture.emulator.authorization_code(other);
    auto again = fixture.another_sink();
    ferry::sdk::TargetRefs known;
    CHECK(fixture.deliver(patient_invoice("2", other), known, again.get()).status ==
          Delivery::Status::delivered);
}

TEST_CASE("a lost token answer costs the grant, which the company is told, and nothing else") {
    SinkFixture fixture;
    fixture.emulator.set_faults({{"loseNext", 1}, {"pathPrefix", "/oauth-v1/token"}});
    auto lost = fixture.deliver(patient_invoice("1"));
    REQUIRE(lost.status == Delivery::Status::retry_later);
    CHECK(lost.problem.code == "fortnox.authorization.revoked");
    CHECK_THAT(lost.problem.message, Catch::Contains("/auth?client_id="));
    CHECK(fixture.emulator.tenant_invoices().empty());
    // The spent code is never sent again.
    fixture.restart();
    CHECK(fixture.deliver(patient_invoice("1")).problem.code == "fortnox.authorization.revoked");
    CHECK(fixture.route_count("POST /oauth-v1/token") == 2);  // the lost one and its one retry
}

TEST_CASE("two processes on one token file never refresh at once and neither loses it") {
    SinkFixture fixture;
    REQUIRE(fixture.deliver(patient_invoice("1")).status == Delivery::Status::delivered);
    fixture.emulator.expire_tokens();
    auto service = fixture.another_sink();
    auto check = fixture.another_sink();
    std::vector<ferry::sdk::Problem> problems;
    Delivery delivered;
    std::thread checking([&] { problems = check->check(); });
    ferry::sdk::TargetRefs known;
    delivered = fixture.deliver(patient_invoice("2"), known, service.get());
    checking.join();
    CHECK(delivered.status == Delivery::Status::delivered);
    CHECK(problems.empty());
    CHECK_FALSE(read_token_file(fixture.token_file())->revoked);
    CHECK(fixture.status_count(400) == 0);  // no invalid_grant
}
