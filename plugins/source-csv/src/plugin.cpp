// The one symbol the host looks for.
#include "ferry/sdk/plugin.hpp"
#include "csv_source.hpp"

namespace {

std::unique_ptr<ferry::sdk::Source> create(const ferry::sdk::PluginContext& context) {
    return std::make_unique<ferry::csv::CsvSource>(ferry::csv::read_settings(context.settings),
                                                   context.host);
}

}  // namespace

FERRY_PLUGIN(ferry::sdk::describe_source(
                 "source-csv", "0.1.0",
                 "Customers and invoices exported as CSV (TimeLog, ClientTime and the like) from "
                 "local folders or SMB3 shares",
                 {ferry::sdk::DocumentKind::customer, ferry::sdk::DocumentKind::invoice,
                  ferry::sdk::DocumentKind::credit_note},
                 &ferry::csv::settings_table, &create)
                 .with_settings_check(&ferry::csv::check_settings));
