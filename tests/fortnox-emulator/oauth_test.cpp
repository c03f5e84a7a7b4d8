#include "test_data.hpp"

#include <chrono>
#include <thread>

using namespace ferry::test::fortnox;

TEST_CASE("an authorization code is exchanged once for tokens of the documented shape") {
    FortnoxEmulator emulator;
    auto code = emulator.authorization_code();
    std::map<std::string, std::string> form = {{"grant_type", "authorization_code"},
                                               {"code", code},
                                               {"redirect_uri", "http://localhost/callback"}};
    auto first = emulator.token_request(form);
    REQUIRE(first.status == 200);
    auto tokens = first.json();
    CHECK(tokens["token_type"] == "bearer");
    CHECK(tokens["expires_in"] == 3600);
    CHECK(tokens["scope"] == "article bookkeeping companyinformation customer invoice settings");
    CHECK_FALSE(tokens["access_token"].get<std::string>().empty());
    CHECK_FALSE(tokens["refresh_token"].get<std::string>().empty());

    auto again = emulator.token_request(form);
    CHECK(again.status == 400);
    CHECK(again.json()["error"] == "invalid_grant");

    auto info = emulator.api(tokens["access_token"]).get("/3/companyinformation");
    REQUIRE(info.status == 200);
    CHECK(info.json()["CompanyInformation"]["OrganizationNumber"] == "556732-1707");
    CHECK(info.json()["CompanyInformation"]["CompanyName"] == "Kliniken AB");
    CHECK(info.json()["CompanyInformation"]["DatabaseNumber"].is_number_integer());
}

TEST_CASE("an authorization code expires after --code-seconds") {
    FortnoxEmulator emulator({"--code-seconds", "1"});
    auto code = emulator.authorization_code();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto late = emulator.token_request({{"grant_type", "authorization_code"}, {"code", code}});
    CHECK(late.status == 400);
    CHECK(late.json()["error"] == "invalid_grant");
}

TEST_CASE("a refresh returns a new refresh token and the old one is refused with invalid_grant") {
    FortnoxEmulator emulator;
    auto first = emulator.authorize();
    auto second = emulator.refresh(first.refresh_token);
    CHECK(second.refresh_token != first.refresh_token);
    CHECK(second.access_token != first.access_token);
    auto reused = emulator.token_request(
        {{"grant_type", "refresh_token"}, {"refresh_token", first.refresh_token}});
    CHECK(reused.status == 400);
    CHECK(reused.json() == nlohmann::json{{"error", "invalid_grant"},
                                          {"error_description", "Invalid refresh token"}});
    auto unknown =
        emulator.token_request({{"grant_type", "refresh_token"}, {"refresh_token", "made-up"}});
    CHECK(unknown.status == 400);
    // The new one works, once.
    auto third = emulator.refresh(second.refresh_token);
    CHECK(emulator.api(third.access_token).get("/3/customers").status == 200);
}

TEST_CASE("a used refresh token stays dead after a restart and the new one survives it") {
    auto state = temporary_state_file("refresh");
    Tokens second;
    std::string first_refresh;
    {
        FortnoxEmulator emulator({}, state);
        auto first = emulator.authorize();
        first_refresh = first.refresh_token;
        second = emulator.refresh(first.refresh_token);
        emulator.kill_hard();
    }
    FortnoxEmulator restarted({}, state);
    auto reused = restarted.token_request(
        {{"grant_type", "refresh_token"}, {"refresh_token", first_refresh}});
    CHECK(reused.status == 400);
    CHECK(reused.json()["error"] == "invalid_grant");
    CHECK(restarted.api(second.access_token).get("/3/customers").status == 200);
    CHECK_FALSE(restarted.refresh(second.refresh_token).access_token.empty());
    std::filesystem::remove(state);
}

TEST_CASE("an expired or unknown access token is answered 401 unauthorized") {
    FortnoxEmulator emulator;
    auto tokens = emulator.authorize();
    auto api = emulator.api(tokens.access_token);
    REQUIRE(api.get("/3/customers").status == 200);
    emulator.expire_tokens();
    auto expired = api.get("/3/customers");
    CHECK(expired.status == 401);
    CHECK(expired.json() == nlohmann::json{{"message", "unauthorized"}});
    CHECK(emulator.api("no-such-token").get("/3/customers").status == 401);
    CHECK(emulator.request("GET", "/3/customers").status == 401);
    // Refresh tokens are not affected.
    auto renewed = emulator.refresh(tokens.refresh_token);
    CHECK(emulator.api(renewed.access_token).get("/3/customers").status == 200);
}

