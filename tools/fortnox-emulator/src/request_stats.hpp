// Counts of the requests the emulator answered (admin requests are not counted), for tests and
// benchmarks that assert how many calls a client needs: counts, never times.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fortnox_emulator {

class RequestStats {
  public:
    // `segments`: decoded path segments; the one after a collection name ("customers",
    // "invoices", ...) is counted as "{n}", so PUT /3/invoices/7/bookkeep and .../8/... add up.
    // `tenant`: the organisation number the request was authorised for; empty when none.
    void count(const std::string& method, const std::vector<std::string>& segments, int status,
               const std::string& tenant);
    // {"requests":N,"rateLimited":N,"byRoute":{"GET /3/customers":N},"byStatus":{"200":N},
    //  "byTenant":{"5567321707":{"requests":N,"rateLimited":N}}}
    nlohmann::json describe() const;

  private:
    struct Totals {
        std::int64_t requests = 0;
        std::int64_t rate_limited = 0;
        void add(int status) {
            ++requests;
            rate_limited += status == 429;
        }
        nlohmann::json describe() const {
            return {{"requests", requests}, {"rateLimited", rate_limited}};
        }
    };
    Totals all_;
    std::map<std::string, Totals> by_tenant_;
    std::map<std::string, std::int64_t> by_route_;
    std::map<int, std::int64_t> by_status_;
};

}  // namespace fortnox_emulator
