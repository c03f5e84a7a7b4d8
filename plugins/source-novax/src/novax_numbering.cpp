#include "novax_numbering.hpp"

#include <cctype>

namespace ferry::novax {
namespace {

// Where the trailing digits of `number` start, or npos when it has none or too many to count.
std::size_t counter_start(const std::string& number) {
    std::size_t start = number.size();
    while (start > 0 && std::isdigit(static_cast<unsigned char>(number[start - 1])))
        --start;
    std::size_t width = number.size() - start;
    return width == 0 || width > 18 ? std::string::npos : start;
}

}  // namespace

std::optional<sdk::SeriesPlace> NovaxNumbering::place(const sdk::DocumentKey& key) const {
    std::size_t start = counter_start(key.number);
    if (start == std::string::npos)
        return std::nullopt;
    return sdk::SeriesPlace{key.number.substr(0, start), std::stoull(key.number.substr(start))};
}

std::string NovaxNumbering::number_at(const std::string& example, std::uint64_t position) const {
    std::size_t start = counter_start(example);
    if (start == std::string::npos)
        start = example.size();
    std::string counter = std::to_string(position);
    std::size_t width = example.size() - start;
    if (counter.size() < width)
        counter.insert(0, width - counter.size(), '0');
    return example.substr(0, start) + counter;
}

}  // namespace ferry::novax
