// sink-postgres: accounting figures (kind accounting-period) into PostgreSQL tables any budget
// or BI tool can read.
#include <ferry/sdk/sdk.hpp>

#include "postgres_sink.hpp"

namespace {

std::unique_ptr<ferry::sdk::Sink> create(const ferry::sdk::PluginContext& context) {
    return std::make_unique<ferry::postgres::PostgresSink>(
        ferry::postgres::settings_binding().bind(context.settings), context.access);
}

}  // namespace

FERRY_PLUGIN(ferry::sdk::describe_sink(
    "sink-postgres", "1.0.0",
    "Writes accounting periods (accounts, periods, dimensions, posted entries) into PostgreSQL",
    {ferry::sdk::DocumentKind::accounting_period}, &ferry::postgres::settings_table, &create));
