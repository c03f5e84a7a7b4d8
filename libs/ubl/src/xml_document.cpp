#include "xml_document.hpp"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <cstring>

namespace ferry::ubl {
namespace {

// libxml2 takes the thread that first initialises it for the main thread and keeps that
// thread's state in static storage, every other thread's on the heap, freed when the thread
// ends. Initialised when the library is loaded, on the thread that loads it: otherwise the
// first document read on a pass's worker thread made that the "main" one, and the real main
// thread's state, never freed since exit() runs no thread-key destructors, leaked.
[[maybe_unused]] const bool libxml2_initialised = (xmlInitParser(), true);

}  // namespace

namespace {

std::string_view trim(std::string_view value) {
    constexpr std::string_view blanks = " \t\r\n";
    auto first = value.find_first_not_of(blanks);
    if (first == std::string_view::npos)
        return {};
    return value.substr(first, value.find_last_not_of(blanks) - first + 1);
}

// libxml2's own error text quotes the document (element names, entity names, raw bytes of a
// bad encoding), which may be a patient's name: only its numbers and error code are kept, and
// the code is told in our words.
std::string what_went_wrong(int code) {
    switch (code) {
        case XML_ERR_DOCUMENT_EMPTY:
            return "the file holds no XML element";
        case XML_ERR_DOCUMENT_END:
            return "there is content after the root element";
        case XML_ERR_TAG_NOT_FINISHED:
        case XML_ERR_LTSLASH_REQUIRED:
            return "an element is not closed (is the file cut short?)";
        case XML_ERR_TAG_NAME_MISMATCH:
            return "an end tag does not match its start tag";
        case XML_ERR_INVALID_CHAR:
        case XML_ERR_INVALID_CHARREF:
        case XML_ERR_INVALID_DEC_CHARREF:
        case XML_ERR_INVALID_HEX_CHARREF:
        case XML_ERR_UNKNOWN_ENCODING:
        case XML_ERR_UNSUPPORTED_ENCODING:
        case XML_I18N_CONV_FAILED:
            return "a character XML does not allow or not valid in the declared encoding";
        case XML_ERR_XMLDECL_NOT_STARTED:
        case XML_ERR_XMLDECL_NOT_FINISHED:
        case XML_ERR_ENCODING_NAME:
        case XML_ERR_VERSION_MISSING:
            return "the XML declaration (<?xml ...?>) is not well-formed";
        case XML_ERR_UNDECLARED_ENTITY:
        case XML_WAR_UNDECLARED_ENTITY:
        case XML_ERR_ENTITYREF_NO_NAME:
        case XML_ERR_ENTITYREF_SEMICOL_MISSING:
            return "an & that does not start one of XML's own entities (&amp; &lt; ...)";
        case XML_ERR_INTERNAL_ERROR:
            return "nesting or a name beyond libxml2's limits";
        case XML_ERR_NO_MEMORY:
            return "out of memory";
        default:
            if (code >= XML_NS_ERR_XML_NAMESPACE && code <= XML_NS_ERR_COLON)
                return "a namespace prefix that is not declared or not valid";
            return "markup that is not well-formed";
    }
}

std::string describe_xml_error(const xmlError* error) {
    if (!error)
        return "not well-formed XML";
    return "not well-formed XML at line " + std::to_string(error->line) + ", column " +
           std::to_string(error->int2) + ": " + what_went_wrong(error->code) + " (libxml2 error " +
           std::to_string(error->code) + ")";
}

void ignore_generic_error(void*, const char*, ...) {}
void ignore_structured_error(void*, xmlErrorPtr) {}

// Some libxml2 errors (encoding conversion among them) bypass XML_PARSE_NOERROR and go to the
// global handlers, which print to stderr with the offending bytes: personal data in a service
// log. They are silenced while we parse (the handlers are per thread) and restored after.
class SilencedErrors {
  public:
    SilencedErrors()
        : generic_(xmlGenericError),
          generic_context_(xmlGenericErrorContext),
          structured_(xmlStructuredError),
          structured_context_(xmlStructuredErrorContext) {
        xmlSetGenericErrorFunc(nullptr, &ignore_generic_error);
        xmlSetStructuredErrorFunc(nullptr, &ignore_structured_error);
    }
    ~SilencedErrors() {
        xmlSetGenericErrorFunc(generic_context_, generic_);
        xmlSetStructuredErrorFunc(structured_context_, structured_);
    }
    SilencedErrors(const SilencedErrors&) = delete;
    SilencedErrors& operator=(const SilencedErrors&) = delete;

