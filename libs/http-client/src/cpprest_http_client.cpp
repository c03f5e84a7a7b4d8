// The only file that includes cpprest (see http_client.hpp).
#define _TURN_OFF_PLATFORM_STRING
#include <cpprest/http_client.h>
#include <pplx/threadpool.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <optional>
#include <system_error>

#include "ferry/sdk/problem.hpp"
#include "http_client.hpp"

namespace ferry::http {

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

namespace web_http = web::http;

// The delivering threads wait for their answers themselves and cpprest's pool only carries the
// I/O, so a few threads carry any number of requests in flight; cpprest would start 40. Sized
// before the pool first starts, which is the first request: a pass with nothing to deliver starts
// none at all.
void start_small_thread_pool() {
    static std::once_flag once;
    std::call_once(once, [] {
        try {
            crossplat::threadpool::initialize_with_threads(4);
        } catch (const std::exception&) {
            // Something else in this process started the pool first; it keeps its size.
        }
    });
}

class CpprestHttpClient : public HttpClient {
  public:
    CpprestHttpClient(std::string base_url, std::chrono::milliseconds timeout)
        : base_url_(std::move(base_url)), timeout_(timeout) {
        if (!web::uri::validate(base_url_))
            throw sdk::Error("http.settings", "base_url '" + base_url_ + "' is not a valid URL");
    }

    HttpResponse send(const HttpRequest& request) override {
        std::call_once(client_made_, [this] {
            start_small_thread_pool();
            client_.emplace(base_url_, configuration(timeout_));
        });
        web_http::http_request message(to_string(request.method));
        message.set_request_uri(request.path);
        for (const auto& [name, value] : request.headers)
            message.headers().add(name, value);
        if (request.method != HttpMethod::get)
            message.set_body(request.body, request.content_type);
        // cpprest reports upload progress from 0 bytes exactly once each time it starts writing
        // the request, its own silent re-send on a fresh connection included (asio client,
        // handle_failed_read_status_line): counting those counts the sends.
        auto sends = std::make_shared<std::atomic<int>>(0);
        message.set_progress_handler(
            [sends](web_http::message_direction::direction direction, utility::size64_t bytes) {
                if (direction == web_http::message_direction::upload && bytes == 0)
                    ++*sends;
            });
        try {
            web_http::http_response response = client_->request(message).get();
            HttpResponse result;
            result.status = response.status_code();
            result.times_sent = std::max(1, sends->load());
            for (const auto& [name, value] : response.headers()) {
                std::string lower = name;
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                result.headers[lower] = value;
            }
            std::vector<unsigned char> body = response.extract_vector().get();
            result.body.assign(body.begin(), body.end());
            return result;
        } catch (const web_http::http_exception& e) {
            bool timed_out = e.error_code() == std::errc::timed_out ||
                             std::string(e.what()).find("timed out") != std::string::npos;
            throw TransportError(
                timed_out ? TransportError::Kind::timeout : TransportError::Kind::connection,
                e.what(), std::max(1, sends->load()));
        }
    }

  private:
    static web_http::client::http_client_config configuration(std::chrono::milliseconds timeout) {
        web_http::client::http_client_config config;
        config.set_timeout(timeout);
        return config;
    }

    std::string base_url_;
    std::chrono::milliseconds timeout_;
    // Made on the first request, which several threads may send at once; cpprest's client
    // takes concurrent requests.
    std::once_flag client_made_;
    std::optional<web_http::client::http_client> client_;
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client(const std::string& base_url,
                                             std::chrono::milliseconds timeout) {
    return std::make_unique<CpprestHttpClient>(base_url, timeout);
}

}  // namespace ferry::http
