// One HTTP request and its answer as the host's pages see them, whatever serves them: the
// server parses and writes HTTP (Boost.Beast); the pages see only these.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ferry {

struct WebRequest {
    std::string method;  // "GET", "HEAD", "POST"
    std::string path;    // without the query, still percent-encoded
    std::string query;   // after '?', still percent-encoded
    std::string body;    // a POST's form, application/x-www-form-urlencoded
    std::string content_type;
    std::string cookie;
    std::string host;
    std::string origin;      // empty when the browser sent none
    std::string fetch_site;  // Sec-Fetch-Site, empty when the browser sent none
};

struct WebAnswer {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // beyond the type and length
};

}  // namespace ferry
