// Counts of the e-conomic requests the emulator answered, for tests and benchmarks that assert
// how many requests a client needs (counts, never times). Admin requests are not counted.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace economic_emulator {

class RequestStats {
  public:
    // `segments` are the decoded path segments; numeric ones are counted as "{n}" so that
    // GET /customers/7 and /customers/8 add up.
    // `agreement`: the grant token the request was authorised with; empty when it was not.
    void count(const std::string& method, const std::vector<std::string>& segments, int status,
               int tokens_spent, const std::string& agreement = {});
    // {"requests":N,"rateLimited":N,"tokensSpent":N,"byRoute":{"GET /customers":N,...},
    //  "byStatus":{"200":N,...},
    //  "byAgreement":{"<grant token>":{"requests":N,"rateLimited":N,"tokensSpent":N},...}}
    nlohmann::json describe() const;

  private:
    struct Totals {
        std::int64_t requests = 0;
        std::int64_t rate_limited = 0;
        std::int64_t tokens_spent = 0;
        void add(int status, int tokens);
        nlohmann::json describe() const;
    };
    Totals all_;
    std::map<std::string, Totals> by_agreement_;
    std::map<std::string, std::int64_t> by_route_;
    std::map<int, std::int64_t> by_status_;
};

}  // namespace economic_emulator
