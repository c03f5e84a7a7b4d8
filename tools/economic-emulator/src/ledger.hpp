// The agreement's general ledger: its chart of accounts and the entries booking posts, read as
// e-conomic's legacy API serves them (/accounts, /accounting-years/{y}[/periods/{p}]/entries
// and /totals). Entries are append-only and numbered agreement-wide; each voucher sums to zero.
#pragma once

#include "api.hpp"

#include <nlohmann/json.hpp>

namespace economic_emulator {

// A standard Danish chart with every account type e-conomic has.
void seed_chart_of_accounts(Agreement& agreement);

// What booking `invoice` posts (e-conomic-accounting.md §7): the debtor, sales per sales
// account and departmental distribution, and VAT, dated and numbered as the invoice.
void post_invoice_entries(Agreement& agreement, const nlohmann::json& invoice);

// POST /__emulator/agreements/{grant}/entries {"entries": N, "from": date, "to": date, "seed": S}:
// N entries of sales (debtor, sales, VAT) and their payments (bank, debtor), dated evenly from
// `from` to `to`, for a ledger as big as a benchmark needs without booking every invoice.
Reply post_generated_entries(Agreement& agreement, const std::string& body);

// GET /accounts[/{accountNumber}].
Reply account_routes(RouteContext& context);

// GET .../entries and .../totals of an accounting year ({from, to} its dates) or of one of its
// periods; `path` is the collection's path for links.
Reply entries_reply(RouteContext& context, const std::string& path, const std::string& from,
                    const std::string& to, const std::string& year, bool period);
Reply totals_reply(RouteContext& context, const std::string& path, const std::string& from,
                   const std::string& to, bool period);

}  // namespace economic_emulator
