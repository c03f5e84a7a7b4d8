#include "economic_api.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace ferry::economic {

using namespace std::chrono;
using sdk::LogLevel;

namespace {

constexpr int page_size = 1000;

std::string without_query(const std::string& path) {
    return path.substr(0, path.find('?'));
}

// e-conomic's messages quote what they refused ("Value 'Jens Hansen' is not a valid value"),
// and what they refused came from the document: a reason goes into the ledger, so only a
// quoted number (a group, a customer number) is kept.
std::string without_quoted_text(std::string_view message) {
    std::string out;
    std::size_t at = 0;
    for (std::size_t open; (open = message.find('\'', at)) != std::string_view::npos;) {
        std::size_t close = message.find('\'', open + 1);
        if (close == std::string_view::npos)
            break;
        std::string_view quoted = message.substr(open + 1, close - open - 1);
        bool number = !quoted.empty() && std::all_of(quoted.begin(), quoted.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-';
        });
        out.append(message.substr(at, open - at));
        out += number ? std::string(message.substr(open, close - open + 1)) : "'...'";
        at = close + 1;
    }
    out.append(message.substr(at));
    return out;
}

void describe_field_errors(const Json& errors, const std::string& path, std::string& out) {
    if (errors.is_array()) {
        for (const Json& item : errors) {
            if (item.is_string()) {
                out += (out.empty() ? "" : "; ") + without_quoted_text(item.get<std::string>());
                continue;
            }
            std::string item_path = path;
            if (item.contains("arrayIndex") && item["arrayIndex"].is_number_integer())
                item_path += "[" + std::to_string(item["arrayIndex"].get<int>()) + "]";
            if (item.contains("errorMessage") || item.contains("message")) {
                const Json& message =
                    item.contains("errorMessage") ? item["errorMessage"] : item["message"];
                std::string text = message.is_string() ? message.get<std::string>() : "";
                std::string property = item.value("propertyName", std::string());
                out += (out.empty() ? "" : "; ") + (item_path.empty() ? property : item_path) +
                       ": " + without_quoted_text(text.substr(0, 300));
                if (item.contains("errorCode") && item["errorCode"].is_string())
                    out += " (" + item["errorCode"].get<std::string>() + ")";
            } else {
                describe_field_errors(item, item_path, out);
            }
        }
        return;
    }
    if (!errors.is_object())
        return;
    for (const auto& [name, value] : errors.items()) {
        if (name == "arrayIndex")
            continue;
        if (name == "errors") {
            describe_field_errors(value, path, out);
            continue;
        }
        describe_field_errors(value, path.empty() ? name : path + "." + name, out);
    }
}

// "POST /invoices/booked", "GET /customers/{n}": requests that cost the same tokens.
std::string route_of(HttpMethod method, const std::string& path) {
    std::string route = to_string(method) + " ";
    std::string_view rest = std::string_view(path).substr(0, path.find('?'));
    while (!rest.empty()) {
        std::size_t next = rest.find('/', 1);
        std::string_view segment = rest.substr(0, next);
        bool numeric = segment.size() > 1 &&
                       segment.find_first_not_of("0123456789", 1) == std::string_view::npos;
        route += numeric ? std::string_view("/{n}") : segment;
        rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
    }
    return route;
}

std::optional<seconds> parse_retry_after(const std::string& header) {
    if (header.empty() || header.find_first_not_of("0123456789 ") != std::string::npos)
        return std::nullopt;
    try {
        return seconds(std::stol(header));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// Bounded label values: "2xx", "429", "4xx", "5xx", or "none" when no answer came.
std::string status_class(int status) {
    if (status == 0)
        return "none";
    if (status == 429)
        return "429";
    return std::to_string(status / 100) + "xx";
}

}  // namespace

std::string escape_filter_value(std::string_view value) {
    std::string escaped;
    for (char c : value) {
        if (c == '$' || c == '(' || c == ')' || c == '*' || c == ',')
            escaped += '$';
        escaped += c;
    }
    return escaped;
}

std::string url_encode(std::string_view text) {
    std::string encoded;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            encoded += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            encoded += hex;
        }
    }
    return encoded;
}

std::string describe_error_body(const std::string& body) {
    Json json = Json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return without_quoted_text(body.substr(0, 300));
    std::string fields;
    if (json.contains("errors"))
        describe_field_errors(json["errors"], "", fields);
    std::string message = json.value("message", json.value("title", std::string()));
    std::string code = json.value("errorCode", std::string());
    std::string text = without_quoted_text(message) + (code.empty() ? "" : " (" + code + ")");
    return fields.empty() ? text : text + ": " + fields;
}

