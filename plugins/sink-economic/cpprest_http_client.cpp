// The only file that includes cpprest (see http_client.hpp).
#define _TURN_OFF_PLATFORM_STRING
#include <cpprest/http_client.h>

#include <algorithm>
#include <cctype>
#include <system_error>

#include "http_client.hpp"

namespace ferry::economic {

std::string to_string(HttpMethod method) {
    switch (method) {
        case HttpMethod::get:
            return "GET";
        case HttpMethod::post:
            return "POST";
        case HttpMethod::put:
            return "PUT";
    }
    return "GET";
}

namespace {

namespace http = web::http;

class CpprestHttpClient : public HttpClient {
  public:
    CpprestHttpClient(const std::string& base_url, std::chrono::milliseconds timeout)
        : client_(base_url, configuration(timeout)) {}

    HttpResponse send(const HttpRequest& request) override {
        http::http_request message(to_string(request.method));
        message.set_request_uri(request.path);
        for (const auto& [name, value] : request.headers)
            message.headers().add(name, value);
        if (request.method != HttpMethod::get)
            message.set_body(request.body, "application/json; charset=utf-8");
        try {
            http::http_response response = client_.request(message).get();
            HttpResponse result;
            result.status = response.status_code();
            for (const auto& [name, value] : response.headers()) {
                std::string lower = name;
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                result.headers[lower] = value;
            }
            std::vector<unsigned char> body = response.extract_vector().get();
            result.body.assign(body.begin(), body.end());
            return result;
        } catch (const http::http_exception& e) {
            bool timed_out = e.error_code() == std::errc::timed_out ||
                             std::string(e.what()).find("timed out") != std::string::npos;
            throw TransportError(
                timed_out ? TransportError::Kind::timeout : TransportError::Kind::connection,
                e.what());
        }
    }

  private:
    static http::client::http_client_config configuration(std::chrono::milliseconds timeout) {
        http::client::http_client_config config;
        config.set_timeout(timeout);
        return config;
    }

    http::client::http_client client_;
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client(const std::string& base_url,
                                             std::chrono::milliseconds timeout) {
    return std::make_unique<CpprestHttpClient>(base_url, timeout);
}

}  // namespace ferry::economic
