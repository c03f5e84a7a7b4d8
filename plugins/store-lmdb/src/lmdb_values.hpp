// LMDB's byte buffers as string views and back.
#pragma once

#include <lmdb.h>

#include <string_view>

namespace ferry::store_lmdb {

inline MDB_val as_val(std::string_view bytes) {
    return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

inline std::string_view as_view(const MDB_val& val) {
    return {static_cast<const char*>(val.mv_data), val.mv_size};
}

}  // namespace ferry::store_lmdb
