// Delivering an invoice or a credit note to one Fortnox company exactly once, without
// idempotency keys: the document's reference is stored on the invoice
// (ExternalInvoiceReference1) and looked up, compared exactly, before anything is created, and
// a write that got no answer is followed by a look, never by the same write again.
#pragma once

#include <string>
#include <vector>

#include "ferry/sdk/sink.hpp"
#include "fortnox_api.hpp"
#include "tenant.hpp"

namespace ferry::fortnox {

// The invoices Fortnox holds under exactly `reference`, cancelled ones left out, lowest
// DocumentNumber first (Fortnox's search matches substrings).
std::vector<Json> invoices_with_reference(FortnoxApi& api, const std::string& reference);

// The reference the invoice a credit note credits was delivered under: the credit note's own
// with its key replaced ("ferry:p:5567321707/credit-note/7" → "ferry:p:5567321707/invoice/3").
std::string original_reference(const std::string& reference, const sdk::DocumentKey& key,
                               const std::string& billed_invoice);

// Throws ApiFailure and AuthorizationError; the sink turns them into retry_later.
sdk::Delivery deliver_document(Tenant& tenant, const SinkConfig& sink,
                               const sdk::DeliveryRequest& request, sdk::HostServices& host);

// What deliver_document would do, with reading requests only (customers, accounts). A plan
// has no reference, so an invoice delivered before is not looked for: the host plans
// documents it has not delivered.
sdk::Plan plan_document(Tenant& tenant, const SinkConfig& sink, const sdk::Document& document);

// For `ferry report reconcile`: every uncancelled invoice dated from..to whose reference starts
// with `prefix`, with its total (Fortnox's lists carry no net or VAT).
std::vector<sdk::HeldDocument> held_documents(Tenant& tenant, const std::string& prefix,
                                              sdk::Date from, sdk::Date to);

// What Fortnox holds under `reference`. A credit invoice made but not yet tagged is not found
// here (its credit note is not at hand): `absent` makes the host deliver again, and
// deliver_document finds it through the original's CreditInvoiceReference instead of
// crediting twice.
sdk::Found find_document(Tenant& tenant, const SinkConfig& sink, const std::string& reference);

}  // namespace ferry::fortnox
