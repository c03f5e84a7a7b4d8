// HTTP/1.1 on 127.0.0.1 with keep-alive, on one asio thread, for the local API emulators. Turns
// requests into Handler calls and replies into bytes — or, for an injected lost response, into a
// dropped connection. What the requests mean is the handler's business.
#pragma once

#include "emulator_kit/reply.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace emulator_kit {

struct ServerLimits {
    std::size_t max_body_bytes = 16 * 1024 * 1024;
};

struct HttpRequest {
    std::string method;
    std::string target;                          // as sent: path and query, still percent-encoded
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    // The header's value, or nullptr when it was not sent (`name` in any case).
    const std::string* header(std::string_view name) const;
};

class Handler {
  public:
    virtual ~Handler() = default;
    virtual Reply handle(const HttpRequest& request) = 0;
    // The answer to a request the server refused before the handler saw it (unparsable: 400,
    // body too large: 413), in the emulated API's error shape.
    virtual Reply transport_error(int status, const std::string& message,
                                  const std::string& action) = 0;
};

// Binds 127.0.0.1:port (0 = any free port), starts accepting; returns the bound port.
// `server_name` is sent as the Server header.
std::uint16_t start_http_server(boost::asio::io_context& io, std::uint16_t port, Handler& handler,
                                ServerLimits limits, std::string server_name);

}  // namespace emulator_kit
