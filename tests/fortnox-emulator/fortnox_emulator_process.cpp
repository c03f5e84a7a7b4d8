#include "fortnox_emulator_process.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <atomic>
#include <cctype>
#include <csignal>
#include <filesystem>
#include <stdexcept>

extern char** environ;

namespace ferry::test::fortnox {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string base64(const std::string& text) {
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : text) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (6 - bits)) & 0x3f];
    while (out.size() % 4)
        out += '=';
    return out;
}

std::string form_encoded(const std::map<std::string, std::string>& form) {
    std::string out;
    for (const auto& [name, value] : form) {
        if (!out.empty())
            out += '&';
        for (const std::string* part : {&name, &value}) {
            for (unsigned char c : *part) {
                if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                    out += static_cast<char>(c);
                } else {
                    char escaped[4];
                    std::snprintf(escaped, sizeof escaped, "%%%02X", c);
                    out += escaped;
                }
            }
            if (part == &name)
                out += '=';
        }
    }
    return out;
}

Tokens tokens_of(const HttpResponse& response, const std::string& what) {
    if (response.status != 200)
        throw std::runtime_error(what + " answered " + std::to_string(response.status) + ": " +
                                 response.body);
    auto body = response.json();
    return {body.at("access_token").get<std::string>(), body.value("refresh_token", ""),
            body.value("scope", "")};
}

const Headers json_headers = {{"Content-Type", "application/json"}};

}  // namespace

// --- ApiClient ---

Headers ApiClient::headers() const {
    return {{"Authorization", "Bearer " + access_token_},
            {"Content-Type", "application/json"},
            {"Accept", "application/json"}};
}

HttpResponse ApiClient::get(const std::string& target) const {
    return emulator_.request("GET", target, {}, headers());
}
HttpResponse ApiClient::post(const std::string& target, const nlohmann::json& body) const {
    return emulator_.request("POST", target, body.dump(), headers());
}
HttpResponse ApiClient::put(const std::string& target, const nlohmann::json& body) const {
    return emulator_.request("PUT", target, body.dump(), headers());
}
HttpResponse ApiClient::put(const std::string& target) const {
    return emulator_.request("PUT", target, {}, headers());
}
HttpResponse ApiClient::del(const std::string& target) const {
    return emulator_.request("DELETE", target, {}, headers());
}
std::optional<HttpResponse> ApiClient::try_request(const std::string& method,
                                                   const std::string& target,
                                                   const std::string& body) const {
    return emulator_.try_request(method, target, body, headers());
}

// --- FortnoxEmulator ---

FortnoxEmulator::FortnoxEmulator(std::vector<std::string> extra_arguments, std::string state_file) {
    std::vector<std::string> arguments = {FORTNOX_EMULATOR_PATH, "--port", "0"};
    if (!state_file.empty())
        arguments.insert(arguments.end(), {"--state", state_file, "--no-fsync"});
    arguments.insert(arguments.end(), extra_arguments.begin(), extra_arguments.end());
    std::vector<char*> argv;
    for (auto& argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);

    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
        ::close(pipe_fds[0]);
        throw std::runtime_error("cannot start " + arguments[0]);
    }
    std::string line;
    char c;
    while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n')
        line += c;
    ::close(pipe_fds[0]);
    auto colon = line.rfind(':');
    if (line.rfind("listening on http://127.0.0.1:", 0) != 0 || colon == std::string::npos) {
        kill_hard();
        throw std::runtime_error("fortnox-emulator did not start: '" + line + "'");
    }
    port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

FortnoxEmulator::~FortnoxEmulator() {
    if (pid_ > 0)
        terminate();
}

void FortnoxEmulator::kill_hard() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

