#include "health_server.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ferry/sdk/problem.hpp"

namespace ferry {

namespace {

sdk::Error listen_error(const std::string& address, const std::string& why) {
    return sdk::Error("service.listen", "--listen " + address + ": " + why);
}

// "127.0.0.1:9100" or "[::1]:9100".
sockaddr_storage parse_address(const std::string& address, socklen_t& length) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos || colon + 1 == address.size())
        throw listen_error(address, "expected ADDRESS:PORT, e.g. 127.0.0.1:9100");
    std::string host = address.substr(0, colon);
    std::string port_text = address.substr(colon + 1);
    if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5 ||
        std::stoi(port_text) > 65535)
        throw listen_error(address, "the port must be a number from 0 to 65535");
    auto port = htons(static_cast<std::uint16_t>(std::stoi(port_text)));
    sockaddr_storage storage{};
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
        v6->sin6_family = AF_INET6, v6->sin6_port = port;
        if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6->sin6_addr) == 1) {
            length = sizeof(sockaddr_in6);
            return storage;
        }
    } else {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        v4->sin_family = AF_INET, v4->sin_port = port;
        if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
            length = sizeof(sockaddr_in);
            return storage;
        }
    }
    throw listen_error(address, "'" + host + "' is not an IP address");
}

std::string bound_address(int socket) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    ::getsockname(socket, reinterpret_cast<sockaddr*>(&storage), &length);
    char text[INET6_ADDRSTRLEN] = "";
    if (storage.ss_family == AF_INET6) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
        inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        return fmt::format("[{}]:{}", text, ntohs(v6->sin6_port));
    }
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    return fmt::format("{}:{}", text, ntohs(v4->sin_port));
}

void send_all(int connection, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        ssize_t n = ::send(connection, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return;
        sent += static_cast<std::size_t>(n);
    }
}

std::string response(int status, const char* reason, const char* type, const std::string& body) {
    return fmt::format(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        status, reason, type, body.size(), body);
}

}  // namespace

HealthServer::HealthServer(const std::string& address, Telemetry& telemetry, EventLog& log)
    : telemetry_(telemetry), log_(log) {
    socklen_t length = 0;
    sockaddr_storage storage = parse_address(address, length);
    socket_ = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (socket_ < 0)
        throw listen_error(address, std::strerror(errno));
    int yes = 1;
    ::setsockopt(socket_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(socket_, reinterpret_cast<sockaddr*>(&storage), length) != 0 ||
        ::listen(socket_, 16) != 0) {
        std::string why = std::strerror(errno);
        ::close(socket_);
        throw listen_error(address, why);
    }
    log_.info("", "health.listening",
              "serving /healthz and /metrics on http://" + bound_address(socket_));
    thread_ = std::thread([this] { serve(); });
}

HealthServer::~HealthServer() {
    stop_.request();
    thread_.join();
    ::close(socket_);
}

void HealthServer::serve() {
    while (!stop_.requested()) {
        pollfd waiting{socket_, POLLIN, 0};
        if (::poll(&waiting, 1, 200) <= 0)
            continue;
        int connection = ::accept4(socket_, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0)
            continue;
        answer(connection);
        ::close(connection);
    }
}

// One request per connection; a client that sends nothing for two seconds is dropped, so a
// stuck scraper cannot hold the only thread.
void HealthServer::answer(int connection) {
    std::string request;
    char buffer[2048];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 16384) {
        pollfd readable{connection, POLLIN, 0};
        if (::poll(&readable, 1, 2000) <= 0)
            return;
        ssize_t n = ::recv(connection, buffer, sizeof buffer, 0);
        if (n <= 0)
            return;
        request.append(buffer, static_cast<std::size_t>(n));
    }
    std::string line = request.substr(0, request.find("\r\n"));
    std::string method = line.substr(0, line.find(' '));
    std::string target =
        line.size() > method.size() + 1
            ? line.substr(method.size() + 1, line.find(' ', method.size() + 1) - method.size() - 1)
            : std::string();
    target = target.substr(0, target.find('?'));
    if (method != "GET")
        send_all(connection, response(405, "Method Not Allowed", "text/plain", "GET only\n"));
    else if (target == "/healthz")
        send_all(connection,
                 telemetry_.failing()
                     ? response(503, "Service Unavailable", "application/json",
                                telemetry_.health_json() + "\n")
                     : response(200, "OK", "application/json", telemetry_.health_json() + "\n"));
    else if (target == "/metrics")
        send_all(connection, response(200, "OK", "text/plain; version=0.0.4; charset=utf-8",
                                      telemetry_.metrics().prometheus_text()));
    else
        send_all(connection, response(404, "Not Found", "text/plain", "/healthz or /metrics\n"));
}

}  // namespace ferry
