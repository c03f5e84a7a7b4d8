// `ferry check` for one Fortnox company: a token (the first one exchanged from the
// authorization_code, or the authorize URL when there is neither), the company behind it, the
// sales accounts and a financial year for today. Creates nothing in Fortnox.
#pragma once

#include <vector>

#include "ferry/sdk/problem.hpp"
#include "tenant.hpp"

namespace ferry::fortnox {

std::vector<sdk::Problem> check_tenant(Tenant& tenant, const SinkConfig& sink,
                                       sdk::HostServices& host);

}  // namespace ferry::fortnox
