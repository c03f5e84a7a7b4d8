// The one symbol the host looks for.
#include "ferry/sdk/plugin.hpp"

#include "novax_source.hpp"

namespace {

std::unique_ptr<ferry::sdk::Source> create(const ferry::sdk::PluginContext& context) {
    return std::make_unique<ferry::novax::NovaxSource>(
        ferry::novax::read_settings(context.settings), context.host);
}

}  // namespace

FERRY_PLUGIN(ferry::sdk::describe_source(
                 "source-novax", "0.1.0",
                 "NOVAX OIOUBL invoices and credit notes from local folders or SMB3 shares",
                 {ferry::sdk::DocumentKind::invoice, ferry::sdk::DocumentKind::credit_note},
                 &ferry::novax::settings_table, &create)
                 .with_settings_check(&ferry::novax::check_settings));
