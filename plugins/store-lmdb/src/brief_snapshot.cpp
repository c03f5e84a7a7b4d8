#include "brief_snapshot.hpp"

#include <cstdint>

namespace ferry::store_lmdb {
namespace {

std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
        value |= std::uint32_t(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return value;
}

void write_u32(std::string& out, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
        out[at + i] = static_cast<char>(value >> (8 * i));
}

void append_u32(std::string& out, std::uint32_t value) {
    out.append(4, '\0');
    write_u32(out, out.size() - 4, value);
}

// Stored in the ledger, so it must never change: FNV-1a, 64 bits.
std::uint64_t key_hash(std::string_view key) {
    std::uint64_t hash = 0xcbf29ce484222325u;
    for (char c : key)
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
    return hash;
}

constexpr std::size_t header_size = 8;
constexpr std::size_t slot_size = 8;

}  // namespace

BriefSnapshot::BriefSnapshot(std::string_view bytes) : bytes_(bytes) {
    if (bytes_.size() < header_size)
        return;
    std::size_t count = read_u32(bytes_, 0), slots = read_u32(bytes_, 4);
    bool power_of_two = slots != 0 && (slots & (slots - 1)) == 0;
    // Malformed: treated as empty, so that every look-up reads the record instead.
    if (!power_of_two || slots < count || (bytes_.size() - header_size) / slot_size < slots)
        return;
    count_ = count;
    slots_ = slots;
    entries_at_ = header_size + slots * slot_size;
}

std::optional<SnapshotEntry> BriefSnapshot::entry_at(std::size_t at) const {
    if (at > bytes_.size() || bytes_.size() - at < 2)
        return std::nullopt;
    std::size_t key_size = static_cast<unsigned char>(bytes_[at]) |
                           std::size_t(static_cast<unsigned char>(bytes_[at + 1])) << 8;
    at += 2;
    if (bytes_.size() - at < key_size + 4)
        return std::nullopt;
    std::string_view key = bytes_.substr(at, key_size);
    at += key_size;
    std::size_t brief_size = read_u32(bytes_, at);
    at += 4;
    if (bytes_.size() - at < brief_size)
        return std::nullopt;
    return SnapshotEntry{key, bytes_.substr(at, brief_size)};
}

std::optional<std::string_view> BriefSnapshot::find(std::string_view record_key) const {
    if (slots_ == 0)
        return std::nullopt;
    std::uint64_t hash = key_hash(record_key);
    auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t probe = 0, slot = hash & (slots_ - 1); probe < slots_;
         ++probe, slot = (slot + 1) & (slots_ - 1)) {
        std::size_t at = header_size + slot * slot_size;
        std::uint32_t offset = read_u32(bytes_, at + 4);
        if (offset == 0)
            return std::nullopt;
        if (read_u32(bytes_, at) != tag)
            continue;
        std::optional<SnapshotEntry> entry = entry_at(offset - 1);
        if (!entry)
            return std::nullopt;
        if (entry->key == record_key)
            return entry->brief;
    }
    return std::nullopt;
}

std::string BriefSnapshot::encode(const std::vector<SnapshotEntry>& entries) {
    std::size_t slots = 1;
    while (slots < 2 * entries.size())
        slots *= 2;
    std::string out;
    append_u32(out, static_cast<std::uint32_t>(entries.size()));
    append_u32(out, static_cast<std::uint32_t>(slots));
    out.append(slots * slot_size, '\0');
    for (const SnapshotEntry& entry : entries) {
        std::size_t at = out.size();
        out += static_cast<char>(entry.key.size());
        out += static_cast<char>(entry.key.size() >> 8);
        out.append(entry.key);
        append_u32(out, static_cast<std::uint32_t>(entry.brief.size()));
        out.append(entry.brief);
        std::uint64_t hash = key_hash(entry.key);
        std::size_t slot = hash & (slots - 1);
        while (read_u32(out, header_size + slot * slot_size + 4) != 0)
            slot = (slot + 1) & (slots - 1);
        write_u32(out, header_size + slot * slot_size, static_cast<std::uint32_t>(hash >> 32));
        write_u32(out, header_size + slot * slot_size + 4, static_cast<std::uint32_t>(at + 1));
    }
    return out;
}

}  // namespace ferry::store_lmdb
