// `ferry check`: can each company be used as configured? Reads only; reports every problem.
#pragma once

#include <vector>

#include "company.hpp"
#include "ferry/sdk/problem.hpp"

namespace ferry::economic {

std::vector<sdk::Problem> check_company(Company& company);

}  // namespace ferry::economic