  private:
    xmlGenericErrorFunc generic_;
    void* generic_context_;
    xmlStructuredErrorFunc structured_;
    void* structured_context_;
};

struct ParserContextFree {
    void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

}  // namespace

sdk::Result<XmlDocument> load_xml(std::string_view bytes, std::size_t max_bytes,
                                  std::string_view file, const Profile& profile) {
    const std::string where(file);
    if (bytes.size() > max_bytes)
        return sdk::Problem{profile.code("source.file.too_large"),
                            where + ": " + std::to_string(bytes.size()) +
                                " bytes exceeds the limit of " + std::to_string(max_bytes) +
                                " bytes (setting max_file_mb)"};
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
        return sdk::Problem{profile.code("source.file.too_large"),
                            where + ": file too large to parse"};
    // libxml2 spends up to about 250 bytes on each node and attribute, and each needs a '<' or
    // a '=' (a text node lies between two tags): counting those bounds the tree before it is
    // built. Measured: 100 MB of "<a/>" cost 3.4 GB; 100 MB of real invoice lines 760 MB.
    if (auto markup = std::count(bytes.begin(), bytes.end(), '<') +
                      std::count(bytes.begin(), bytes.end(), '=');
        static_cast<std::size_t>(markup) > max_markup)
        return sdk::Problem{
            profile.code("xml.too_many_nodes"),
            where + ": has " + std::to_string(markup) + " tags and attributes, more than the " +
                std::to_string(max_markup) + " any invoice needs; the file is refused unparsed"};
    // No UBL file has a DTD; refusing it outright closes the entity-expansion attacks.
    if (bytes.find("<!DOCTYPE") != std::string_view::npos)
        return sdk::Problem{profile.code("xml.doctype"),
                            where + ": has a <!DOCTYPE> declaration, which " + profile.format +
                                " never uses; the file is refused unread"};

    SilencedErrors silenced;
    std::unique_ptr<xmlParserCtxt, ParserContextFree> context(xmlNewParserCtxt());
    if (!context)
        return sdk::Problem{profile.code("source.memory"), where + ": out of memory"};
    // Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE.
    constexpr int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                            XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
    XmlDocument document(xmlCtxtReadMemory(
        context.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, options));
    if (!document || !context->wellFormed)
        return sdk::Problem{profile.code("xml.malformed"),
                            where + ": " + describe_xml_error(xmlCtxtGetLastError(context.get())) +
                                "; " + profile.remedy};
    if (document->intSubset || document->extSubset)
        return sdk::Problem{
            profile.code("xml.doctype"),
            where + ": has a DTD, which " + profile.format + " never uses; the file is refused"};
    if (!xmlDocGetRootElement(document.get()))
        return sdk::Problem{profile.code("xml.malformed"), where + ": has no root element"};
    return document;
}

bool is_element(const xmlNode* node, const char* namespace_uri, std::string_view local_name) {
    return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
           local_name == reinterpret_cast<const char*>(node->name) &&
           std::strcmp(reinterpret_cast<const char*>(node->ns->href), namespace_uri) == 0;
}

const xmlNode* child(const xmlNode* parent, const char* namespace_uri,
                     std::string_view local_name) {
    if (!parent)
        return nullptr;
    for (const xmlNode* node = parent->children; node; node = node->next)
        if (is_element(node, namespace_uri, local_name))
            return node;
    return nullptr;
}

std::string text(const xmlNode* element) {
    if (!element)
        return {};
    const xmlNode* only = element->children;
    if (only && !only->next && only->type == XML_TEXT_NODE)
        return std::string(trim(reinterpret_cast<const char*>(only->content)));
    std::string joined;
    for (const xmlNode* node = element->children; node; node = node->next)
        if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content)
            joined += reinterpret_cast<const char*>(node->content);
    return std::string(trim(joined));
}

std::string attribute(const xmlNode* element, const char* name) {
    if (!element)
        return {};
    for (const xmlAttr* attr = element->properties; attr; attr = attr->next) {
        if (attr->ns || std::strcmp(reinterpret_cast<const char*>(attr->name), name) != 0)
            continue;
        const xmlNode* value = attr->children;
        if (value && value->content)
            return std::string(trim(reinterpret_cast<const char*>(value->content)));
        return {};
    }
    return {};
}

}  // namespace ferry::ubl