int FortnoxEmulator::terminate() {
    if (pid_ <= 0)
        return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

std::optional<HttpResponse> FortnoxEmulator::try_request(const std::string& method,
                                                         const std::string& target,
                                                         const std::string& body,
                                                         const Headers& headers) const {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    http::request<http::string_body> message{http::string_to_verb(method), target, 11};
    message.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers)
        message.set(name, value);
    message.body() = body;
    message.keep_alive(false);
    message.prepare_payload();
    http::write(stream, message);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code error;
    http::read(stream, buffer, parser, error);
    if (error == http::error::end_of_stream || error == asio::error::eof ||
        error == asio::error::connection_reset)
        return std::nullopt;
    if (error)
        throw beast::system_error(error);
    HttpResponse response;
    response.status = static_cast<int>(parser.get().result_int());
    response.body = parser.get().body();
    for (const auto& field : parser.get()) {
        std::string name(field.name_string());
        for (auto& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        response.headers[name] = std::string(field.value());
    }
    return response;
}

HttpResponse FortnoxEmulator::request(const std::string& method, const std::string& target,
                                      const std::string& body, const Headers& headers) const {
    auto response = try_request(method, target, body, headers);
    if (!response)
        throw std::runtime_error(method + " " + target + ": connection closed without an answer");
    return *response;
}

HttpResponse FortnoxEmulator::token_request(const std::map<std::string, std::string>& form,
                                            const std::string& client_id,
                                            const std::string& client_secret,
                                            const Headers& extra_headers) const {
    Headers headers = {{"Authorization", "Basic " + base64(client_id + ":" + client_secret)},
                       {"Content-Type", "application/x-www-form-urlencoded"}};
    headers.insert(headers.end(), extra_headers.begin(), extra_headers.end());
    return request("POST", "/oauth-v1/token", form_encoded(form), headers);
}

std::string FortnoxEmulator::authorization_code(const std::string& tenant, const std::string& scope,
                                                const std::string& client_id) const {
    auto response =
        request("POST", "/__emulator/tenants/" + tenant + "/authorization-code",
                nlohmann::json{{"clientId", client_id}, {"scope", scope}}.dump(), json_headers);
    if (response.status != 200)
        throw std::runtime_error("authorization code: " + response.body);
    return response.json().at("code").get<std::string>();
}

Tokens FortnoxEmulator::authorize(const std::string& tenant, const std::string& scope) const {
    auto code = authorization_code(tenant, scope);
    return tokens_of(token_request({{"grant_type", "authorization_code"},
                                    {"code", code},
                                    {"redirect_uri", "http://localhost/callback"}}),
                     "code exchange");
}

Tokens FortnoxEmulator::refresh(const std::string& refresh_token) const {
    return tokens_of(
        token_request({{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}}),
        "refresh");
}

Tokens FortnoxEmulator::client_credentials(std::int64_t database_number,
                                           const std::string& scope) const {
    std::map<std::string, std::string> form = {{"grant_type", "client_credentials"}};
    if (!scope.empty())
        form["scope"] = scope;
    return tokens_of(token_request(form, default_client_id, default_client_secret,
                                   {{"TenantId", std::to_string(database_number)}}),
                     "client credentials");
}

void FortnoxEmulator::expire_tokens() const {
    if (request("POST", "/__emulator/tokens/expire", "{}", json_headers).status != 200)
        throw std::runtime_error("expire tokens failed");
}

HttpResponse FortnoxEmulator::set_faults(const nlohmann::json& faults) const {
    return request("POST", "/__emulator/faults", faults.dump(), json_headers);
}

nlohmann::json FortnoxEmulator::stats() const {
    return request("GET", "/__emulator/stats").json();
}

nlohmann::json FortnoxEmulator::tenant_invoices(const std::string& tenant) const {
    return request("GET", "/__emulator/tenants/" + tenant + "/invoices").json().at("Invoices");
}

nlohmann::json FortnoxEmulator::tenant_customers(const std::string& tenant) const {
    return request("GET", "/__emulator/tenants/" + tenant + "/customers").json().at("Customers");
}

HttpResponse FortnoxEmulator::remove_financial_year(int year, const std::string& tenant) const {
    return request("DELETE",
                   "/__emulator/tenants/" + tenant + "/financialyears/" + std::to_string(year));
}

std::string temporary_state_file(const std::string& label) {
    static std::atomic<int> counter{0};
    auto path = std::filesystem::temp_directory_path() /
                ("fortnox-emulator-" + label + "-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++) + ".jsonl");
    std::filesystem::remove(path);
    return path.string();
}

}  // namespace ferry::test::fortnox
