// The bytes of one ledger record as LMDB stores them.
//
// Every value starts with a format byte. `encode` always writes the current format; `decode`
// reads the current one and every older one, upgrading as it goes, so a ledger written by an
// older Ferry keeps working and is rewritten in the current format record by record as
// documents change. A format newer than this build knows is refused rather than misread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ferry/sdk/store.hpp"

namespace ferry::store_lmdb {

// 1: the first format. 2: format 1 plus a CRC-32C of the record. 3: format 2 plus the delivery
// generation. 4: format 3 with a reason code in each history entry (see record_format.cpp).
inline constexpr std::uint8_t current_record_format = 4;

// The key is not part of the value (LMDB's key holds it); `encode` ignores record.key.
std::string encode_record(const sdk::LedgerRecord& record);

// Throws ferry::sdk::Error("ledger.record.newer") for a format from a newer Ferry and
// ("ledger.record.corrupt") for bytes that are not a valid record; both name `key`.
sdk::LedgerRecord decode_record(const sdk::DocumentKey& key, std::string_view bytes);

// A record's brief for the brief indexes (ledger_indexes.hpp): format byte 1, state, next
// attempt, fingerprint, changed fingerprint, and a CRC-32C over the record's key bytes and all
// of that, so that a brief can never be taken for another document's. decode_brief throws
// like decode_record.
std::string encode_brief(std::string_view record_key, const sdk::LedgerBrief& brief);
sdk::LedgerBrief decode_brief(const sdk::DocumentKey& key, std::string_view record_key,
                              std::string_view bytes);

// The state byte of a record in any known format, without decoding the rest; nullopt for bytes
// that are not one (decode_record names the damage when the record is read).
std::optional<sdk::State> peek_state(std::string_view bytes);

}  // namespace ferry::store_lmdb
