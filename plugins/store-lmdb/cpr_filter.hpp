// A last line of defence against CPR numbers in the ledger's free texts.
//
// Error texts and history notes come from sinks and targets, which may quote what they were
// sent ("debtor 180767-0000 unknown"). The ledger must never hold a CPR number, so the store
// masks anything shaped like one before writing: ten digits, optionally split 6-4 by a dash or
// space, whose first six are a valid DDMMYY date, standing alone (not part of a longer number).
// A bank account of that shape is masked too: a less helpful message is the price of safety.
#pragma once

#include <string>
#include <string_view>

namespace ferry::store_lmdb {

inline constexpr std::string_view cpr_mask = "[CPR removed]";

std::string without_cpr_numbers(std::string_view text);

}  // namespace ferry::store_lmdb
