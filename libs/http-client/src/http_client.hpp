// The plugins' own small HTTP interface (e-conomic, Fortnox), so that cpprest stays inside one
// translation unit: cpprest_http_client.cpp.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace ferry::http {

enum class HttpMethod { get, post, put };

std::string to_string(HttpMethod method);

struct HttpRequest {
    HttpMethod method = HttpMethod::get;
    std::string path;  // with the query string, already URL-encoded
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  // sent for every method but GET
    std::string content_type = "application/json; charset=utf-8";
};

// `text` percent-encoded for a query string or an application/x-www-form-urlencoded body:
// everything but A-Z a-z 0-9 - . _ ~ is written %XX.
std::string url_encode(const std::string& text);

// An application/x-www-form-urlencoded body ("grant_type=refresh_token&refresh_token=...").
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);

// The value of an `Authorization: Basic` header for these credentials.
std::string basic_authorization(const std::string& user, const std::string& password);

struct HttpResponse {
    int status = 0;
    // How often the request went on the wire. cpprest sends it once more, by itself, when a
    // kept-alive connection turns out closed while it waits for the answer; that the server
    // carried out the first one cannot be ruled out, so a caller must know.
    int times_sent = 1;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    std::string header(const std::string& lower_case_name) const {
        auto it = headers.find(lower_case_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// No HTTP answer arrived: the request may or may not have been carried out.
class TransportError : public std::runtime_error {
  public:
    enum class Kind { timeout, connection };
    TransportError(Kind kind, const std::string& what, int times_sent = 1)
        : std::runtime_error(what), kind_(kind), times_sent_(times_sent) {}
    Kind kind() const { return kind_; }
    int times_sent() const { return times_sent_; }  // as HttpResponse::times_sent

  private:
    Kind kind_;
    int times_sent_;
};

class HttpClient {
  public:
    virtual ~HttpClient() = default;
    // Throws TransportError when no response arrives; any HTTP status is a response.
    virtual HttpResponse send(const HttpRequest& request) = 0;
};

std::unique_ptr<HttpClient> make_http_client(const std::string& base_url,
                                             std::chrono::milliseconds timeout);

}  // namespace ferry::http
