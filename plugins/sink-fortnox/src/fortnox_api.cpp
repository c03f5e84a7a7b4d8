#include "fortnox_api.hpp"

#include <algorithm>

namespace ferry::fortnox {

namespace {

const Json* member(const Json& object, const char* upper, const char* lower) {
    if (!object.is_object())
        return nullptr;
    auto found = object.find(upper);
    if (found == object.end())
        found = object.find(lower);
    return found == object.end() ? nullptr : &*found;
}

std::string without_query(const std::string& path) {
    return path.substr(0, path.find('?'));
}

std::string status_class(int status) {
    return std::to_string(status / 100) + "xx";
}

}  // namespace

std::string error_text(const std::string& body, int* code) {
    Json json = Json::parse(body, nullptr, false);
    if (const Json* info = member(json, "ErrorInformation", "errorInformation")) {
        const Json* message = member(*info, "Message", "message");
        const Json* number = member(*info, "Code", "code");
        int value = 0;
        if (number && number->is_number_integer())
            value = number->get<int>();
        else if (number && number->is_string())
            value = std::atoi(number->get<std::string>().c_str());
        if (code)
            *code = value;
        std::string text = message && message->is_string() ? message->get<std::string>() : "";
        return text + " (code " + std::to_string(value) + ")";
    }
    if (const Json* message = member(json, "Message", "message"); message && message->is_string())
        return message->get<std::string>();
    return body.substr(0, 200);
}

FortnoxApi::FortnoxApi(const SinkConfig& sink, Authorization& authorization,
                       http::HttpClient& reading, http::HttpClient& writing,
                       sdk::HostServices& host)
    : sink_(sink),
      authorization_(authorization),
      reading_(reading),
      writing_(writing),
      host_(host),
      window_(sink.requests_per_window, sink.rate_window.span()) {}

std::chrono::milliseconds FortnoxApi::delay(int attempt) const {
    std::chrono::milliseconds delay = sink_.retry_base.span() * (1 << std::min(attempt - 1, 20));
    return std::min(delay, sink_.retry_max.span());
}

Json FortnoxApi::get(const std::string& path) {
    return send(http::HttpMethod::get, path, nullptr);
}

std::optional<Json> FortnoxApi::get_if_found(const std::string& path) {
    try {
        return get(path);
    } catch (const ApiFailure& failure) {
        if (failure.kind() == ApiFailure::Kind::not_found)
            return std::nullopt;
        throw;
    }
}

Json FortnoxApi::post(const std::string& path, const Json& body) {
    return send(http::HttpMethod::post, path, body);
}

Json FortnoxApi::put(const std::string& path, const Json& body) {
    return send(http::HttpMethod::put, path, body);
}

Json FortnoxApi::send(http::HttpMethod method, const std::string& path, const Json& body) {
    const bool reading = method == http::HttpMethod::get;
    const std::string what = http::to_string(method) + " " + without_query(path);
    const std::string tenant = organisation_number();
    bool had_401 = false;
    std::string last;
    int last_status = 0;
    for (int attempt = 1;; ++attempt) {
        const std::string token = authorization_.access_token();
        http::HttpRequest request;
        request.method = method;
        request.path = path;
        request.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
        if (!reading) {
            request.body = body.is_null() ? "" : body.dump();
            request.headers.emplace_back("Connection", "close");
        }
        std::optional<http::HttpResponse> response;
        {
            RateWindow::Slot slot = window_.acquire();
            try {
                response = (reading ? reading_ : writing_).send(request);
            } catch (const http::TransportError& e) {
                host_.count(
                    "sink_requests_total",
                    {{"company", tenant}, {"method", http::to_string(method)}, {"status", "none"}});
                if (!reading)
                    throw ApiFailure(ApiFailure::Kind::uncertain, 0, 0,
                                     "no answer to " + what + " (" + e.what() +
                                         "); Fortnox may have carried it out");
                last = std::string("no answer (") + e.what() + ")";
            }
        }
        if (response) {
            const int status = response->status;
            last_status = status;
            host_.count("sink_requests_total", {{"company", tenant},
                                                {"method", http::to_string(method)},
                                                {"status", status_class(status)}});
            // Whatever the answer, a write that went out twice may have been carried out by
            // the first sending: only a look tells.
            if (!reading && response->times_sent > 1)
                throw ApiFailure(ApiFailure::Kind::uncertain, status, 0,
                                 what + " went out " + std::to_string(response->times_sent) +
                                     " times on a dropped connection");
            if (status >= 200 && status < 300) {
                if (response->body.empty())
                    return Json::object();
                Json json = Json::parse(response->body, nullptr, false);
                if (json.is_discarded())
                    throw ApiFailure(
                        reading ? ApiFailure::Kind::unavailable : ApiFailure::Kind::uncertain,
                        status, 0, "Fortnox answered " + what + " with no JSON");
                return json;
            }
            int code = 0;
            std::string text = error_text(response->body, &code);
            if (status == 401) {
                authorization_.refused(token);
                if (!had_401) {
                    had_401 = true;
                    --attempt;  // a 401 is answered with a new token, not counted as a retry
                    continue;
                }
                throw ApiFailure(ApiFailure::Kind::unauthorized, status, code,
                                 "Fortnox refused the access token for " + what + " twice (401); " +
                                     authorization_.instruction());
            }
            if (status == 429) {
                host_.log(sdk::LogLevel::warning, "fortnox.rate_limited",
                          "Fortnox company " + tenant + " answered 429 to " + what);
                last = "429 Too Many Requests";
            } else if (status >= 500) {
                if (!reading)
                    throw ApiFailure(ApiFailure::Kind::uncertain, status, code,
                                     "Fortnox answered " + what + " with " +
                                         std::to_string(status) + ": " + text);
                last = std::to_string(status) + ": " + text;
            } else if (status == 404) {
                throw ApiFailure(ApiFailure::Kind::not_found, status, code,
                                 "Fortnox has no " + without_query(path) + ": " + text);
            } else if (status == 403) {
                throw ApiFailure(ApiFailure::Kind::forbidden, status, code,
                                 "Fortnox refused " + what + " (403): " + text +
                                     "; the integration lacks a scope or the company a licence "
                                     "(scopes needed: " +
                                     sink_.scope + "); " + authorization_.instruction());
            } else {
                throw ApiFailure(
                    ApiFailure::Kind::refused, status, code,
                    "Fortnox refused " + what + " (" + std::to_string(status) + "): " + text);
            }
        }
        if (attempt >= sink_.max_attempts)
            break;
        // Fortnox names no Retry-After, and other processes (a `ferry check`, the service just
        // restarted) spend the same window: after a 429 the whole window passes first.
        std::chrono::milliseconds pause = delay(attempt);
        if (response && response->status == 429)
            pause = std::max(pause, std::chrono::duration_cast<std::chrono::milliseconds>(
                                        sink_.rate_window.span()));
        if (!host_.wait_for(pause))
            break;
    }
    throw ApiFailure(ApiFailure::Kind::unavailable, last_status, 0,
                     "Fortnox did not carry out " + what + ": " + last + " (gave up after " +
                         std::to_string(sink_.max_attempts) + " attempts)");
}

}  // namespace ferry::fortnox
