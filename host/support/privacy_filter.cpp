#include "support/privacy_filter.hpp"

#include <algorithm>
#include <vector>

#include "ferry/sdk/cpr_mask.hpp"

namespace ferry {

namespace {

constexpr std::size_t shortest_personal_string = 3;

void add_party(std::vector<std::string_view>& strings, const sdk::Party& party) {
    for (const std::string* text :
         {&party.name, &party.cpr, &party.contact_reference, &party.contact_name, &party.email,
          &party.telephone, &party.address.street, &party.address.additional_street,
          &party.address.city})
        strings.push_back(*text);
}

// Longest first, so a name is masked whole before a shorter string inside it could split it.
std::vector<std::string_view> personal_strings(const sdk::Document& document) {
    std::vector<std::string_view> strings;
    add_party(strings, document.supplier);
    add_party(strings, document.customer);
    if (document.patient)
        add_party(strings, *document.patient);
    for (const sdk::Line& line : document.lines) {
        strings.push_back(line.name);
        strings.push_back(line.description);
    }
    for (const std::string& note : document.notes)
        strings.push_back(note);
    std::erase_if(strings, [](std::string_view s) { return s.size() < shortest_personal_string; });
    std::sort(strings.begin(), strings.end(), [](std::string_view a, std::string_view b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
    return strings;
}

// Bytes of UTF-8 sequences count as letters: "Søren" is one word.
bool is_word_byte(char c) {
    auto byte = static_cast<unsigned char>(c);
    return (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
           (byte >= 'A' && byte <= 'Z') || byte >= 0x80;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool word_at(std::string_view text, std::size_t at, std::string_view word) {
    if (at + word.size() > text.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower(text[at + i]) != lower(word[i]))
            return false;
    bool starts = at == 0 || !is_word_byte(text[at - 1]) || !is_word_byte(word.front());
    std::size_t end = at + word.size();
    bool ends = end == text.size() || !is_word_byte(text[end]) || !is_word_byte(word.back());
    return starts && ends;
}

std::string masked(std::string_view text, std::string_view personal) {
    std::string result;
    result.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (word_at(text, at, personal)) {
            result += personal_data_mask;
            at += personal.size();
        } else {
            result += text[at++];
        }
    }
    return result;
}

}  // namespace

std::string without_personal_data(std::string_view text, const sdk::Document* document) {
    std::string result(text);
    if (document)
        for (std::string_view personal : personal_strings(*document))
            result = masked(result, personal);
    return sdk::without_cpr_numbers(result);
}

}  // namespace ferry
