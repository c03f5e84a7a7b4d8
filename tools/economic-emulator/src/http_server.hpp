// HTTP/1.1 on 127.0.0.1 with keep-alive, on one asio thread. Turns requests into api calls and
// replies into bytes — or, for an injected lost response, into a dropped connection.
#pragma once

#include "api.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>

namespace economic_emulator {

struct ServerLimits {
    std::size_t max_body_bytes = 16 * 1024 * 1024;
};

// Binds 127.0.0.1:port (0 = any free port), starts accepting; returns the bound port.
std::uint16_t start_http_server(boost::asio::io_context& io, std::uint16_t port, Api& api,
                                ServerLimits limits);

}  // namespace economic_emulator
