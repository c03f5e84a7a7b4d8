#include "state.hpp"

#include <cstdio>

namespace economic_emulator {
namespace {

using json = nlohmann::json;

struct CollectionKind {
    const char* name;
    const char* id_field;
    bool numeric_id;
};

constexpr CollectionKind collection_kinds[] = {
    {"currencies", "code", false},
    {"vat-zones", "vatZoneNumber", true},
    {"payment-terms", "paymentTermsNumber", true},
    {"layouts", "layoutNumber", true},
    {"units", "unitNumber", true},
    {"customer-groups", "customerGroupNumber", true},
    {"product-groups", "productGroupNumber", true},
    {"departments", "departmentNumber", true},
    {"departmental-distributions", "departmentalDistributionNumber", true},
    {"customers", "customerNumber", true},
    {"products", "productNumber", false},
    {"drafts", "draftInvoiceNumber", true},
    {"booked", "bookedInvoiceNumber", true},
    {"accounting-years", "year", false},
    {"accounts", "accountNumber", true},
    {"entries", "entryNumber", true},
};

}  // namespace

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string Collection::key_of(const json& id) const {
    if (!numeric_id_)
        return id.is_string() ? id.get<std::string>() : id.dump();
    if (!id.is_number_integer())
        return "~" + id.dump();  // sorts after every number, never matches one
    char text[32];
    std::snprintf(text, sizeof text, "%020lld", static_cast<long long>(id.get<std::int64_t>()));
    return text;
}

const json* Collection::find(const json& id) const {
    auto found = items_.find(key_of(id));
    return found == items_.end() ? nullptr : &found->second;
}

std::int64_t Collection::next_number() const {
    if (items_.empty())
        return 1;
    return items_.rbegin()->second.at(id_field_).get<std::int64_t>() + 1;
}

void Collection::put(json entity) {
    auto key = key_of(entity.at(id_field_));
    items_[key] = std::move(entity);
}

void Agreement::put(const std::string& collection_name, json entity) {
    uncommitted.push_back({{"put", collection_name}, {"value", entity}});
    collection(collection_name).put(std::move(entity));
}

void Agreement::erase(const std::string& collection_name, const json& id) {
    uncommitted.push_back({{"erase", collection_name}, {"id", id}});
    auto& target = collection(collection_name);
    target.erase(target.key_of(id));
}

State::State(std::optional<std::filesystem::path> file, bool fsync_each_commit)
    : file_(std::move(file)), fsync_(fsync_each_commit) {}

Agreement& State::add_agreement(const std::string& grant_token, const std::string& company_cvr,
                                bool read_only) {
    auto agreement = std::make_unique<Agreement>();
    agreement->grant_token = grant_token;
    agreement->company_cvr = company_cvr;
    agreement->read_only = read_only;
    for (const auto& kind : collection_kinds)
        agreement->collections.emplace(kind.name, Collection(kind.id_field, kind.numeric_id));
    seed_reference_data(*agreement);
    auto& stored = *agreement;
    agreements_[grant_token] = std::move(agreement);
    return stored;
}

Agreement* State::find(const std::string& grant_token) {
    auto found = agreements_.find(grant_token);
    return found == agreements_.end() || !found->second->configured ? nullptr : found->second.get();
}

void State::replay(const json& line) {
    const auto& grant = line.at("agreement").get_ref<const std::string&>();
    auto found = agreements_.find(grant);
    if (found == agreements_.end()) {
        add_agreement(grant, line.value("companyCvr", ""), false).configured = false;
        found = agreements_.find(grant);
    }
    Agreement& agreement = *found->second;
    if (line.value("snapshot", false))
        for (auto& [name, collection] : agreement.collections)
            collection.clear();
    for (const auto& op : line.value("ops", json::array())) {
        if (op.contains("put"))
            agreement.collection(op["put"]).put(op["value"]);
        else
            agreement.collection(op["erase"])
                .erase(agreement.collection(op["erase"]).key_of(op["id"]));
    }
    const json remembered = line.value("idempotency", json::object());
    for (const auto& [key, entry] : remembered.items())
        agreement.idempotency[key] =
            IdempotentReply{entry.at("status"), entry.at("body"), entry.value("location", ""),
                            entry.at("expiresAt")};
}

json State::snapshot_line(const Agreement& agreement) const {
    json ops = json::array();
    for (const auto& [name, collection] : agreement.collections)
        for (const auto& [key, entity] : collection.items())
            ops.push_back({{"put", name}, {"value", entity}});
    json remembered = json::object();
    auto now = unix_now();
    for (const auto& [key, entry] : agreement.idempotency)
        if (entry.expires_at > now)
            remembered[key] = {{"status", entry.status},
                               {"body", entry.body},
                               {"location", entry.location},
                               {"expiresAt", entry.expires_at}};
    return {{"agreement", agreement.grant_token},
            {"companyCvr", agreement.company_cvr},
            {"snapshot", true},
            {"ops", ops},
            {"idempotency", remembered}};
}

void State::load() {
    if (!file_)
        return;
    if (std::filesystem::exists(*file_))
        for (const auto& line : Journal::read_all(*file_))
            replay(line);
    // The compacted file holds the whole state (seed included), so later seeds cannot rewrite
    // history.
    std::vector<json> snapshot;
    for (const auto& [grant, agreement] : agreements_)
        snapshot.push_back(snapshot_line(*agreement));
    Journal::rewrite(*file_, snapshot);
    journal_ = std::make_unique<Journal>(*file_, fsync_);
}

void State::commit(Agreement& agreement, const std::string* idempotency_key) {
    json line = {{"agreement", agreement.grant_token}, {"ops", std::move(agreement.uncommitted)}};
    agreement.uncommitted = json::array();
    if (idempotency_key) {
        const auto& entry = agreement.idempotency.at(*idempotency_key);
        line["idempotency"][*idempotency_key] = {{"status", entry.status},
                                                 {"body", entry.body},
                                                 {"location", entry.location},
                                                 {"expiresAt", entry.expires_at}};
    }
    if (journal_ && (!line["ops"].empty() || idempotency_key))
        journal_->append(line);
}

}  // namespace economic_emulator
