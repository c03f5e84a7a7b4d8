// Item 8 of the security review: commands that must refuse rather than crash, and the emulator's
// own robustness.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "emulator_process.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "test_data.hpp"
#include "test_pipeline.hpp"

using namespace ferry::testing;
using namespace ferry::test;

namespace {

// std::terminate ends in SIGABRT (134); a command must say what is wrong instead.
void check_refused_cleanly(const CommandResult& result) {
    INFO(result.output);
    CHECK((result.exit_code == 1 || result.exit_code == 2));
    CHECK_THAT(result.output, !Catch::Contains("terminate called"));
    CHECK_FALSE(result.output.empty());
}

mode_t mode_of(const std::filesystem::path& path) {
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 07777;
}

}  // namespace

TEST_CASE("single-pipeline commands given a folder refuse it with exit code 2") {
    TempDir dir;
    dir.write("pipelines/clinic.yaml", "pipeline: clinic\n");
    std::string folder = (dir / "pipelines").string();
    for (const std::string& command :
         {"schedule " + folder, "status " + folder, "status --json " + folder,
          "explain " + folder + " 1", "report gaps " + folder,
          "report reconcile " + folder + " --from 2026-01-01 --to 2026-12-31",
          "retry " + folder + " 1", "skip " + folder + " 1 --reason x", "ledger export " + folder,
          "ledger import " + folder + " -"}) {
        auto result = run_command(ferry_command(command) + " </dev/null");
        INFO(command);
        check_refused_cleanly(result);
        CHECK(result.exit_code == 2);
        CHECK_THAT(result.output, Catch::Contains("is a folder") && Catch::Contains("clinic.yaml"));
    }
}

TEST_CASE("every command given wrong arguments ends with an error and exit code 1 or 2") {
    TempDir dir;
    dir.write("empty.yaml", "");
    dir.write("list.yaml", "- 1\n- 2\n");
    dir.write("binary.yaml", std::string("pipeline: \xff\xfe\x00\x01", 14));
    std::string missing = (dir / "missing.yaml").string();
    for (const std::string& target :
         {missing, (dir / "empty.yaml").string(), (dir / "list.yaml").string(),
          (dir / "binary.yaml").string(), std::string("/dev/null"), dir.path().string()}) {
        for (const std::string& command :
             {"validate " + target, "check " + target, "once " + target, "run --once " + target,
              "schedule " + target, "status " + target, "status --json " + target,
              "explain " + target + " 1", "retry " + target + " --rejected",
              "skip " + target + " 1 --reason x", "report gaps --json " + target,
              "report reconcile " + target + " --from 2026-13-01 --to x", "ledger export " + target,
              "ledger import " + target + " " + missing}) {
            INFO(command);
            check_refused_cleanly(run_command(ferry_command(command) + " </dev/null"));
        }
    }
    check_refused_cleanly(run_command(ferry_command("schedule --count 0 x.yaml")));
}

TEST_CASE("the emulator answers 400 to a path that is not UTF-8 and keeps serving") {
    auto state = temporary_state_file("not-utf8");
    {
        EmulatorProcess emulator({}, state);
        CHECK(emulator.put("/products/%FF", product_body("P1")).status == 400);
        CHECK(emulator.get("/products?filter=name$eq:%FE").status == 400);
        create_product(emulator, "P2");
        CHECK(emulator.get("/products/P2").status == 200);
    }
    EmulatorProcess restarted({}, state);
    CHECK(restarted.get("/products/P2").status == 200);
    std::filesystem::remove(state);
}

TEST_CASE("the emulator does not write through a symlink at its state file's temporary name") {
    TempDir dir;
    auto victim = dir.write("victim", "keep me");
    auto state = dir / "emulator.state";
    std::filesystem::create_symlink(victim, dir / "emulator.state.tmp");
    {
        EmulatorProcess emulator({}, state.string());
        create_product(emulator, "P3");
    }
    CHECK(read_file(victim) == "keep me");
    EmulatorProcess restarted({}, state.string());
    CHECK(restarted.get("/products/P3").status == 200);
}

TEST_CASE("ledger export -o writes a file only its owner can read") {
    TempDir dir;
    dir.write("inbox/11223344_invoice_1.txt", "date: 2026-02-01\n");
    std::string file = write_test_pipeline(dir, lmdb_store(dir / "ledger"));
    REQUIRE(run_command(ferry_command("once " + file)).exit_code == 0);
    auto fresh = dir / "fresh.jsonl";
    auto wide = dir.write("wide.jsonl", "old\n", 0644);
    for (const auto& output : {fresh, wide}) {
        auto exported =
            run_command(ferry_command("ledger export " + file + " -o " + output.string()));
        INFO(exported.output);
        REQUIRE(exported.exit_code == 0);
        CHECK(mode_of(output) == 0600);
        CHECK_THAT(read_file(output), Catch::Contains("\"number\":\"1\""));
    }
}

