// `ferry run`: every pipeline on its own schedule, in one process, until told to stop.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/global_options.hpp"
#include "config/pipeline.hpp"

namespace ferry {

// SIGTERM/SIGINT stop gracefully (the document in flight finishes or stays in intent);
// SIGHUP reloads the pipeline files, keeping the running configuration if any is invalid.
// With `once`, each pipeline runs a single pass. With `listen.address` (ADDRESS:PORT), the
// operator page, /healthz and /metrics are served there while the service runs. At most
// `passes_at_once` pipelines run a pass at the same time, each on one of as many threads; the
// others wait their turn.
inline constexpr std::size_t default_passes_at_once = 8;

// Every pipeline file given, folders expanded to their *.yaml and *.yml; throws ConfigError
// listing every problem in every file.
std::vector<PipelineConfig> load_pipelines(const GlobalOptions& options,
                                           const std::vector<std::string>& files);

struct ListenOptions {
    std::string address;  // empty: nothing is served
    // A secret file holding the operator token: with it, a person who signs in with the token
    // may retry, skip and resend documents on the page. Required beyond loopback.
    std::string operator_token_file;
};

int run_service(const GlobalOptions& options, const std::vector<std::string>& pipelines, bool once,
                const ListenOptions& listen = {},
                std::size_t passes_at_once = default_passes_at_once);

}  // namespace ferry
