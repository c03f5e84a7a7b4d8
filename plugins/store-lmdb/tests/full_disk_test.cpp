#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "ferry/sdk/problem.hpp"
#include "test_support.hpp"

using namespace ferry;
using namespace ferry::store_lmdb;

namespace {

// A tiny tmpfs, so the disk really fills up. Needs CAP_SYS_ADMIN (root in CI containers).
class TinyDisk {
  public:
    TinyDisk(const std::string& where, const char* size) : where_(where) {
        ::mkdir(where.c_str(), 0700);
        std::string options = std::string("size=") + size + ",mode=0700";
        mounted_ = ::mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) == 0;
        if (!mounted_)
            why_ = std::strerror(errno);
    }
    ~TinyDisk() {
        if (mounted_)
            ::umount2(where_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    const std::string& why() const { return why_; }
    bool remount_read_only() {
        return ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

  private:
    std::string where_;
    bool mounted_ = false;
    std::string why_;
};

sdk::LedgerRecord bulky(int n) {
    auto record = test::full_record("11223344", std::to_string(n));
    record.error_text = std::string(3000, 'e');
    return record;
}

}  // namespace

TEST_CASE("a full disk gives a clear error, keeps the ledger whole, and Ferry carries on",
          "[disk]") {
    test::TempFolder folder;
    TinyDisk disk(folder.path() + "/disk", "1m");
    if (!disk.mounted()) {
        WARN("skipped: cannot mount a tmpfs here (" << disk.why() << "); run as root to test");
        return;
    }
    const std::string ledger = folder.path() + "/disk/ledger";
    const std::string ballast = folder.path() + "/disk/ballast";
    std::ofstream(ballast) << std::string(256 * 1024, 'b');
    test::RecordingHost host;
    auto store = test::open_store(ledger, host, sdk::Access::read_write, "1");
    int saved = 0;
    std::string code, message;
    for (; saved < 10000; ++saved) {
        try {
            store->save(bulky(saved));
        } catch (const sdk::Error& error) {
            code = error.code(), message = error.what();
            break;
        }
    }
    REQUIRE(code == "ledger.disk_full");
    CHECK_THAT(message, Catch::Contains(ledger) && Catch::Contains("Free space"));
    CHECK(saved > 10);
    CHECK_FALSE(store->find(bulky(saved).key));
    test::require_same(*store->find(bulky(saved - 1).key), bulky(saved - 1));

    REQUIRE(::unlink(ballast.c_str()) == 0);
    for (int n = saved; n < saved + 5; ++n)
        store->save(bulky(n));
    store.reset();

    auto reopened = test::open_store(ledger, host, sdk::Access::read_write, "1");
    int found = 0;
    reopened->scan([&](const sdk::LedgerRecord&) { return ++found, true; });
    CHECK(found == saved + 5);
    reopened.reset();

    SECTION("a read-only file system refuses writers clearly and still serves readers") {
        REQUIRE(disk.remount_read_only());
        try {
            test::open_store(ledger, host);
            FAIL("a writer opened a ledger on a read-only file system");
        } catch (const sdk::Error& error) {
            CHECK(error.code() == "ledger.read_only");
            CHECK_THAT(error.what(), Catch::Contains(ledger));
        }
        auto reader = test::open_store(ledger, host, sdk::Access::read_only);
        CHECK(reader->find(bulky(0).key));
    }
}
