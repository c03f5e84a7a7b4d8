// The conformance kit: one line registers every check for a plugin's kind as Catch2 tests.
//
//   #include <ferry/sdk/testing/conformance.hpp>
//   struct JsonlTarget : ferry::sdk::testing::SinkHarness { ... };
//   FERRY_SINK_CONFORMANCE("sink-jsonl", JsonlTarget)
//
// Each test builds a fresh harness, loads the plugin file as the host does and checks one rule
// of its kind. Link Catch2 and a Catch2 main (CMake: ferry_add_conformance_test).
#pragma once

#include <catch2/catch.hpp>

#include "ferry/sdk/testing/settings_checks.hpp"
#include "ferry/sdk/testing/sink_checks.hpp"
#include "ferry/sdk/testing/source_checks.hpp"
#include "ferry/sdk/testing/store_checks.hpp"
#include "ferry/sdk/testing/temp_folder.hpp"

namespace ferry::sdk::testing {

// The descriptor is one the host accepts and its settings table documents itself.
template <class Harness>
void descriptor_is_accepted(PluginKind kind) {
    Harness harness;
    const PluginDescriptor& descriptor = load_plugin(harness.plugin_file(), kind);
    CHECK(std::string(descriptor.version).size() > 0);
    CHECK(std::string(descriptor.summary).size() > 0);
    for (const std::string& fault : settings_table_faults(descriptor.settings()))
        FAIL_CHECK("settings table: " << fault);
}

template <class Harness, class Check>
void run_check(Check check) {
    Harness harness;
    check(harness);
}

}  // namespace ferry::sdk::testing

#define FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, TITLE, CHECK)                     \
    TEST_CASE(NAME " conformance: " TITLE, "[conformance]") {                     \
        ::ferry::sdk::testing::run_check<HARNESS>(&::ferry::sdk::testing::CHECK); \
    }

#define FERRY_SOURCE_CONFORMANCE(NAME, HARNESS)                                                   \
    TEST_CASE(NAME " conformance: the host accepts the descriptor", "[conformance]") {            \
        ::ferry::sdk::testing::descriptor_is_accepted<HARNESS>(::ferry::sdk::PluginKind::source); \
    }                                                                                             \
    FERRY_SETTINGS_CONFORMANCE_(NAME, HARNESS, ::ferry::sdk::PluginKind::source)                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "list names documents",                               \
                             source_lists_documents_it_can_name)                                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "listing is stable", source_listing_is_stable)        \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "listing opens no document",                          \
                             source_listing_opens_no_document)                                    \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "read is pure", source_read_is_pure)                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "kinds declared and honoured",                        \
                             source_honours_its_declared_kinds)                                   \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "an unusable document is rejected",                   \
                             source_unusable_document_is_rejected)                                \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "an unavailable source answers retry later",          \
                             source_unavailable_read_is_retry_later)                              \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "a vanished document is an outcome with a code",      \
                             source_vanished_document_is_an_outcome)                              \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "a declared number series places its own numbers",    \
                             source_number_series_places_its_own_numbers)                         \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "secrets stay out of output",                         \
                             source_keeps_secrets_out_of_output)                                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS,                                                       \
                             "personal data stays out of problems logs and metrics",              \
                             source_keeps_personal_data_out_of_output)

#define FERRY_SINK_CONFORMANCE(NAME, HARNESS)                                                   \
    TEST_CASE(NAME " conformance: the host accepts the descriptor", "[conformance]") {          \
        ::ferry::sdk::testing::descriptor_is_accepted<HARNESS>(::ferry::sdk::PluginKind::sink); \
    }                                                                                           \
    FERRY_SETTINGS_CONFORMANCE_(NAME, HARNESS, ::ferry::sdk::PluginKind::sink)                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "kinds declared and honoured",                      \
                             sink_declares_the_kinds_it_is_fed)                                 \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "check passes on a working target",                 \
                             sink_check_passes_on_a_working_target)                             \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "check reports a broken target",                    \
                             sink_check_reports_a_broken_target)                                \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "deliver is idempotent under the same reference",   \
                             sink_delivers_once_under_the_same_reference)                       \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "find answers after a crash",                       \
                             sink_find_answers_after_a_crash)                                   \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "a delivery cut short is completed once",           \
                             sink_completes_a_delivery_cut_short)                               \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "deliveries at once are each booked once",          \
                             sink_takes_concurrent_deliveries_when_it_says_so)                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "secrets stay out of output",                       \
                             sink_keeps_secrets_out_of_output)                                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS,                                                     \
                             "personal data stays out of outcomes logs and metrics",            \
                             sink_keeps_personal_data_out_of_output)

#define FERRY_STORE_CONFORMANCE(NAME, HARNESS)                                                   \
    TEST_CASE(NAME " conformance: the host accepts the descriptor", "[conformance]") {           \
        ::ferry::sdk::testing::descriptor_is_accepted<HARNESS>(::ferry::sdk::PluginKind::store); \
    }                                                                                            \
    FERRY_SETTINGS_CONFORMANCE_(NAME, HARNESS, ::ferry::sdk::PluginKind::store)                  \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "find returns what was saved",                       \
                             store_finds_what_it_saved)                                          \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "scan is in key order and stops when asked",         \
                             store_scans_in_key_order_and_stops_when_asked)                      \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "scan by state agrees with scan",                    \
                             store_scans_by_state)                                               \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "find_brief agrees with find", store_finds_briefs)   \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "the ledger survives reopening",                     \
                             store_survives_reopening)                                           \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "read-only access refuses writes",                   \
                             store_refuses_writes_when_read_only)                                \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "readers in other processes see committed records",  \
                             store_serves_concurrent_readers)                                    \
    FERRY_CONFORMANCE_CHECK_(NAME, HARNESS, "secrets stay out of output",                        \
                             store_keeps_secrets_out_of_output)
