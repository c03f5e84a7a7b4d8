#include "reports/customer_matches.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

namespace ferry {

namespace {

std::string only(std::string_view text, int (*keep)(int)) {
    std::string kept;
    for (char c : text)
        if (keep(static_cast<unsigned char>(c)))
            kept += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return kept;
}

struct Identifiers {
    std::string cvr, vat, ean;
};

// A Danish VAT number is "DK" and the CVR, so a customer known by either is compared by CVR.
Identifiers identifiers_of(const sdk::Customer& customer) {
    Identifiers ids{only(customer.cvr, isdigit), only(customer.vat_number, isalnum),
                    only(customer.ean, isdigit)};
    if (ids.cvr.empty() && ids.vat.size() == 10 && ids.vat.starts_with("DK") &&
        only(ids.vat, isdigit).size() == 8)
        ids.cvr = ids.vat.substr(2);
    if (ids.vat == "DK" + ids.cvr)
        ids.vat.clear();
    return ids;
}

bool same(const std::string& a, const std::string& b) {
    return !a.empty() && a == b;
}
bool differ(const std::string& a, const std::string& b) {
    return !a.empty() && !b.empty() && a != b;
}

bool conflicting(const Identifiers& a, const Identifiers& b) {
    return differ(a.cvr, b.cvr) || differ(a.vat, b.vat) || differ(a.ean, b.ean);
}

bool same_identifier(const Identifiers& a, const Identifiers& b) {
    return same(a.cvr, b.cvr) || same(a.vat, b.vat) || same(a.ean, b.ean);
}

// Words that say what kind of company it is, not which: "Nyborg Klinik ApS" is "Nyborg Klinik".
bool legal_form(std::string_view word) {
    static constexpr std::array<std::string_view, 14> forms = {"as",  "aps",  "is",   "ks",   "ps",
                                                               "ivs", "amba", "fmba", "smba", "ab",
                                                               "hb",  "kb",   "ltd",  "gmbh"};
    return std::find(forms.begin(), forms.end(), word) != forms.end();
}

// Customer numbers sort as numbers where they are: 9 before 10.
bool by_number(const std::string& a, const std::string& b) {
    return std::forward_as_tuple(a.size(), a) < std::forward_as_tuple(b.size(), b);
}

}  // namespace

std::string_view to_string(MatchedBy by) {
    switch (by) {
        case MatchedBy::identifier:
            return "CVR, VAT number or EAN";
        case MatchedBy::telephone:
            return "telephone";
        case MatchedBy::name:
            return "name";
    }
    return "name";
}

std::string comparable_telephone(std::string_view telephone) {
    std::string digits = only(telephone, isdigit);
    if (telephone.find('+') != telephone.npos && digits.starts_with("45") && digits.size() == 10)
        digits.erase(0, 2);
    else if (digits.starts_with("0045") && digits.size() == 12)
        digits.erase(0, 4);
    // Fewer digits than a Danish number are an extension or a typing slip, not a telephone.
    return digits.size() >= 8 ? digits : "";
}

std::string comparable_name(std::string_view name) {
    // Lower case, Latin-1's capitals in UTF-8 included (Æ Ø Å Ä Ö Ü: C3 80..9E but ×);
    // punctuation inside a word dropped ("A/S" is "as"), between words a space.
    std::string folded;
    for (std::size_t i = 0; i < name.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        if (c == 0xC3 && i + 1 < name.size()) {
            unsigned char next = static_cast<unsigned char>(name[i + 1]);
            folded += static_cast<char>(c);
            folded += static_cast<char>(next >= 0x80 && next <= 0x9E && next != 0x97 ? next + 0x20
                                                                                     : next);
            ++i;
        } else if (c >= 0x80 || std::isalnum(c)) {
            folded += static_cast<char>(std::tolower(c));
        } else if (c == '/' || c == '.' || c == '\'') {
            continue;
        } else if (!folded.empty() && folded.back() != ' ') {
            folded += ' ';
        }
    }
    std::vector<std::string> words;
    for (std::size_t start = 0; start < folded.size();) {
        std::size_t end = folded.find(' ', start);
        if (end == folded.npos)
            end = folded.size();
        if (end > start)
            words.push_back(folded.substr(start, end - start));
        start = end + 1;
    }
    while (words.size() > 1 && legal_form(words.back()))
        words.pop_back();
    std::string joined;
    for (const std::string& word : words)
        joined += (joined.empty() ? "" : " ") + word;
    return joined;
}

CustomerMatches match_customers(const std::vector<SourceCustomer>& source,
                                const std::vector<sdk::TargetCustomer>& unclaimed) {
    struct Comparable {
        Identifiers ids;
        std::string telephone, name;
    };
    auto comparable = [](const sdk::Customer& customer) {
        return Comparable{identifiers_of(customer), comparable_telephone(customer.telephone),
                          comparable_name(customer.name)};
    };
    std::vector<Comparable> targets;
    for (const sdk::TargetCustomer& target : unclaimed)
        targets.push_back(comparable(target.customer));

    using Test = std::function<bool(const Comparable&, const Comparable&)>;
    const std::array<std::pair<MatchedBy, Test>, 3> ways = {{
        {MatchedBy::identifier,
         [](const Comparable& a, const Comparable& b) { return same_identifier(a.ids, b.ids); }},
        {MatchedBy::telephone,
         [](const Comparable& a, const Comparable& b) { return same(a.telephone, b.telephone); }},
        {MatchedBy::name,
         [](const Comparable& a, const Comparable& b) { return same(a.name, b.name); }},
    }};

    CustomerMatches matches;
    for (const SourceCustomer& customer : source) {
        Comparable wanted = comparable(customer.customer);
        CustomerMatch match{customer, std::nullopt, {}};
        for (const auto& [by, test] : ways) {
            for (std::size_t i = 0; i < targets.size(); ++i)
                if (!conflicting(wanted.ids, targets[i].ids) && test(wanted, targets[i]))
                    match.candidates.push_back(unclaimed[i]);
            if (!match.candidates.empty()) {
                match.matched_by = by;
                break;
            }
        }
        std::sort(match.candidates.begin(), match.candidates.end(),
                  [](const sdk::TargetCustomer& a, const sdk::TargetCustomer& b) {
                      return by_number(a.customer.number, b.customer.number);
                  });
        auto& list = match.candidates.empty()       ? matches.none
                     : match.candidates.size() == 1 ? matches.one
                                                    : matches.several;
        list.push_back(std::move(match));
    }
    for (auto* list : {&matches.one, &matches.several, &matches.none})
        std::sort(list->begin(), list->end(), [](const CustomerMatch& a, const CustomerMatch& b) {
            return std::forward_as_tuple(a.source.ref.key.company, a.source.ref.key.number.size(),
                                         a.source.ref.key.number) <
                   std::forward_as_tuple(b.source.ref.key.company, b.source.ref.key.number.size(),
                                         b.source.ref.key.number);
        });
    return matches;
}

}  // namespace ferry