TEST_CASE("a shared folder given as store.path is refused and keeps its mode") {
    TempDir dir;
    auto shared = dir / "shared";
    std::filesystem::create_directories(shared);
    dir.write("shared/someone-elses.txt", "x");
    ::chmod(shared.c_str(), 01777);
    dir.write("inbox/11223344_invoice_1.txt", "date: 2026-02-01\n");
    auto pass = run_command(ferry_command("once " + write_test_pipeline(dir, lmdb_store(shared))));
    INFO(pass.output);
    CHECK(pass.exit_code != 0);
    CHECK_THAT(pass.output, Catch::Contains("ledger.shared_folder"));
    CHECK(mode_of(shared) == 01777);
    CHECK_FALSE(std::filesystem::exists(shared / "data.mdb"));

    // The ledger's own folder, left too open, is still repaired.
    auto own = dir / "own";
    std::filesystem::create_directories(own);
    ::chmod(own.c_str(), 0755);
    REQUIRE(
        run_command(ferry_command("once " + write_test_pipeline(dir, lmdb_store(own)))).exit_code ==
        0);
    CHECK(mode_of(own) == 0700);
}

TEST_CASE("an SMTP password is never sent in clear to a relay on another machine") {
    TempDir dir;
    for (std::string starttls : {"off", "opportunistic"}) {
        auto validate = run_command(ferry_command(
            "validate " +
            write_test_pipeline(dir, lmdb_store(dir / "ledger"),
                                "notify:\n  smtp_url: smtp://mail.clinic.invalid:25\n  from: "
                                "ferry@clinic.dk\n  to: [it@clinic.dk]\n  username: ferry\n  "
                                "password: hunter2\n  starttls: " +
                                    starttls + "\n")));
        INFO(validate.output);
        CHECK(validate.exit_code == 2);
        CHECK_THAT(validate.output, Catch::Contains("pipeline.yaml:11:13") &&
                                        Catch::Contains("notify.starttls") &&
                                        Catch::Contains("unencrypted"));
        CHECK_THAT(validate.output, !Catch::Contains("hunter2"));
    }
    for (std::string allowed : {"smtp_url: smtp://127.0.0.1:25\n  starttls: off",
                                "smtp_url: smtp://[::1]:25\n  starttls: opportunistic",
                                "smtp_url: smtps://mail.clinic.invalid\n  starttls: off",
                                "smtp_url: smtp://mail.clinic.invalid\n  starttls: required"}) {
        auto validate = run_command(ferry_command(
            "validate " +
            write_test_pipeline(dir, lmdb_store(dir / "ledger"),
                                "notify:\n  " + allowed +
                                    "\n  from: ferry@clinic.dk\n  to: [it@clinic.dk]\n  "
                                    "username: ferry\n  password: hunter2\n")));
        INFO(allowed << "\n" << validate.output);
        CHECK(validate.exit_code == 0);
    }
}

TEST_CASE("a pipeline file nested too deeply says so") {
    TempDir dir;
    auto file = dir.write("deep.yaml",
                          "pipeline: " + std::string(5000, '[') + std::string(5000, ']') + "\n");
    auto validate = run_command(ferry_command("validate " + file.string()));
    INFO(validate.output);
    CHECK(validate.exit_code == 2);
    CHECK_THAT(validate.output, Catch::Contains("nested more than"));
    CHECK_THAT(validate.output, !Catch::Contains("bad file"));
}

TEST_CASE("an over-long value is quoted cut short") {
    TempDir dir;
    auto file = dir.write("long.yaml", "pipeline: " + std::string(5000, 'a') + "\n");
    auto validate = run_command(ferry_command("validate " + file.string()));
    INFO(validate.output);
    CHECK(validate.exit_code == 2);
    CHECK_THAT(validate.output, Catch::Contains("pipeline: '" + std::string(60, 'a') + "...'"));
    CHECK(validate.output.size() < 1000);
}

TEST_CASE("a FIFO given as the pipeline file is refused at once") {
    TempDir dir;
    auto fifo = dir / "pipeline.yaml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (std::string command : {"validate ", "status ", "schedule "}) {
        auto result = run_command("timeout 10 " + ferry_command(command + fifo.string()));
        INFO(result.output);
        CHECK(result.exit_code == 2);
        CHECK_THAT(result.output, Catch::Contains("is not a regular file"));
    }
}
