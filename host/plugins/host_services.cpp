#include "plugins/host_services.hpp"

namespace ferry {

HostServicesImpl::HostServicesImpl(std::string pipeline, std::shared_ptr<EventLog> log,
                                   StopSignal& stop, Clock clock)
    : pipeline_(std::move(pipeline)),
      log_(std::move(log)),
      stop_(stop),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })) {}

}  // namespace ferry
