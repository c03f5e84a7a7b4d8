// `ferry link customers`: match the source's customers with the target's, and record the links
// a person accepts, or undo one.
#pragma once

#include <string>
#include <vector>

#include "config/global_options.hpp"

namespace ferry {

struct LinkRequest {
    bool json = false;
    bool accept_all = false;          // every customer with one suggestion
    std::vector<std::string> accept;  // "SOURCE=TARGET": customer numbers or SOURCE a key
    std::vector<std::string> undo;    // source customer numbers or keys
    std::string winner;               // "source" or "target"; required with an accept
};

int link_customers_command(const GlobalOptions& options, const std::string& pipeline,
                           const LinkRequest& request);

}  // namespace ferry
