#include "ledger_key.hpp"

#include "ferry/sdk/problem.hpp"

namespace ferry::store_lmdb {
namespace {

constexpr char separator = '\0';

void check_part(std::string_view part, std::string_view what, const sdk::DocumentKey& key) {
    if (part.empty() || part.find(separator) != std::string_view::npos)
        throw sdk::Error("ledger.key.invalid", "cannot store document " + key.str() + ": its " +
                                                   std::string(what) +
                                                   " is empty or holds a NUL byte");
}

}  // namespace

std::string encode_key(std::string_view pipeline, const sdk::DocumentKey& key) {
    check_part(pipeline, "pipeline name", key);
    check_part(key.company, "company", key);
    check_part(key.number, "number", key);
    std::string bytes = pipeline_prefix(pipeline);
    bytes += key.company;
    bytes += separator;
    bytes += sdk::to_string(key.kind);
    bytes += separator;
    bytes += key.number;
    return bytes;
}

std::string pipeline_prefix(std::string_view pipeline) {
    std::string prefix(pipeline);
    prefix += separator;
    return prefix;
}

std::optional<sdk::DocumentKey> decode_key(std::string_view pipeline, std::string_view bytes) {
    std::string prefix = pipeline_prefix(pipeline);
    if (!bytes.starts_with(prefix))
        return std::nullopt;
    bytes.remove_prefix(prefix.size());
    auto first = bytes.find(separator);
    auto second = first == bytes.npos ? bytes.npos : bytes.find(separator, first + 1);
    if (first == 0 || second == bytes.npos || second + 1 == bytes.size())
        return std::nullopt;
    auto kind = sdk::parse_document_kind(bytes.substr(first + 1, second - first - 1));
    std::string_view number = bytes.substr(second + 1);
    if (!kind || number.find(separator) != number.npos)
        return std::nullopt;
    return sdk::DocumentKey{std::string(bytes.substr(0, first)), *kind, std::string(number)};
}

}  // namespace ferry::store_lmdb
