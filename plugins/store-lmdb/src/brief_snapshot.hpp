// The briefs of every record as of the last merge (ledger_indexes.hpp), in one LMDB value.
//
// Why one value: LMDB stores a large value in consecutive pages, so looking up 100,000
// documents touches a few MB of one region of the file. Looked up in a B-tree instead, the
// briefs' pages lie between the records' pages, and because the kernel maps up to 64 KB of
// cached neighbours around every page a process touches, a pass would map the whole ledger.
//
// Layout (little-endian): u32 count, u32 slot count (a power of two, at least twice the count),
// the slots of an open-addressing hash table on the record key (FNV-1a, linear probing), each
// u32 tag (the hash's high half) and u32 offset of its entry + 1 (0: empty), then the entries in
// record-key byte order, back to back: u16 key length, key, u32 brief length, brief
// (encode_brief's bytes, whose checksum covers the key). A look-up reads one or two entries;
// a merge walks the entries in order.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::store_lmdb {

struct SnapshotEntry {
    std::string_view key;
    std::string_view brief;
};

class BriefSnapshot {
  public:
    // Views `bytes` (LMDB's, valid while its transaction lives); empty bytes: no snapshot.
    explicit BriefSnapshot(std::string_view bytes);

    std::size_t size() const { return count_; }

    // The brief of `record_key`; nullopt when absent or when the bytes are malformed (the
    // caller reads the record then).
    std::optional<std::string_view> find(std::string_view record_key) const;

    // Every entry in key order; stops at malformed bytes.
    template <typename Visit>
    void for_each(Visit visit) const {
        std::size_t at = entries_at_;
        for (std::size_t n = 0; n < count_; ++n) {
            std::optional<SnapshotEntry> entry = entry_at(at);
            if (!entry)
                return;
            visit(*entry);
            at =
                static_cast<std::size_t>(entry->brief.data() - bytes_.data()) + entry->brief.size();
        }
    }

    // `entries` must be in key order, keys shorter than 64 KiB.
    static std::string encode(const std::vector<SnapshotEntry>& entries);

  private:
    std::optional<SnapshotEntry> entry_at(std::size_t at) const;

    std::string_view bytes_;
    std::size_t count_ = 0;
    std::size_t slots_ = 0;
    std::size_t entries_at_ = 0;
};

}  // namespace ferry::store_lmdb
