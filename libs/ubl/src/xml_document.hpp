// A hardened libxml2 load and the namespace-aware lookups the UBL mapping needs.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

#include "ferry/sdk/problem.hpp"
#include "ubl_profile.hpp"

namespace ferry::ubl {

namespace ns {
inline constexpr const char* invoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
inline constexpr const char* credit_note =
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
inline constexpr const char* cbc =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
inline constexpr const char* cac =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
}  // namespace ns

struct XmlDocumentFree {
    void operator()(xmlDoc* document) const { xmlFreeDoc(document); }
};
using XmlDocument = std::unique_ptr<xmlDoc, XmlDocumentFree>;

// Tags and attributes ('<' and '=') a file may hold. With the default max_file_mb (10) a file
// costs at most about 200 MB while parsed; a real invoice of 10 MB holds about 400 000.
inline constexpr std::size_t max_markup = 500'000;

// Parses without network access, DTD loading or entity substitution, refuses any DOCTYPE,
// anything larger than `max_bytes` and anything with more than `max_markup` tags and
// attributes. Problems name `file`, the line and column, never document content, with the
// codes `profile` gives them.
sdk::Result<XmlDocument> load_xml(std::string_view bytes, std::size_t max_bytes,
                                  std::string_view file, const Profile& profile);

bool is_element(const xmlNode* node, const char* namespace_uri, std::string_view local_name);

// The first child element with this namespace and local name, or nullptr.
const xmlNode* child(const xmlNode* parent, const char* namespace_uri, std::string_view local_name);

// Calls `visit` for each child element with this namespace and local name.
template <class Visit>
void for_each_child(const xmlNode* parent, const char* namespace_uri, std::string_view local_name,
                    Visit&& visit) {
    if (!parent)
        return;
    for (const xmlNode* node = parent->children; node; node = node->next)
        if (is_element(node, namespace_uri, local_name))
            visit(node);
}

// The element's own text (text and CDATA children), trimmed of surrounding whitespace.
std::string text(const xmlNode* element);

// An attribute without namespace, trimmed; empty when absent.
std::string attribute(const xmlNode* element, const char* name);

}  // namespace ferry::ubl
