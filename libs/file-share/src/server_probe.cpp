#include "server_probe.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace ferry::files {
namespace {

constexpr const char* smb_port = "445";

struct Endpoint {
    std::string host, port;
};

std::optional<Endpoint> endpoint_of(const std::string& url) {
    const std::string scheme = "smb://";
    if (url.compare(0, scheme.size(), scheme) != 0)
        return std::nullopt;
    std::string authority = url.substr(scheme.size(), url.find('/', scheme.size()) - scheme.size());
    if (auto at = authority.rfind('@'); at != std::string::npos)
        authority.erase(0, at + 1);
    Endpoint endpoint{authority, smb_port};
    if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
        auto close = authority.find(']');
        if (close == std::string::npos)
            return std::nullopt;
        endpoint.host = authority.substr(1, close - 1);
        if (close + 2 < authority.size() && authority[close + 1] == ':')
            endpoint.port = authority.substr(close + 2);
    } else if (auto colon = authority.find(':'); colon != std::string::npos) {
        endpoint.host = authority.substr(0, colon);
        endpoint.port = authority.substr(colon + 1);
    }
    if (endpoint.host.empty() || endpoint.port.empty())
        return std::nullopt;
    return endpoint;
}

// 0 when connected, else the errno that ended the attempt (ETIMEDOUT when `timeout` passed).
int connect_within(const addrinfo& address, std::chrono::milliseconds timeout) {
    int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                      address.ai_protocol);
    if (fd < 0)
        return errno;
    std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
    if (::connect(fd, address.ai_addr, address.ai_addrlen) == 0)
        return 0;
    if (errno != EINPROGRESS)
        return errno;
    pollfd waiting{fd, POLLOUT, 0};
    int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    if (ready == 0)
        return ETIMEDOUT;
    if (ready < 0)
        return errno;
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    return error;
}

}  // namespace

std::optional<std::string> why_unreachable(const std::string& smb_url,
                                           std::chrono::milliseconds timeout) {
    auto endpoint = endpoint_of(smb_url);
    if (!endpoint)
        return std::nullopt;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int error = ::getaddrinfo(endpoint->host.c_str(), endpoint->port.c_str(), &hints, &found))
        return "the name " + endpoint->host + " does not resolve (" + ::gai_strerror(error) +
               "); check the server's name in location, or use its IP address";
    std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses(found, ::freeaddrinfo);
    int last_error = 0;
    for (const addrinfo* address = found; address; address = address->ai_next)
        if ((last_error = connect_within(*address, timeout)) == 0)
            return std::nullopt;
    return "nothing answers on " + endpoint->host + " port " + endpoint->port + " (" +
           std::strerror(last_error) +
           "); check that the server is on, that it shares files (SMB), and that no firewall "
           "blocks the port";
}

}  // namespace ferry::files
