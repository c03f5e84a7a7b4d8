// source-economic: the posted ledger of e-conomic companies, one accounting period at a time.
#include <ferry/sdk/sdk.hpp>

#include "economic_source.hpp"

namespace {

std::unique_ptr<ferry::sdk::Source> create(const ferry::sdk::PluginContext& context) {
    return std::make_unique<ferry::economic::EconomicSource>(
        ferry::economic::source_settings_binding().bind(context.settings), context.host);
}

}  // namespace

FERRY_PLUGIN(ferry::sdk::describe_source(
    "source-economic", "1.0.0",
    "Reads the posted ledger of e-conomic companies: accounts, departments and entries, one "
    "accounting period at a time",
    {ferry::sdk::DocumentKind::accounting_period}, &ferry::economic::source_settings_table,
    &create));
