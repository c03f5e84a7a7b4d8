// `ferry run --listen ADDRESS:PORT`: /healthz and /metrics over plain HTTP (Boost.Beast), many
// connections at once on one thread. Meant for loopback or a monitoring network; it serves
// nothing but these two read-only pages, and no client can hold it: each connection has a
// deadline, and past a cap the oldest connection makes way for the newest.
#pragma once

#include <memory>
#include <string>

#include "service/telemetry.hpp"
#include "support/event_log.hpp"

namespace ferry {

class HealthServer {
  public:
    // Binds at once, so a taken port fails the start (sdk::Error "service.listen"). Port 0
    // picks a free one; the "health.listening" log line names the address actually bound, and
    // "health.exposed" warns when that address is not loopback.
    HealthServer(const std::string& address, Telemetry& telemetry, EventLog& log);
    ~HealthServer();
    HealthServer(const HealthServer&) = delete;
    HealthServer& operator=(const HealthServer&) = delete;

  private:
    // Asio stays out of the header: service.cpp need not compile it.
    class Server;
    std::unique_ptr<Server> server_;
};

}  // namespace ferry
