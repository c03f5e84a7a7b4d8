#include "emulator_process.hpp"

#include <boost/asio/connect.hpp>
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
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace ferry::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

http::request<http::string_body> make_request(const std::string& method, const std::string& target,
                                              const std::string& body, const Headers& headers,
                                              bool keep_alive) {
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers)
        request.set(name, value);
    request.body() = body;
    request.keep_alive(keep_alive);
    request.prepare_payload();
    return request;
}

HttpResponse to_response(const http::response<http::string_body>& message) {
    HttpResponse response;
    response.status = static_cast<int>(message.result_int());
    response.body = message.body();
    for (const auto& field : message) {
        std::string name(field.name_string());
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        response.headers[name] = std::string(field.value());
    }
    return response;
}

void fill_required(nlohmann::json& out, const nlohmann::json& schema,
                   const nlohmann::json& values) {
    const auto properties = schema.value("properties", nlohmann::json::object());
    for (const auto& [name, property] : properties.items()) {
        if (!property.is_object() || !property.value("required", false))
            continue;
        if (property.value("type", "") == "object") {
            nlohmann::json child = nlohmann::json::object();
            fill_required(child, property, values);
            // A required reference with no required members still needs its id.
            if (child.empty())
                for (const auto& [member, member_schema] : property.at("properties").items())
                    if (values.contains(member)) {
                        child[member] = values[member];
                        break;
                    }
            out[name] = child;
        } else {
            if (!values.contains(name))
                throw std::logic_error("no test value for required property " + name);
            out[name] = values[name];
        }
    }
}

}  // namespace

Headers economic_headers(const std::string& grant, const std::string& app_secret) {
    return {{"X-AppSecretToken", app_secret},
            {"X-AgreementGrantToken", grant},
            {"Content-Type", "application/json"}};
}

EmulatorProcess::EmulatorProcess(std::vector<std::string> extra_arguments, std::string state_file) {
    std::vector<std::string> arguments = {ECONOMIC_EMULATOR_PATH, "--port", "0"};
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
        throw std::runtime_error("economic-emulator did not start: '" + line + "'");
    }
    port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

EmulatorProcess::~EmulatorProcess() {
    if (pid_ > 0)
        terminate();
}

void EmulatorProcess::kill_hard() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

int EmulatorProcess::terminate() {
    if (pid_ <= 0)
        return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

std::optional<HttpResponse> EmulatorProcess::try_request(const std::string& method,
                                                         const std::string& target,
                                                         const std::string& body,
                                                         const Headers& headers) const {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    http::write(stream, make_request(method, target, body, headers, false));
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
    return to_response(parser.get());
}

HttpResponse EmulatorProcess::request(const std::string& method, const std::string& target,
                                      const std::string& body, const Headers& headers) const {
    auto response = try_request(method, target, body, headers);
    if (!response)
        throw std::runtime_error(method + " " + target + ": connection closed without an answer");
    return *response;
}

std::vector<HttpResponse> EmulatorProcess::pipeline(
    const std::vector<std::pair<std::string, std::string>>& method_and_targets,
    const Headers& headers) const {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    beast::flat_buffer buffer;
    std::vector<HttpResponse> responses;
    for (const auto& [method, target] : method_and_targets) {
        http::write(stream, make_request(method, target, "", headers, true));
        http::response<http::string_body> response;
        http::read(stream, buffer, response);
        responses.push_back(to_response(response));
    }
    return responses;
}

std::string temporary_state_file(const std::string& label) {
    static std::atomic<int> counter{0};
    auto path = std::filesystem::temp_directory_path() /
                ("economic-emulator-" + label + "-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++) + ".jsonl");
    std::filesystem::remove(path);
    return path.string();
}

nlohmann::json required_only_body(const std::string& schema_name, const nlohmann::json& values) {
    std::ifstream in(std::string(ECONOMIC_SCHEMA_DIR) + "/" + schema_name + ".schema.json");
    auto schema = nlohmann::json::parse(in);
    nlohmann::json body = nlohmann::json::object();
    fill_required(body, schema, values);
    return body;
}

}  // namespace ferry::test
