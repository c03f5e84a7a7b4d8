// `ferry page`: the operator page over pipelines' ledgers without running passes, read-only, for
// a look at a ledger (another host's copy, or the service's while it runs elsewhere).
#pragma once

#include <string>
#include <vector>

#include "config/global_options.hpp"

namespace ferry {

int page_command(const GlobalOptions& options, const std::vector<std::string>& pipelines,
                 const std::string& listen);

}  // namespace ferry
