// Customers and products are read in bulk and kept (CustomerDirectory, ProductCatalog).
#pragma once

namespace ferry::economic {

// Whether a look-up may read the customers or products again when what it read is stale.
// Delivery does (a customer made by hand meanwhile is used, not duplicated); a plan reads each
// list once, so that it costs a bounded number of requests.
enum class Refresh { when_stale, never };

}  // namespace ferry::economic
