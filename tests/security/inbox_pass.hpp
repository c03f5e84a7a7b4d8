// Whole passes of the runner over a real NOVAX inbox (a local folder or a real Samba share),
// into a real LMDB ledger, delivering to a sink that only notes what reached it. The sink can
// act between deliveries, as the world does during a pass: a server reboots, a file is renamed.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/runner.hpp"
#include "lmdb_store.hpp"
#include "novax_source.hpp"
#include "recording_host.hpp"
#include "settings.hpp"
#include "settings_builder.hpp"
#include "temp_folder.hpp"

namespace ferry::security {

// A host whose clock the test moves, so that "the next pass" may be two hours later.
class ClockHost : public novax::testing::RecordingHost {
  public:
    std::chrono::system_clock::time_point now() const override { return clock; }
    std::chrono::system_clock::time_point clock = std::chrono::system_clock::now();

    std::size_t count(std::string_view event) const {
        std::size_t found = 0;
        for (const auto& entry : entries)
            found += entry.event == event;
        return found;
    }
};

class NotingSink : public sdk::Sink {
  public:
    sdk::Delivery deliver(const sdk::DeliveryRequest& request) override {
        ++delivered[request.document.key.str()];
        if (after_delivery)
            after_delivery(total());
        return sdk::Delivery::delivered({{"line", std::to_string(total())}});
    }
    sdk::Found find(const sdk::DocumentRef&, const std::string&) override { return {}; }
    std::vector<sdk::Problem> check() override { return {}; }

    std::size_t total() const {
        std::size_t sum = 0;
        for (const auto& [key, times] : delivered)
            sum += times;
        return sum;
    }

    std::map<std::string, int> delivered;  // document key → deliveries
    std::function<void(std::size_t delivered_so_far)> after_delivery;
};

struct InboxPipeline {
    explicit InboxPipeline(const std::vector<novax::testing::ServerFields>& servers)
        : source(std::make_shared<novax::NovaxSource>(
              novax::read_settings(novax::testing::make_settings(servers)), host)),
          sink(std::make_shared<NotingSink>()),
          store(std::make_shared<store_lmdb::LmdbStore>(
              store_lmdb::StoreOptions{(ledger_folder / "ledger").string()}, "clinic",
              sdk::Access::read_write, host)) {}

    PassSummary pass() {
        const sdk::DocumentKinds invoices{sdk::DocumentKind::invoice,
                                          sdk::DocumentKind::credit_note};
        return Runner({"clinic", source, sink, store, {"source-novax", invoices, "sink", invoices}},
                      host)
            .run_pass();
    }

    std::size_t in_state(sdk::State state) {
        std::size_t count = 0;
        store->scan_state(state, [&](const sdk::LedgerRecord&) { return ++count, true; });
        return count;
    }

    ClockHost host;
    novax::testing::TempFolder ledger_folder;
    std::shared_ptr<novax::NovaxSource> source;
    std::shared_ptr<NotingSink> sink;
    std::shared_ptr<store_lmdb::LmdbStore> store;
};

}  // namespace ferry::security
