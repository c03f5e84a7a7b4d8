#include "store.hpp"

namespace fortnox_emulator {

Store::Store(std::optional<std::filesystem::path> file, bool fsync)
    : file_(std::move(file)), fsync_(fsync) {}

void Store::apply(const nlohmann::json& change) {
    const auto& table = change.at("table").get_ref<const std::string&>();
    const auto& key = change.at("key").get_ref<const std::string&>();
    if (change.at("value").is_null())
        tables_[table].erase(key);
    else
        tables_[table][key] = change.at("value");
}

void Store::load() {
    if (!file_)
        return;
    if (std::filesystem::exists(*file_))
        for (const auto& line : emulator_kit::Journal::read_all(*file_))
            for (const auto& change : line.at("changes"))
                apply(change);
    std::vector<nlohmann::json> snapshot;
    for (const auto& [table, values] : tables_)
        for (const auto& [key, value] : values)
            snapshot.push_back(
                {{"changes",
                  nlohmann::json::array({{{"table", table}, {"key", key}, {"value", value}}})}});
    emulator_kit::Journal::rewrite(*file_, snapshot);
    journal_ = std::make_unique<emulator_kit::Journal>(*file_, fsync_);
}

const nlohmann::json* Store::find(const std::string& table, const std::string& key) const {
    auto values = tables_.find(table);
    if (values == tables_.end())
        return nullptr;
    auto found = values->second.find(key);
    return found == values->second.end() ? nullptr : &found->second;
}

const Store::Table& Store::table(const std::string& name) const {
    static const Table empty;
    auto found = tables_.find(name);
    return found == tables_.end() ? empty : found->second;
}

void Store::put(const std::string& table, const std::string& key, nlohmann::json value) {
    nlohmann::json change = {{"table", table}, {"key", key}, {"value", std::move(value)}};
    apply(change);
    pending_.push_back(std::move(change));
}

void Store::erase(const std::string& table, const std::string& key) {
    nlohmann::json change = {{"table", table}, {"key", key}, {"value", nullptr}};
    apply(change);
    pending_.push_back(std::move(change));
}

void Store::commit() {
    if (pending_.empty())
        return;
    if (journal_)
        journal_->append({{"changes", pending_}});
    pending_ = nlohmann::json::array();
}

}  // namespace fortnox_emulator
