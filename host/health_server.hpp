// `ferry run --listen ADDRESS:PORT`: /healthz and /metrics over plain HTTP on one thread.
// Meant for loopback or a monitoring network; it serves nothing but these two read-only pages.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "event_log.hpp"
#include "stop_signal.hpp"
#include "telemetry.hpp"

namespace ferry {

class HealthServer {
  public:
    // Binds at once, so a taken port fails the start (sdk::Error "service.listen"). Port 0
    // picks a free one; the "health.listening" log line names the address actually bound.
    HealthServer(const std::string& address, Telemetry& telemetry, EventLog& log);
    ~HealthServer();
    HealthServer(const HealthServer&) = delete;
    HealthServer& operator=(const HealthServer&) = delete;

  private:
    void serve();
    void answer(int connection);

    Telemetry& telemetry_;
    EventLog& log_;
    int socket_ = -1;
    StopSignal stop_;
    std::thread thread_;
};

}  // namespace ferry
