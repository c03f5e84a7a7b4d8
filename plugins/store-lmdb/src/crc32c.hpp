// CRC-32C (Castagnoli), the checksum that guards each ledger record against silent damage.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ferry::store_lmdb {

inline constexpr std::array<std::uint32_t, 256> crc32c_table = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
        std::uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = crc & 1 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        table[byte] = crc;
    }
    return table;
}();

// `previous`: the CRC-32C of bytes that come before these, to checksum parts as one.
constexpr std::uint32_t crc32c(std::string_view bytes, std::uint32_t previous = 0) {
    std::uint32_t crc = previous ^ 0xFFFFFFFFu;
    for (char c : bytes)
        crc = (crc >> 8) ^ crc32c_table[(crc ^ static_cast<unsigned char>(c)) & 0xFF];
    return crc ^ 0xFFFFFFFFu;
}

// The standard check value: CRC-32C of "123456789".
static_assert(crc32c("123456789") == 0xE3069283u);
static_assert(crc32c("6789", crc32c("12345")) == 0xE3069283u);

}  // namespace ferry::store_lmdb
