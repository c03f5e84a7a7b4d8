#include "file_name.hpp"

#include <algorithm>
#include <cctype>

namespace ferry::novax {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

bool ends_with_nocase(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           starts_with_nocase(text.substr(text.size() - suffix.size()), suffix);
}

bool is_number_char(char c) {
    return c != '_' && c != '/' && c != '\\' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
}

constexpr std::string_view prefix = "Novax_";
constexpr std::string_view invoice_suffix = "_Faktura.xml";
constexpr std::string_view credit_note_suffix = "_Kreditnote.xml";

}  // namespace

std::optional<sdk::DocumentKey> parse_file_name(std::string_view name) {
    if (!starts_with_nocase(name, prefix))
        return std::nullopt;

    sdk::DocumentKind kind;
    std::string_view middle = name.substr(prefix.size());
    if (ends_with_nocase(middle, invoice_suffix)) {
        kind = sdk::DocumentKind::invoice;
        middle.remove_suffix(invoice_suffix.size());
    } else if (ends_with_nocase(middle, credit_note_suffix)) {
        kind = sdk::DocumentKind::credit_note;
        middle.remove_suffix(credit_note_suffix.size());
    } else {
        return std::nullopt;
    }

    // middle = "<number>_<CVR>"
    auto separator = middle.rfind('_');
    if (separator == std::string_view::npos)
        return std::nullopt;
    std::string_view number = middle.substr(0, separator);
    std::string_view cvr = middle.substr(separator + 1);
    bool cvr_ok = cvr.size() == 8 &&
                  std::all_of(cvr.begin(), cvr.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool number_ok = !number.empty() && std::all_of(number.begin(), number.end(), is_number_char);
    if (!cvr_ok || !number_ok)
        return std::nullopt;
    return sdk::DocumentKey{std::string(cvr), kind, std::string(number)};
}

std::string canonical_file_name(const sdk::DocumentKey& key) {
    return std::string(prefix) + key.number + "_" + key.company +
           std::string(key.kind == sdk::DocumentKind::invoice ? invoice_suffix
                                                              : credit_note_suffix);
}

}  // namespace ferry::novax
