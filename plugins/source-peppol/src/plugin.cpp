// The one symbol the host looks for.
#include "ferry/sdk/plugin.hpp"

#include "peppol_source.hpp"

namespace {

std::unique_ptr<ferry::sdk::Source> create(const ferry::sdk::PluginContext& context) {
    return std::make_unique<ferry::peppol::PeppolSource>(
        ferry::peppol::read_settings(context.settings), context.host);
}

}  // namespace

FERRY_PLUGIN(ferry::sdk::describe_source(
                 "source-peppol", "0.1.0",
                 "Peppol BIS 3 (EN 16931) invoices and credit notes, any file names, from local "
                 "folders or SMB3 shares",
                 {ferry::sdk::DocumentKind::invoice, ferry::sdk::DocumentKind::credit_note},
                 &ferry::peppol::settings_table, &create)
                 .with_settings_check(&ferry::peppol::check_settings));
