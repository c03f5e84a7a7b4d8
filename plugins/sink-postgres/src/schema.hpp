// The tables sink-postgres writes, versioned: the sink creates its schema and migrates it
// forward, one transaction per version, and refuses a schema newer than it knows. The tables
// are documented in the plugin's README; a change here is a new migration, never an edit.
#pragma once

#include <string>
#include <vector>

#include "pg.hpp"

namespace ferry::postgres {

inline constexpr int schema_version = 1;

// Creates or migrates `schema` to schema_version; throws PgError, or sdk::Error
// "postgres.schema_newer" for a schema a newer Ferry made.
void migrate(PgConnection& connection, const std::string& schema);

// What is not as the sink made it: a table or a column gone or of another type (changed by
// hand), or a version this sink does not know. Empty when all is well or nothing exists yet.
std::vector<std::string> schema_differences(PgConnection& connection, const std::string& schema);

}  // namespace ferry::postgres
