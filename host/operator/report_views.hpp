// The operator page's views of the reports: source beside target, and the number-series gaps.
#pragma once

#include <string>

#include "operator/page_frame.hpp"
#include "reports/reports.hpp"

namespace ferry {

std::string reconcile_main(const std::string& pipeline, const Reconciliation& report,
                           const DocumentActions& actions);
std::string gaps_main(const std::string& pipeline, const GapReport& report);

}  // namespace ferry