namespace {

// One generator per thread: a company's requests back off on several threads at once.
std::mt19937& jitter_random() {
    thread_local std::mt19937 random{std::random_device{}()};
    return random;
}

void collect_error_codes(const Json& node, std::vector<ErrorCode>& codes) {
    if (node.is_object()) {
        if (auto code = node.find("errorCode"); code != node.end() && code->is_string()) {
            auto input = node.find("inputValue");
            std::string value;
            if (input != node.end())
                value = input->is_string() ? input->get<std::string>() : input->dump();
            auto property = node.find("propertyName");
            codes.push_back({code->get<std::string>(), value,
                             property != node.end() && property->is_string()
                                 ? property->get<std::string>()
                                 : std::string()});
        }
        for (const auto& [_, child] : node.items())
            collect_error_codes(child, codes);
    } else if (node.is_array()) {
        for (const auto& child : node)
            collect_error_codes(child, codes);
    }
}

}  // namespace

std::vector<ErrorCode> error_codes_in(const std::string& body) {
    std::vector<ErrorCode> codes;
    collect_error_codes(Json::parse(body, nullptr, false), codes);
    return codes;
}

EconomicApi::EconomicApi(HttpClient& http, RateBudget& budget, sdk::HostServices& host,
                         ApiSettings settings, std::string company)
    : http_(http),
      budget_(budget),
      host_(host),
      settings_(std::move(settings)),
      company_(std::move(company)) {
    // Shown as 0 from the start, so a rate alert has a series to watch before the first 429.
    host_.count(settings_.role + "_rate_limited_total", {{"company", company_}}, 0);
    host_.count(settings_.role + "_rate_limit_wait_seconds_total", {{"company", company_}}, 0);
}

// The request that learns a route's cost is taken to cost as much as the dearest route seen,
// and at least a quarter of the bucket: a guess too low could overdraw it, and calls are
// documented to cost a few tokens of a bucket of thousands (1 to 13 of 2,000), so a quarter
// is more than any one call while it costs a busy company only a short wait, once per route.
EconomicApi::ExpectedCost::ExpectedCost(EconomicApi& api, const std::string& route)
    : api_(api), route_(route) {
    std::unique_lock lock(api_.costs_mutex_);
    for (;;) {
        if (auto known = api_.call_costs_.find(route); known != api_.call_costs_.end()) {
            tokens_ = expected_ = known->second;
            return;
        }
        if (!api_.routes_being_learned_.contains(route) || api_.host_.stop_requested())
            break;
        api_.cost_learned_.wait_for(lock, 100ms);
    }
    api_.routes_being_learned_.insert(route);
    learning_ = true;
    for (const auto& [_, cost] : api_.call_costs_)
        expected_ = std::max(expected_, cost);
    tokens_ = expected_;
    if (auto limit = api_.budget_.limit())
        tokens_ = std::max<long>(tokens_, *limit / 4);
}

// Answered or not, the next request of the route may go: it learns the cost if this did not.
EconomicApi::ExpectedCost::~ExpectedCost() {
    if (!learning_)
        return;
    {
        std::lock_guard lock(api_.costs_mutex_);
        api_.routes_being_learned_.erase(route_);
    }
    api_.cost_learned_.notify_all();
}

void EconomicApi::learn_cost(const std::string& route, const std::string& header) {
    if (header.empty() || header.size() > 6 ||
        header.find_first_not_of("0123456789") != std::string::npos)
        return;
    std::lock_guard lock(costs_mutex_);
    call_costs_[route] = std::stoi(header);
}

Json EconomicApi::get(const std::string& path) {
    return send(HttpMethod::get, path, {}, {});
}

std::optional<Json> EconomicApi::find(const std::string& path) {
    try {
        return get(path);
    } catch (const ApiFailure& failure) {
        if (failure.kind() == ApiFailure::Kind::not_found)
            return std::nullopt;
        throw;
    }
}

std::vector<Json> EconomicApi::list(const std::string& collection, const std::string& filter) {
    std::vector<Json> items;
    for_each(collection, filter, [&](Json& item) { items.push_back(std::move(item)); });
    return items;
}

void EconomicApi::for_each(const std::string& collection, const std::string& filter,
                           const std::function<void(Json&)>& visit) {
    for (int page = 0;; ++page) {
        std::string path = collection + "?skippages=" + std::to_string(page) +
                           "&pagesize=" + std::to_string(page_size);
        if (!filter.empty())
            path += "&filter=" + url_encode(filter);
        Json answer = get(path);
        if (!answer.contains("collection") || !answer["collection"].is_array())
            throw ApiFailure(ApiFailure::Kind::transient, 200,
                             "e-conomic answered " + without_query(path) + " without a collection");
        for (Json& item : answer["collection"])
            visit(item);
        const Json& pagination = answer.value("pagination", Json::object());
        if (!pagination.contains("nextPage") || answer["collection"].empty())
            return;
    }
}

Json EconomicApi::post(const std::string& path, const Json& body,
                       const std::string& idempotency_key) {
    return send(HttpMethod::post, path, dump_exact(body), idempotency_key);
}

Json EconomicApi::put(const std::string& path, const Json& body,
                      const std::string& idempotency_key) {
    return send(HttpMethod::put, path, dump_exact(body), idempotency_key);
}

