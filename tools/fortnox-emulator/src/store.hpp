// The emulator's data as named tables of JSON values (tokens, codes, and each tenant's customers,
// articles, invoices, ...). Every change is recorded, and commit() appends the changes of one
// request to the JSON-lines journal as one line, so a request is on disk whole or not at all.
#pragma once

#include "emulator_kit/journal.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace fortnox_emulator {

class Store {
  public:
    using Table = std::map<std::string, nlohmann::json>;

    Store(std::optional<std::filesystem::path> file, bool fsync);

    // Replays the journal (if any), compacts it to one line per value and opens it for appends.
    void load();

    const nlohmann::json* find(const std::string& table, const std::string& key) const;
    const Table& table(const std::string& name) const;
    void put(const std::string& table, const std::string& key, nlohmann::json value);
    void erase(const std::string& table, const std::string& key);
    // Writes the changes made since the last commit as one journal line.
    void commit();

  private:
    void apply(const nlohmann::json& change);

    std::optional<std::filesystem::path> file_;
    bool fsync_;
    std::map<std::string, Table> tables_;
    nlohmann::json pending_ = nlohmann::json::array();
    std::unique_ptr<emulator_kit::Journal> journal_;
};

}  // namespace fortnox_emulator
