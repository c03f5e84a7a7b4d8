// Test fixture: runs the real fortnox-emulator binary on a free 127.0.0.1 port and talks HTTP to
// it. Link `fortnox_emulator_test_support`. Usage:
//
//   using namespace ferry::test::fortnox;
//   FortnoxEmulator emulator;                          // or ({"--rate-limit", "5/1"}, state_file)
//   Tokens tokens = emulator.authorize();              // admin code → POST /oauth-v1/token
//   auto api = emulator.api(tokens.access_token);      // Bearer requests under /3
//   auto created = api.post("/3/customers", {{"Customer", {{"Name", "Kliniken"}}}});
//   REQUIRE(created.status == 201);
//   auto refreshed = emulator.refresh(tokens.refresh_token);   // the old refresh token dies
//   emulator.expire_tokens();                          // every access token → 401
//   emulator.set_faults({{"loseNext", 1}});            // the next write commits, answer lost
//   auto invoices = emulator.tenant_invoices();        // everything stored, for assertions
//
// `api_url()` and `auth_url()` are what a Fortnox client's settings point at (the same port).
#pragma once

#include <nlohmann/json.hpp>

#include <sys/types.h>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::test::fortnox {

inline constexpr const char* default_client_id = "emulator-client";
inline constexpr const char* default_client_secret = "emulator-secret";
inline constexpr const char* default_tenant = "5567321707";
inline constexpr const char* default_tenant_name = "Kliniken AB";
inline constexpr const char* all_scopes =
    "companyinformation customer article invoice bookkeeping settings";

struct HttpResponse {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased

    nlohmann::json json() const { return nlohmann::json::parse(body); }
    std::string header(const std::string& lower_case_name) const {
        auto found = headers.find(lower_case_name);
        return found == headers.end() ? std::string() : found->second;
    }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Tokens {
    std::string access_token;
    std::string refresh_token;  // empty for client credentials
    std::string scope;
};

class FortnoxEmulator;

// Requests under /3 with one bearer token and JSON bodies.
class ApiClient {
  public:
    ApiClient(const FortnoxEmulator& emulator, std::string access_token)
        : emulator_(emulator), access_token_(std::move(access_token)) {}

    HttpResponse get(const std::string& target) const;
    HttpResponse post(const std::string& target, const nlohmann::json& body) const;
    HttpResponse put(const std::string& target, const nlohmann::json& body) const;
    HttpResponse put(const std::string& target) const;  // actions: bookkeep, cancel, credit
    HttpResponse del(const std::string& target) const;
    // nullopt when the emulator dropped the connection (an injected lost response).
    std::optional<HttpResponse> try_request(const std::string& method, const std::string& target,
                                            const std::string& body = {}) const;
    Headers headers() const;

  private:
    const FortnoxEmulator& emulator_;
    std::string access_token_;
};

class FortnoxEmulator {
  public:
    // Starts `fortnox-emulator --port 0 [--state state_file --no-fsync] extra_arguments...` and
    // waits for its "listening on" line.
    explicit FortnoxEmulator(std::vector<std::string> extra_arguments = {},
                             std::string state_file = {});
    ~FortnoxEmulator();
    FortnoxEmulator(const FortnoxEmulator&) = delete;
    FortnoxEmulator& operator=(const FortnoxEmulator&) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string api_url() const { return base_url() + "/3"; }
    std::string auth_url() const { return base_url() + "/oauth-v1"; }

    // One request on a fresh connection; throws when no answer comes (see try_request).
    HttpResponse request(const std::string& method, const std::string& target,
                         const std::string& body = {}, const Headers& headers = {}) const;
    std::optional<HttpResponse> try_request(const std::string& method, const std::string& target,
                                            const std::string& body = {},
                                            const Headers& headers = {}) const;

    // --- OAuth ---
    // POST /oauth-v1/token with Basic client authentication and a form-encoded body.
    HttpResponse token_request(const std::map<std::string, std::string>& form,
                               const std::string& client_id = default_client_id,
                               const std::string& client_secret = default_client_secret,
                               const Headers& extra_headers = {}) const;
    // What a user approving the app yields (admin route), then exchanged for tokens; throws
    // when the emulator refuses.
    std::string authorization_code(const std::string& tenant = default_tenant,
                                   const std::string& scope = all_scopes,
                                   const std::string& client_id = default_client_id) const;
    Tokens authorize(const std::string& tenant = default_tenant,
                     const std::string& scope = all_scopes) const;
    Tokens refresh(const std::string& refresh_token) const;  // throws unless 200
    Tokens client_credentials(std::int64_t database_number, const std::string& scope = {}) const;
    ApiClient api(const std::string& access_token) const { return ApiClient(*this, access_token); }

    // --- Admin (no auth) ---
    void expire_tokens() const;
    HttpResponse set_faults(const nlohmann::json& faults) const;
    nlohmann::json stats() const;
    nlohmann::json tenant_invoices(const std::string& tenant = default_tenant) const;
    nlohmann::json tenant_customers(const std::string& tenant = default_tenant) const;
    HttpResponse remove_financial_year(int year, const std::string& tenant = default_tenant) const;

    void kill_hard();  // SIGKILL, as a crash would
    int terminate();   // SIGTERM; returns the wait status

  private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

// A fresh state file path in the temp directory (the caller removes it or leaves it).
std::string temporary_state_file(const std::string& label);

}  // namespace ferry::test::fortnox
