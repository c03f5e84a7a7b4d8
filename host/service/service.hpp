// `ferry run`: every pipeline on its own schedule, in one process, until told to stop.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/global_options.hpp"

namespace ferry {

// SIGTERM/SIGINT stop gracefully (the document in flight finishes or stays in intent);
// SIGHUP reloads the pipeline files, keeping the running configuration if any is invalid.
// With `once`, each pipeline runs a single pass. With `listen` (ADDRESS:PORT), /healthz and
// /metrics are served there while the service runs. At most `passes_at_once` pipelines run a
// pass at the same time, each on one of as many threads; the others wait their turn.
inline constexpr std::size_t default_passes_at_once = 8;
int run_service(const GlobalOptions& options, const std::vector<std::string>& pipelines, bool once,
                const std::string& listen = {},
                std::size_t passes_at_once = default_passes_at_once);

}  // namespace ferry
