// Query strings, form bodies and Basic credentials, apart from the cpprest TU.
#include <cctype>

#include "http_client.hpp"

namespace ferry::http {

std::string url_encode(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += hex[c >> 4];
            encoded += hex[c & 15];
        }
    }
    return encoded;
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields)
        body += (body.empty() ? "" : "&") + url_encode(name) + "=" + url_encode(value);
    return body;
}

std::string basic_authorization(const std::string& user, const std::string& password) {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string plain = user + ":" + password;
    std::string encoded;
    for (std::size_t i = 0; i < plain.size(); i += 3) {
        unsigned value = static_cast<unsigned char>(plain[i]) << 16;
        if (i + 1 < plain.size())
            value |= static_cast<unsigned char>(plain[i + 1]) << 8;
        if (i + 2 < plain.size())
            value |= static_cast<unsigned char>(plain[i + 2]);
        encoded += alphabet[(value >> 18) & 63];
        encoded += alphabet[(value >> 12) & 63];
        encoded += i + 1 < plain.size() ? alphabet[(value >> 6) & 63] : '=';
        encoded += i + 2 < plain.size() ? alphabet[value & 63] : '=';
    }
    return "Basic " + encoded;
}

}  // namespace ferry::http
