#include "economic_sink.hpp"
#include "settings.hpp"

FERRY_PLUGIN(ferry::sdk::describe_sink(
                 "sink-economic", "0.1.0",
                 "Books documents as invoices in e-conomic, exactly once, and keeps customers",
                 {ferry::sdk::DocumentKind::invoice, ferry::sdk::DocumentKind::credit_note,
                  ferry::sdk::DocumentKind::customer},
                 &ferry::economic::settings_table, &ferry::economic::create_sink)
                 .with_settings_check(&ferry::economic::check_settings)
                 .with_concurrent_deliveries());
