// How a command that works on one pipeline file opens it: configuration errors become exit code
// 2 with every problem listed, plugin and ledger errors exit code 1 with their message.
#pragma once

#include <iostream>
#include <string>

#include "config/global_options.hpp"
#include "engine/open_pipeline.hpp"
#include "support/stop_signal.hpp"

namespace ferry {

// `body`'s exit code, or the exit code of the configuration, plugin or ledger error it threw.
template <class Body>
int reporting_errors(Body body) {
    try {
        return body();
    } catch (const ConfigError& error) {
        for (const std::string& line : error.errors())
            std::cerr << "error: " << line << "\n";
        return exit_code::usage;
    } catch (const sdk::Error& e) {
        std::cerr << "error: " << e.code() << ": " << e.what() << "\n";
        return exit_code::failure;
    }
}

template <class Action>
int with_open_pipeline(const GlobalOptions& options, const std::string& file, sdk::Access access,
                       OpenPipeline::Parts parts, Action action) {
    StopSignal stop;
    return reporting_errors([&] {
        OpenPipeline pipeline(load_pipeline(file, make_catalog(options)), open_event_log(options),
                              stop, access, parts);
        return action(pipeline);
    });
}

}  // namespace ferry
