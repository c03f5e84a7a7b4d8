// One Fortnox company's access: an access token that is refreshed before it expires, under a
// lock shared with every other Ferry process, the rotated refresh token on disk before the new
// access token is used. A company whose authorisation Fortnox refuses is paused alone, with
// what a person must do to authorise Ferry again.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "ferry/sdk/host.hpp"
#include "ferry/sdk/problem.hpp"
#include "http_client.hpp"
#include "settings.hpp"
#include "token_store.hpp"

namespace ferry::fortnox {

// No access token can be had. `code` is one of fortnox.authorization.missing (never
// authorised), .revoked (Fortnox refused the refresh token or the code: authorise again) or
// .unavailable (Fortnox's OAuth server did not answer: try later).
class AuthorizationError : public sdk::Error {
  public:
    using sdk::Error::Error;
    bool needs_a_person() const { return code() != "fortnox.authorization.unavailable"; }
};

class Authorization {
  public:
    Authorization(const SinkConfig& sink, const TenantConfig& tenant, http::HttpClient& oauth,
                  sdk::HostServices& host);

    // An access token valid for at least refresh_ahead; refreshes (or exchanges the
    // authorization code) when needed. Throws AuthorizationError.
    std::string access_token();

    // Fortnox answered 401 to `token`: the next access_token() gets another.
    void refused(const std::string& token);

    // The consent page a Fortnox user of this company opens to authorise Ferry.
    std::string authorize_url() const;

    // What a person does to authorise Ferry (again), ending with how to hand Ferry the code.
    std::string instruction() const;

    const TenantConfig& tenant() const { return tenant_; }

  private:
    std::int64_t now_seconds() const;
    bool usable(const StoredToken& token) const;
    // POSTs a token request; returns the stored token made of the answer (written to disk).
    StoredToken request_token(const std::string& grant, const std::string& body, StoredToken base);
    [[noreturn]] void revoked(const std::string& what);

    const SinkConfig& sink_;
    const TenantConfig& tenant_;
    http::HttpClient& oauth_;
    sdk::HostServices& host_;
    std::mutex mutex_;
    std::optional<StoredToken> cached_;
    std::string refused_;
};

}  // namespace ferry::fortnox
