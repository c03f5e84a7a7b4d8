// The emulator's data: one Agreement per grant token, each with its own collections of
// entities, its idempotency cache and its rate-limit bucket. Every change is recorded so that
// the caller can commit it to the journal as one atomic line.
#pragma once

#include "emulator_kit/journal.hpp"
#include "emulator_kit/reply.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace economic_emulator {

using emulator_kit::Journal;
using emulator_kit::Reply;

// Entities of one kind, ordered by id as e-conomic lists them by default.
class Collection {
  public:
    Collection(std::string id_field, bool numeric_id)
        : id_field_(std::move(id_field)), numeric_id_(numeric_id) {}

    const std::string& id_field() const { return id_field_; }
    const nlohmann::json* find(const nlohmann::json& id) const;
    const std::map<std::string, nlohmann::json>& items() const { return items_; }
    std::string key_of(const nlohmann::json& id) const;
    // Next free number (ids are reused after delete, as in e-conomic).
    std::int64_t next_number() const;

    void put(nlohmann::json entity);
    void erase(const std::string& key) { items_.erase(key); }
    void clear() { items_.clear(); }

  private:
    std::string id_field_;
    bool numeric_id_;
    std::map<std::string, nlohmann::json> items_;
};

struct IdempotentReply {
    int status = 0;
    std::string body;
    std::string location;
    std::int64_t expires_at = 0;  // unix seconds
};

// The ledger's index of an agreement's entries (ledger.cpp), kept beside them.
struct EntryIndex;

struct Agreement {
    std::string grant_token;
    std::string company_cvr;
    bool read_only = false;
    bool configured = true;  // false: known from the state file only, no longer accepted
    std::map<std::string, Collection> collections;
    std::map<std::string, IdempotentReply> idempotency;
    nlohmann::json uncommitted = nlohmann::json::array();
    std::shared_ptr<EntryIndex> entry_index;

    Collection& collection(const std::string& name) { return collections.at(name); }
    const Collection& collection(const std::string& name) const { return collections.at(name); }
    void put(const std::string& collection_name, nlohmann::json entity);
    void erase(const std::string& collection_name, const nlohmann::json& id);
};

class State {
  public:
    // Without a file the state lives in memory only.
    State(std::optional<std::filesystem::path> file, bool fsync_each_commit);

    Agreement& add_agreement(const std::string& grant_token, const std::string& company_cvr,
                             bool read_only);
    Agreement* find(const std::string& grant_token);
    const std::map<std::string, std::unique_ptr<Agreement>>& agreements() const {
        return agreements_;
    }

    // Replays the journal over the seeded agreements and rewrites it compacted.
    void load();
    // Writes the agreement's uncommitted changes (and the reply to remember for an
    // Idempotency-Key) as one journal line, durable before the answer is sent.
    void commit(Agreement& agreement, const std::string* idempotency_key = nullptr);

  private:
    void replay(const nlohmann::json& line);
    nlohmann::json snapshot_line(const Agreement& agreement) const;

    std::optional<std::filesystem::path> file_;
    bool fsync_;
    std::unique_ptr<Journal> journal_;
    std::map<std::string, std::unique_ptr<Agreement>> agreements_;
};

void seed_reference_data(Agreement& agreement);
std::int64_t unix_now();

}  // namespace economic_emulator
