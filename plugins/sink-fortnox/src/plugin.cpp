#include "fortnox_sink.hpp"
#include "settings.hpp"

FERRY_PLUGIN(ferry::sdk::describe_sink(
                 "sink-fortnox", "0.1.0",
                 "Books invoices and credit notes in Fortnox, exactly once, per company",
                 {ferry::sdk::DocumentKind::invoice, ferry::sdk::DocumentKind::credit_note},
                 &ferry::fortnox::settings_table, &ferry::fortnox::create_sink)
                 .with_settings_check(&ferry::fortnox::check_settings)
                 .with_concurrent_deliveries());