TEST_CASE("access tokens expire by themselves after --access-token-seconds") {
    FortnoxEmulator emulator({"--access-token-seconds", "1"});
    auto tokens = emulator.authorize();
    auto api = emulator.api(tokens.access_token);
    REQUIRE(api.get("/3/customers").status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(api.get("/3/customers").status == 401);
}

TEST_CASE("a wrong client secret is refused with invalid_client") {
    FortnoxEmulator emulator;
    auto code = emulator.authorization_code();
    auto refused = emulator.token_request({{"grant_type", "authorization_code"}, {"code", code}},
                                          default_client_id, "wrong-secret");
    CHECK(refused.status == 401);
    CHECK(refused.json()["error"] == "invalid_client");
    // The code was not spent by the refused attempt.
    auto accepted = emulator.token_request({{"grant_type", "authorization_code"}, {"code", code}});
    CHECK(accepted.status == 200);
}

TEST_CASE("client credentials with the TenantId header give a token without a refresh token") {
    FortnoxEmulator emulator(
        {"--tenant", "5567321707:Kliniken AB", "--tenant", "5591234567:Tand AB"});
    auto first = emulator.client_credentials(1001);
    auto second = emulator.client_credentials(1002, "customer");
    CHECK(first.refresh_token.empty());
    auto info = emulator.api(first.access_token).get("/3/companyinformation");
    REQUIRE(info.status == 200);
    CHECK(info.json()["CompanyInformation"]["DatabaseNumber"] == 1001);
    // Tenants keep their own data.
    create_customer(emulator.api(second.access_token), "Tandvården");
    CHECK(emulator.tenant_customers("5591234567").size() == 1);
    CHECK(emulator.tenant_customers("5567321707").empty());
    auto unknown = emulator.token_request({{"grant_type", "client_credentials"}}, default_client_id,
                                          default_client_secret, {{"TenantId", "999"}});
    CHECK(unknown.status == 400);
}

TEST_CASE("the authorize endpoint redirects with a code and the state") {
    FortnoxEmulator emulator;
    auto redirect = emulator.request(
        "GET",
        "/oauth-v1/auth?client_id=emulator-client&redirect_uri=http%3A%2F%2Flocalhost%2Fcb"
        "&scope=customer%20invoice&state=xyz&response_type=code&access_type=offline");
    REQUIRE(redirect.status == 302);
    auto location = redirect.header("location");
    REQUIRE(location.starts_with("http://localhost/cb?code="));
    CHECK(location.ends_with("&state=xyz"));
    auto code = location.substr(std::string("http://localhost/cb?code=").size());
    code = code.substr(0, code.find('&'));
    auto wrong_redirect = emulator.token_request({{"grant_type", "authorization_code"},
                                                  {"code", code},
                                                  {"redirect_uri", "http://elsewhere/cb"}});
    CHECK(wrong_redirect.status == 400);
    auto tokens = emulator.token_request({{"grant_type", "authorization_code"},
                                          {"code", code},
                                          {"redirect_uri", "http://localhost/cb"}});
    REQUIRE(tokens.status == 200);
    CHECK(tokens.json()["scope"] == "customer invoice");
}

TEST_CASE("a call outside the token's scopes is refused 403 with code 2000663") {
    FortnoxEmulator emulator;
    auto tokens = emulator.authorize(default_tenant, "customer");
    auto api = emulator.api(tokens.access_token);
    CHECK(api.get("/3/customers").status == 200);
    auto refused = api.get("/3/invoices");
    CHECK(refused.status == 403);
    CHECK(error_information(refused)["code"] == 2000663);
    CHECK(api.get("/3/accounts/3001").status == 403);
}

TEST_CASE("without access_type=offline the refresh token lives only as long as an access token") {
    FortnoxEmulator emulator({"--access-token-seconds", "1"});
    auto redirect =
        emulator.request("GET",
                         "/oauth-v1/auth?client_id=emulator-client&redirect_uri="
                         "http%3A%2F%2Flocalhost%2Fcb&scope=customer&response_type=code");
    REQUIRE(redirect.status == 302);
    auto location = redirect.header("location");
    auto code = location.substr(location.find("code=") + 5);
    auto tokens = emulator.token_request({{"grant_type", "authorization_code"},
                                          {"code", code},
                                          {"redirect_uri", "http://localhost/cb"}});
    REQUIRE(tokens.status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto late = emulator.token_request(
        {{"grant_type", "refresh_token"},
         {"refresh_token", tokens.json()["refresh_token"].get<std::string>()}});
    CHECK(late.status == 400);
    CHECK(late.json()["error"] == "invalid_grant");
}

TEST_CASE("the token endpoint refuses unknown grants and bodies that are not a form") {
    FortnoxEmulator emulator;
    auto unknown = emulator.token_request({{"grant_type", "password"}});
    CHECK(unknown.status == 400);
    CHECK(unknown.json()["error"] == "unsupported_grant_type");
    auto json_body =
        emulator.request("POST", "/oauth-v1/token", R"({"grant_type":"client_credentials"})",
                         {{"Authorization", "Basic ZW11bGF0b3ItY2xpZW50OmVtdWxhdG9yLXNlY3JldA=="},
                          {"Content-Type", "application/json"}});
    CHECK(json_body.status == 400);
    CHECK(json_body.json()["error"] == "invalid_request");
    auto bad_scope = emulator.request("POST", "/__emulator/tenants/5567321707/authorization-code",
                                      R"({"scope":"payroll"})");
    CHECK(bad_scope.status == 400);
}
