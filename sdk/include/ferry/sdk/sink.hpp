// A sink delivers documents to the system that books them, exactly once.
#pragma once

#include <boost/config.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ferry/sdk/document.hpp"
#include "ferry/sdk/problem.hpp"
#include "ferry/sdk/source.hpp"

namespace ferry::sdk {

// What the target holds for a document, e.g. {"draft": "148", "booked": "2026123"}.
using TargetRefs = std::map<std::string, std::string>;

// The TargetRefs keys the host reads (reports name what a target holds by them); a sink may add
// keys of its own, which the host only shows.
namespace target_key {
// A document the target keeps for review before it books it (a draft invoice).
inline constexpr const char* draft = "draft";
// The booked document, final in the target.
inline constexpr const char* booked = "booked";
}  // namespace target_key

struct Delivery {
    enum class Status { delivered, retry_later, rejected };
    Status status = Status::delivered;
    TargetRefs target;
    Problem problem;  // why, for retry_later and rejected
    std::optional<std::chrono::seconds> retry_after;
    // Amounts as the target computed them (for reconciliation), when it computes any.
    std::optional<Decimal> net{}, vat{}, gross{};

    static Delivery delivered(TargetRefs target) {
        Delivery d;
        d.target = std::move(target);
        return d;
    }
    static Delivery retry_later(Problem problem, std::optional<std::chrono::seconds> after = {}) {
        Delivery d;
        d.status = Status::retry_later, d.problem = std::move(problem), d.retry_after = after;
        return d;
    }
    static Delivery rejected(Problem problem, TargetRefs target = {}) {
        Delivery d;
        d.status = Status::rejected, d.problem = std::move(problem), d.target = std::move(target);
        return d;
    }
};

struct DeliveryRequest {
    const Document& document;
    // Stable for this document across retries and restarts: the sink stores it on the target
    // (in a reference field of the invoice, say) and derives idempotency keys from it.
    std::string reference;
    // What an earlier, interrupted attempt left on the target, as recorded in the ledger; for
    // a document delivered before (an update) or linked by a person to something the target
    // already held (`ferry link`), what that delivery or link names, which an update changes.
    TargetRefs known;
    // Records what the target holds so far in the ledger, durably, before it returns. Call it
    // after each step that creates something (the draft number before booking), and may be
    // called before such a step as a marker (e.g. {"draft": "requested"}), so that
    // after a crash `known` tells deliver() and find() how far the attempt got.
    std::function<void(const TargetRefs&)> progress;
    // 0 for the first delivery; raised by `ferry retry --resend` after a person deleted what
    // an earlier delivery made on the target. Derive idempotency keys from reference and
    // generation together, so that a new generation creates anew instead of being answered
    // with what the target cached for the deleted one.
    unsigned generation = 0;
    // What the target holds for each of Document::prerequisites, as delivered or linked, e.g.
    // the invoice's customer {"customer": "77"}: the host delivers only once every one has some.
    std::map<DocumentKey, TargetRefs> prerequisites{};
};

struct Found {
    enum class Status { absent, delivered, incomplete };
    Status status = Status::absent;
    TargetRefs target;
    // What the target holds for a delivered document, for `ferry report reconcile`; empty when
    // the sink cannot tell. In the Document's convention: a credit note's amounts are
    // positive, as printed, whatever sign the target stores them with.
    std::optional<Decimal> net{}, vat{}, gross{};
};

// One document the target holds under a reference the host gave it (see Sink::held).
struct HeldDocument {
    std::string reference;  // as stored on the target, e.g. "ferry:clinic:11223344/invoice/1042"
    Date date;              // the document date the target holds
    TargetRefs target;
    std::optional<Decimal> net, vat, gross;  // as in Found
};

// One thing a sink would do for a document (`ferry plan`), e.g. {"acme.customer.create",
// "would create customer 1042 from the document's CVR"}: numbers and reasons, never names.
struct PlannedStep {
    std::string code;
    std::string text;
};

// What deliver() would do with a document, found with reading requests only.
struct Plan {
    std::vector<PlannedStep> steps;
    std::optional<Problem> rejection;  // set when deliver() would reject the document
    // The amounts the target is expected to compute, in the Document's convention (see Found).
    std::optional<Decimal> net{}, vat{}, gross{};
};

// Dates a target refuses to book into, e.g. an accounting period closed for bookings.
struct ClosedPeriod {
    std::string company;  // as in DocumentKey::company
    Date from, to;        // inclusive
    std::string name;     // how the target names it, e.g. "2025 period 3"
};

// A customer the target already keeps, for `ferry link customers`, which compares them with
// the source's. In memory only: `customer` holds personal data and is shown to the person
// linking, never stored or logged.
struct TargetCustomer {
    // What a link records in the ledger and deliver() later finds in DeliveryRequest::known,
    // e.g. {"customer": "77"}: numbers only.
    TargetRefs target;
    Customer customer;  // customer.number is the target's number
};

// The host calls a sink's methods one at a time unless its descriptor says
// with_concurrent_deliveries(): then deliver() and find() run on several threads at once, each
// for its own document, and the sink guards what its calls share (a rate budget, a cache,
// a client). The other methods are still called one at a time, never during a pass.
class BOOST_SYMBOL_VISIBLE Sink {
  public:
    virtual ~Sink() = default;

