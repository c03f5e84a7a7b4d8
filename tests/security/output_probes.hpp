// What the security tests look at from outside: whether bytes are UTF-8 (asked of iconv, not
// of Ferry's own code), and what an HTTP server on 127.0.0.1 answers within a deadline.
#pragma once

#include <arpa/inet.h>
#include <iconv.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "support/temp_dir.hpp"

namespace ferry::testing {

inline const std::string latin1_ae = "\xe6";  // 'æ' in Latin-1, never valid UTF-8 on its own
inline const std::string replacement = "\xef\xbf\xbd";  // U+FFFD, what Ferry writes for it

inline bool is_utf8(std::string text) {
    iconv_t converter = ::iconv_open("UTF-8", "UTF-8");
    std::string out(text.size() + 1, '\0');
    char* in_cursor = text.data();
    char* out_cursor = out.data();
    std::size_t in_left = text.size(), out_left = out.size();
    bool valid = ::iconv(converter, &in_cursor, &in_left, &out_cursor, &out_left) !=
                     static_cast<std::size_t>(-1) &&
                 in_left == 0;
    ::iconv_close(converter);
    return valid;
}

// A TCP connection to 127.0.0.1:port, or -1.
inline int connect_local(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(s);
        return -1;
    }
    return s;
}

// Reads until the peer closes; false if `limit` passes first.
inline bool read_until_closed(int s, std::string& text, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    char buffer[4096];
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd readable{s, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0)
            return false;
        ssize_t n = ::recv(s, buffer, sizeof buffer, 0);
        if (n <= 0)
            return true;
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

struct HttpAnswer {
    int status = 0;  // 0: no complete answer within the limit
    std::string head, body;
};

inline HttpAnswer http_request(int port, const std::string& method, const std::string& path,
                               std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    HttpAnswer answer;
    int s = connect_local(port);
    if (s < 0)
        return answer;
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    std::string text;
    if (::send(s, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size()) &&
        read_until_closed(s, text, limit) && text.starts_with("HTTP/1.1 ") &&
        text.find("\r\n\r\n") != std::string::npos) {
        answer.status = std::stoi(text.substr(9, 3));
        answer.head = text.substr(0, text.find("\r\n\r\n"));
        answer.body = text.substr(text.find("\r\n\r\n") + 4);
    }
    ::close(s);
    return answer;
}

// The port a `ferry run --listen ...:0` bound, from its "web.listening" log line; 0 if none.
inline int listening_port(const std::filesystem::path& log) {
    std::string text = read_file(log);
    auto line = text.find("web.listening ");
    auto end = text.find('\n', line);
    if (line == std::string::npos || end == std::string::npos)
        return 0;
    auto colon = text.rfind(':', end);
    return colon > line ? std::atoi(text.c_str() + colon + 1) : 0;
}

}  // namespace ferry::testing
