// sink-postgres: accounting periods into PostgreSQL, one transaction per period, the period's
// entries replaced whole, so a crash anywhere leaves the old batch or the new one. What a
// delivery wrote is recorded in the same transaction (the deliveries table), so find() answers
// from the database itself.
#pragma once

#include <memory>
#include <optional>

#include "pg.hpp"
#include "settings.hpp"

namespace ferry::postgres {

class PostgresSink final : public sdk::Sink {
  public:
    PostgresSink(PostgresConfig config, sdk::Access access);

    sdk::Delivery deliver(const sdk::DeliveryRequest& request) override;
    sdk::Found find(const sdk::DocumentRef& ref, const std::string& reference) override;
    std::vector<sdk::Problem> check() override;
    sdk::Result<std::vector<sdk::HeldDocument>> held(const std::string& reference_prefix,
                                                     sdk::Date from, sdk::Date to) override;

  private:
    // Connected, and with write access the schema migrated; throws PgError.
    PgConnection& connection();
    // What a failure means for the person who reads it, with a stable code.
    sdk::Problem problem_of(const PgFailure& failure) const;
    void forget_broken_connection();
    std::string table(const char* name) const;

    PostgresConfig config_;
    sdk::Access access_;
    std::unique_ptr<PgConnection> connection_;
    bool migrated_ = false;
};

}  // namespace ferry::postgres