    // Must be idempotent under the same request.reference: delivering twice creates nothing new.
    virtual Delivery deliver(const DeliveryRequest& request) = 0;

    // After a crash: what does the target already hold for this document? `incomplete` means
    // something was created but delivery did not finish (deliver() again completes it).
    // When the target cannot be asked (it does not answer, the token was revoked), throw
    // ferry::sdk::Error with a stable code; never answer `absent` for a target that was not
    // read, since `absent` makes the host deliver again. Thrown while the host resolves a
    // crash's intents, it leaves the document in `intent`, sends nothing for it, logs
    // `recovery.failed` with the code and asks again at the next pass; `ferry retry --resend`
    // refuses and reports it; `ferry report reconcile` lists it among its problems.
    virtual Found find(const DocumentRef& ref, const std::string& reference) = 0;

    // Can we reach and use the target? Lists every problem; creates nothing.
    virtual std::vector<Problem> check() = 0;

    // For `ferry report reconcile`: every document the target holds, dated from `from` to `to`
    // (inclusive), whose reference starts with `reference_prefix` ("ferry:<pipeline>:"), so
    // the host can name those the source does not list. Read-only. A sink that cannot list
    // its target keeps this default, and the report says so instead of guessing.
    virtual Result<std::vector<HeldDocument>> held(const std::string& reference_prefix, Date from,
                                                   Date to) {
        (void)reference_prefix, (void)from, (void)to;
        return Problem{"sink.held.unsupported",
                       "this sink cannot list what its target holds; the report shows only the "
                       "documents the source lists"};
    }

    // For `ferry plan`: what deliver() would do with this document, using reading requests
    // only; creates and changes nothing, and a sink may cache what it read across calls so a
    // plan over many documents costs a bounded number of requests. A Problem means the plan
    // could not be made (the target did not answer), not that the document would be rejected.
    virtual Result<Plan> plan(const Document& document) {
        (void)document;
        return Problem{"sink.plan.unsupported", "this sink cannot say what it would do"};
    }

    // For `ferry check`: the periods the target refuses to book into, per company, so waiting
    // documents dated in one are named before a pass rejects them. Read-only. A sink whose
    // target has no such periods keeps this default.
    virtual Result<std::vector<ClosedPeriod>> closed_periods() {
        return std::vector<ClosedPeriod>{};
    }

    // For `ferry link customers`: every customer the target keeps for `company` (as in
    // DocumentKey::company), barred ones included. Read-only. A sink that takes customers
    // overrides it; the default says linking is not possible.
    virtual Result<std::vector<TargetCustomer>> customers(const std::string& company) {
        (void)company;
        return Problem{"sink.customers.unsupported",
                       "this sink cannot list its target's customers, so they cannot be linked"};
    }
};

}  // namespace ferry::sdk
