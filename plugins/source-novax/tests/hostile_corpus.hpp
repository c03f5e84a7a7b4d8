// Files made to hurt the parser, each with the code it must be refused with. Built from one
// public sample (number A00095678, supplier CVR 16356706); shared by the parser's hostile tests
// and the reliability bad-input campaign, which feeds them to the ferry binary.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "samples.hpp"

namespace ferry::novax::testing {

inline const std::string bom = "\xEF\xBB\xBF";
inline constexpr const char* hostile_number = "A00095678";
inline constexpr const char* hostile_cvr = "16356706";

inline std::string base_invoice() {
    return read_file(samples_dir() / "phive-2.0.2__BASPRO_01_01_00_Invoice_v2p2.xml");
}

inline std::string replaced(std::string text, std::string_view from, std::string_view to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

inline std::string without_declaration(const std::string& text) {
    return text.substr(text.find("<Invoice"));
}

inline std::string billion_laughs() {
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
    laughs += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
    for (int level = 2; level <= 9; ++level) {
        laughs += "<!ENTITY lol" + std::to_string(level) + " \"";
        for (int i = 0; i < 10; ++i)
            laughs += "&lol" + std::to_string(level - 1) + ";";
        laughs += "\">\n";
    }
    laughs +=
        "]>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">"
        "&lol9;</Invoice>";
    return laughs;
}

inline std::string external_entity() {
    std::string xxe = replaced(without_declaration(base_invoice()), "<Invoice",
                               "<!DOCTYPE Invoice [<!ENTITY secret SYSTEM "
                               "\"file:///etc/passwd\">]>\n<Invoice");
    return replaced(xxe, "Den Lille Skole", "&secret;");
}

inline std::string deeply_nested() {
    std::string nested;
    for (int i = 0; i < 20000; ++i)
        nested += "<a>";
    return replaced(base_invoice(), "</Invoice>", nested + "</Invoice>");
}

struct HostileFile {
    const char* what;
    std::string bytes;
    const char* code;  // the reason it is refused with
};

// `too_large_bytes`: the size cap the reader applies (the corpus holds one file just over it).
inline std::vector<HostileFile> hostile_corpus(std::size_t too_large_bytes) {
    std::string base = base_invoice();
    return {
        {"billion laughs", billion_laughs(), "oioubl.xml.doctype"},
        {"external entity", external_entity(), "oioubl.xml.doctype"},
        {"harmless DOCTYPE", replaced(base, "<Invoice", "<!DOCTYPE Invoice>\n<Invoice"),
         "oioubl.xml.doctype"},
        {"truncated", base.substr(0, base.size() / 2), "oioubl.xml.malformed"},
        {"empty", "", "oioubl.xml.malformed"},
        {"only a BOM", bom, "oioubl.xml.malformed"},
        {"not UTF-8", replaced(base, "Den Lille Skole", "Den L\xE6ille \xF8kole"),
         "oioubl.xml.malformed"},
        {"deep nesting", deeply_nested(), "oioubl.xml.malformed"},
        {"foreign root namespace",
         replaced(base, "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"",
                  "xmlns=\"urn:example:Invoice\""),
         "oioubl.root.unknown"},
        {"foreign basic components",
         replaced(base, "CommonBasicComponents-2\"", "CommonBasicComponents-3\""),
         "oioubl.element.missing"},
        {"unknown version", replaced(base, ">OIOUBL-2.02<", ">OIOUBL-9.9<"),
         "oioubl.version.unsupported"},
        {"comma decimal",
         replaced(base, ">6312.50</cbc:PayableAmount>", ">6312,50</cbc:PayableAmount>"),
         "oioubl.decimal.invalid"},
        {"placeholder date",
         replaced(base, "<cbc:IssueDate>2005-11-20<", "<cbc:IssueDate>YYYY-MM-DD<"),
         "oioubl.date.invalid"},
        {"impossible date",
         replaced(base, "<cbc:IssueDate>2005-11-20<", "<cbc:IssueDate>2005-02-30<"),
         "oioubl.date.invalid"},
        {"payable off by one øre",
         replaced(base, ">6312.50</cbc:PayableAmount>", ">6312.51</cbc:PayableAmount>"),
         "oioubl.totals.payable"},
        {"foreign currency amount",
         replaced(base, "currencyID =\"DKK\">6312.50", "currencyID=\"EUR\">6312.50"),
         "oioubl.currency.mismatch"},
        {"over the size cap",
         replaced(base, "</Invoice>", "<!--" + std::string(too_large_bytes, 'x') + "--></Invoice>"),
         "novax.file.too_large"},
    };
}

}  // namespace ferry::novax::testing
