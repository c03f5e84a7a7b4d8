// `ferry run --listen ADDRESS:PORT` and `ferry page`: plain HTTP (Boost.Beast), many connections
// at once on one thread. No client can hold it: each connection has a deadline, and past a cap
// the oldest connection makes way for the newest. What it serves is up to its handlers.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/event_log.hpp"
#include "support/web_exchange.hpp"

namespace ferry {

// Answers the paths it knows, nothing for the others.
using WebHandler = std::function<std::optional<WebAnswer>(const WebRequest&)>;

// Whether ADDRESS:PORT names a loopback address; throws sdk::Error "service.listen" when it is
// not an address and a port.
bool is_loopback_address(const std::string& address);

class WebServer {
  public:
    // Binds at once, so a taken port fails the start (sdk::Error "service.listen"). Port 0
    // picks a free one; the "web.listening" log line names the address actually bound and
    // `serves`, and when that address is not loopback, `exposed_warning` is logged as
    // "web.exposed". A request no handler answers is a 404 naming `serves`.
    WebServer(const std::string& address, std::vector<WebHandler> handlers, std::string serves,
              std::string exposed_warning, EventLog& log);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

  private:
    // Asio stays out of the header: service.cpp need not compile it.
    class Server;
    std::unique_ptr<Server> server_;
};

}  // namespace ferry