Json EconomicApi::send(HttpMethod method, const std::string& path, const std::string& body,
                       const std::string& idempotency_key) {
    HttpRequest request{method, path, {}, body};
    request.headers = {{"X-AppSecretToken", settings_.app_secret_token},
                       {"X-AgreementGrantToken", settings_.agreement_grant_token},
                       {"Accept", "application/json"}};
    if (!idempotency_key.empty())
        request.headers.emplace_back("Idempotency-Key", idempotency_key);
    // Paths carry filter values (CVR numbers, names): log lines name the resource only.
    std::string what = to_string(method) + " " + without_query(path);

    const std::string route = route_of(method, path);
    std::string last_failure;
    std::optional<seconds> retry_after;
    for (int attempt = 1; attempt <= settings_.max_attempts; ++attempt) {
        HttpResponse response;
        {
            auto asked = steady_clock::now();
            ExpectedCost cost(*this, route);
            BudgetSlot slot(budget_, cost.tokens(), cost.expected());
            auto started = steady_clock::now();
            if (started - asked >= 1ms)
                host_.count(settings_.role + "_rate_limit_wait_seconds_total",
                            {{"company", company_}}, duration<double>(started - asked).count());
            if (!slot.held())
                throw ApiFailure(ApiFailure::Kind::stopped, 0, "stopped before " + what);
            int times_sent = 1;
            try {
                response = http_.send(request);
                times_sent = response.times_sent;
            } catch (const TransportError& e) {
                times_sent = e.times_sent();
                last_failure =
                    (e.kind() == TransportError::Kind::timeout ? "no answer in time to "
                                                               : "connection lost during ") +
                    what;
            }
            if (times_sent > 1) {
                host_.count(settings_.role + "_requests_resent_total",
                            {{"company", company_}, {"method", to_string(method)}}, times_sent - 1);
                host_.log(
                    LogLevel::debug, "economic.request_resent",
                    "company " + company_ + ": " + what + " was sent " +
                        std::to_string(times_sent) +
                        " times by the HTTP library: the kept-alive connection closed "
                        "before the answer, so it sent the request again on a new one" +
                        (idempotency_key.empty() ? std::string() : " (same Idempotency-Key)"));
            }
            host_.observe(settings_.role + "_request_seconds", {{"company", company_}},
                          duration<double>(steady_clock::now() - started).count());
            host_.count(settings_.role + "_requests_total",
                        {{"company", company_},
                         {"method", to_string(method)},
                         {"status", status_class(response.status)}});
            if (response.status != 0) {
                learn_cost(route, response.header("x-callcost"));
                if (auto status = parse_rate_limiting(response.header("x-ratelimiting")))
                    slot.settle(*status);
            }
        }
        if (response.status != 0) {
            if (response.status >= 200 && response.status < 300) {
                if (response.body.empty())
                    return Json::object();
                try {
                    return parse_exact(response.body);
                } catch (const Json::exception&) {
                    throw ApiFailure(ApiFailure::Kind::transient, response.status,
                                     "e-conomic answered " + what + " with malformed JSON");
                }
            }
            if (response.status == 401 || response.status == 403)
                throw ApiFailure(ApiFailure::Kind::unauthorized, response.status,
                                 describe_error_body(response.body));
            if (response.status == 404)
                throw ApiFailure(ApiFailure::Kind::not_found, 404, what + " not found");
            if (response.status != 429 && response.status < 500)
                throw ApiFailure(ApiFailure::Kind::rejected, response.status,
                                 describe_error_body(response.body), std::nullopt,
                                 error_codes_in(response.body));
            last_failure =
                "e-conomic answered " + what + " with " + std::to_string(response.status);
            if (response.status == 429) {
                retry_after = parse_retry_after(response.header("retry-after"));
                milliseconds pause =
                    retry_after ? milliseconds(*retry_after)
                                : backoff_delay(settings_.backoff, attempt, jitter_random());
                budget_.pause_for(pause);
                host_.count(settings_.role + "_rate_limited_total", {{"company", company_}});
                host_.log(LogLevel::warning, "economic.rate_limited",
                          "company " + company_ +
                              ": rate limit reached; pausing all its requests for " +
                              std::to_string(pause.count()) + " ms");
                continue;
            }
        }
        if (attempt == settings_.max_attempts)
            break;
        milliseconds delay = backoff_delay(settings_.backoff, attempt, jitter_random());
        host_.log(LogLevel::warning, "economic.retrying",
                  "company " + company_ + ": " + last_failure + "; attempt " +
                      std::to_string(attempt + 1) + " of " +
                      std::to_string(settings_.max_attempts) + " in " +
                      std::to_string(delay.count()) + " ms");
        if (!host_.wait_for(delay))
            throw ApiFailure(ApiFailure::Kind::stopped, 0, "stopped while retrying " + what);
    }
    throw ApiFailure(
        ApiFailure::Kind::transient, 0,
        last_failure + " (gave up after " + std::to_string(settings_.max_attempts) + " attempts)",
        retry_after);
}

}  // namespace ferry::economic
