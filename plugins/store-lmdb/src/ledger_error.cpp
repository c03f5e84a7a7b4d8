#include "ledger_error.hpp"

#include <lmdb.h>

#include <cerrno>

#include "ferry/sdk/store.hpp"

namespace ferry::store_lmdb {

sdk::Error ledger_error(int code, std::string_view doing, const std::string& path) {
    std::string what = "cannot " + std::string(doing) + " the ledger " + path + ": ";
    const std::string unchanged = " The ledger is unchanged; Ferry carries on where it stopped.";
    switch (code) {
        case EACCES:
        case EPERM:
            return sdk::Error("ledger.permission",
                              what + "permission denied. Run Ferry as the user that owns " + path +
                                  " (or chown it to that user).");
        case EROFS:
            return sdk::Error("ledger.read_only",
                              what +
                                  "the file system is read-only. Remount it read-write or "
                                  "point store.path at a writable folder." +
                                  unchanged);
        case ENOSPC:
        case EDQUOT:
            return sdk::Error("ledger.disk_full",
                              what + "the disk is full. Free space on the disk holding " + path +
                                  "." + unchanged);
        case MDB_MAP_FULL:
        case ENOMEM:
            return sdk::Error(
                "ledger.map_full",
                what + "the ledger could not grow its memory map (" + mdb_strerror(code) +
                    "). Free memory or address space, or lower map_size_mb." + unchanged);
        case ENOENT:
            return sdk::Error(sdk::ledger_missing_code,
                              what +
                                  "there is no ledger there yet. Check store.path, or run "
                                  "`ferry once` to create it.");
        case MDB_INVALID:
        case MDB_CORRUPTED:
        case MDB_PAGE_NOTFOUND:
            return sdk::Error("ledger.corrupt",
                              what + mdb_strerror(code) +
                                  ". Stop Ferry and restore the ledger from a backup or from "
                                  "`ferry ledger export` output.");
        case MDB_PANIC:
            // LMDB gives up on this handle after a failed meta-page write; the file keeps its
            // previous meta page, so the last committed state is intact on disk.
            return sdk::Error("ledger.panic",
                              what +
                                  "LMDB stopped using it after an I/O error. Fix the disk "
                                  "problem logged before this and restart Ferry; the ledger "
                                  "keeps its last committed state.");
        case MDB_VERSION_MISMATCH:
            return sdk::Error("ledger.lmdb_version",
                              what +
                                  "it was written by an incompatible LMDB library version. "
                                  "Export it with the Ferry that wrote it, then import it.");
        case MDB_READERS_FULL:
            return sdk::Error("ledger.readers_full",
                              what +
                                  "too many processes are reading it. Close other `ferry` "
                                  "commands and try again.");
        default:
            return sdk::Error("ledger.io", what + mdb_strerror(code) + ".");
    }
}

}  // namespace ferry::store_lmdb
