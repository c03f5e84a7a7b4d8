// Issue 20's benchmark: accounting figures out of e-conomic into PostgreSQL. A company with
// 200,000 posted entries over two years (the emulator posts them in one admin call) is read by
// source-economic and written by sink-postgres into a real PostgreSQL, run durably (fsync on),
// through the real `ferry once`: first the whole load, then a pass that finds 50 new entries in
// the last period. Measured per pass: wall time, HTTP requests and tokens (the emulator counts
// them), ferry's peak RSS, and the CPU time ferry, the emulator and PostgreSQL each spent, so
// that the wall time is seen shared out.
//
// The goal is that e-conomic's rate budget, not ferry or PostgreSQL, is the limit of the first
// load. So the load runs twice: with no budget, where ferry's own CPU time against the wall time
// tells how much of the pass is ferry's; and against a budget tight enough to bind
// (--rate-limit), which the pass must spend to at least 90 % with no 429.
//
//   bench_figures [--entries N] [--new-entries N] [--rate-limit TOKENS/SECONDS] [--keep FOLDER]
#include <unistd.h>

#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include "bench_common.hpp"
#include "emulator_process.hpp"
#include "measured_child.hpp"
#include "postgres_server.hpp"

namespace {

using namespace ferry::bench;
using nlohmann::json;

constexpr const char* company_cvr = "16356706";
constexpr const char* grant = "figures-grant";
constexpr const char* password = "figures-writer-2026";

// proc(5)'s /proc/PID/stat from field 3 (the state) on: field N is at N - 3.
std::vector<std::string> stat_of(const std::string& pid) {
    std::ifstream stat("/proc/" + pid + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::vector<std::string> values;
    if (auto name_end = text.rfind(')'); name_end != std::string::npos) {
        std::istringstream in(text.substr(name_end + 1));
        for (std::string value; in >> value;)
            values.push_back(value);
    }
    return values;
}

double ticks(const std::vector<std::string>& stat, int first_field, int last_field) {
    double sum = 0;
    for (int field = first_field; field <= last_field; ++field)
        sum += std::stod(stat.at(static_cast<std::size_t>(field - 3)));
    return sum;
}

std::vector<std::string> children_of(pid_t pid) {
    std::vector<std::string> children;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        auto stat = stat_of(name);
        if (stat.size() >= 15 && stat[1] == std::to_string(pid))  // field 4: the parent
            children.push_back(name);
    }
    return children;
}

// The postmaster's CPU seconds and those of the children it reaped (its cutime and cstime),
// read once every backend and autovacuum worker has ended, so that the work of a connection is
// all in them: only the server's own long-lived processes may still run.
double postgres_cpu_seconds(pid_t postmaster) {
    auto busy = [&] {
        for (const std::string& child : children_of(postmaster)) {
            std::ifstream in("/proc/" + child + "/cmdline");
            std::string command((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
            bool long_lived = false;
            for (const char* role : {"checkpointer", "background writer", "walwriter",
                                     "autovacuum launcher", "logical replication launcher"})
                long_lived = long_lived || command.find(role) != std::string::npos;
            if (!long_lived)
                return true;
        }
        return false;
    };
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
         busy() && std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto own = stat_of(std::to_string(postmaster));
    if (own.size() < 15)
        throw std::runtime_error("cannot read the CPU time of PostgreSQL");
    return ticks(own, 14, 17) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// CPU seconds of a process that does its work itself (the emulator).
double cpu_seconds_of(pid_t pid) {
    auto own = stat_of(std::to_string(pid));
    if (own.size() < 15)
        throw std::runtime_error("cannot read the CPU time of process " + std::to_string(pid));
    return ticks(own, 14, 15) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

struct Pass {
    double seconds = 0, rss_mb = 0;
    double ferry_cpu = 0, emulator_cpu = 0, postgres_cpu = 0;
    double requests = 0, tokens = 0, rate_limited = 0;
    double entries_read = 0, periods = 0;
};

struct Stats {
    double requests = 0, tokens = 0, rate_limited = 0;
};

Stats stats_of(const ferry::test::EmulatorProcess& emulator) {
    json stats = emulator.request("GET", "/__emulator/stats", {}, {}).json();
    return {stats["requests"].get<double>(), stats["tokensSpent"].get<double>(),
            stats["rateLimited"].get<double>()};
}

// A company's ledger in the emulator, read into its own database, pass by pass.
class Load {
  public:
    Load(const std::filesystem::path& root, const ferry::testing::PostgresServer& postgres,
         const std::string& name, const std::string& rate_limit)
        : root_(root / name),
          postgres_(postgres),
          database_("figures_" + name),
          emulator_(arguments(rate_limit)) {
        std::filesystem::create_directories(root_);
        postgres_.create_database(database_, database_ + "_writer", password);
        write_text(root_ / "figures.yaml",
                   "pipeline: figures\n"
                   "store: { plugin: store-lmdb, path: " +
                       (root_ / "ledger").string() +
                       " }\n"
                       "source:\n  plugin: source-economic\n  base_url: " +
                       emulator_.base_url() +
                       "\n  app_secret_token: \"${env:BENCH_APP_SECRET}\"\n  companies:\n"
                       "    - { cvr: \"" +
                       company_cvr + "\", agreement_grant_token: " + grant +
                       " }\n"
                       "sink:\n  plugin: sink-postgres\n  port: " +
                       std::to_string(postgres_.port()) + "\n  database: " + database_ +
                       "\n  user: " + database_ +
                       "_writer\n  password: \"${env:BENCH_POSTGRES_PASSWORD}\"\n");
    }

    void post_entries(std::size_t count, const std::string& from, const std::string& to, int seed) {
        auto posted = emulator_.request(
            "POST", std::string("/__emulator/agreements/") + grant + "/entries",
            json{{"entries", count}, {"from", from}, {"to", to}, {"seed", seed}}.dump(), {});
        if (posted.status != 201)
            throw std::runtime_error("the emulator did not post the entries: " + posted.body);
    }

    Pass pass(const std::string& label) {
        Stats before = stats_of(emulator_);
        double emulator_before = cpu_seconds_of(emulator_.pid());
        double postgres_before = postgres_cpu_seconds(postgres_.pid());
        const auto output_file = root_ / (label + ".txt");
        ChildRun run =
            run_measured({FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "once",
                          (root_ / "figures.yaml").string()},
                         {std::string("BENCH_APP_SECRET=") + ferry::test::emulator_app_secret,
                          std::string("BENCH_POSTGRES_PASSWORD=") + password},
                         output_file.string());
        const std::string output = read_text(output_file);
        if (run.exit_code != 0)
            throw std::runtime_error(
                "ferry once failed (exit " + std::to_string(run.exit_code) + "):\n" +
                output.substr(output.size() > 3000 ? output.size() - 3000 : 0));
        Stats after = stats_of(emulator_);
        Pass pass;
        pass.seconds = run.seconds;
        pass.rss_mb = run.peak_rss_mb;
        pass.ferry_cpu = run.cpu_seconds;
        pass.emulator_cpu = cpu_seconds_of(emulator_.pid()) - emulator_before;
        pass.postgres_cpu = postgres_cpu_seconds(postgres_.pid()) - postgres_before;
        pass.requests = after.requests - before.requests;
        pass.tokens = after.tokens - before.tokens;
        pass.rate_limited = after.rate_limited - before.rate_limited;
        // What the source logs per period read: "N entries of period YEAR/P read in S s".
        static const std::regex period_read(R"((\d+) entries of period \S+ read in)");
        for (std::sregex_iterator at(output.begin(), output.end(), period_read), end; at != end;
             ++at) {
            pass.entries_read += std::stod((*at)[1]);
            ++pass.periods;
        }
        return pass;
    }

    // Entries in the database, counted by number (an entry split over departments is one).
    double entries_in_database() const {
        return std::stod(postgres_.query_value(
            "SELECT count(DISTINCT entry_number) FROM ferry.entries", database_));
    }

  private:
    static std::vector<std::string> arguments(const std::string& rate_limit) {
        std::vector<std::string> arguments{"--no-fsync", "--agreement",
                                           std::string(grant) + ":" + company_cvr};
        if (!rate_limit.empty())
            arguments.insert(arguments.end(), {"--rate-limit", rate_limit});
        return arguments;
    }

    std::filesystem::path root_;
    const ferry::testing::PostgresServer& postgres_;
    std::string database_;
    ferry::test::EmulatorProcess emulator_;
};

void print(const char* what, const Pass& pass) {
    std::printf(
        "  %s: %.1f s, %.0f requests (%.0f tokens, %.0f answered 429), %.0f entries of %.0f "
        "periods read; CPU: ferry %.1f s (%.0f %% of the wall time), emulator %.1f s, "
        "PostgreSQL %.1f s; ferry's peak RSS %.1f MB\n",
        what, pass.seconds, pass.requests, pass.tokens, pass.rate_limited, pass.entries_read,
        pass.periods, pass.ferry_cpu, 100 * pass.ferry_cpu / pass.seconds, pass.emulator_cpu,
        pass.postgres_cpu, pass.rss_mb);
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::size_t entries = 200'000, new_entries = 50;
    std::string rate_limit = "100/10", keep;
    const char* usage =
        "usage: bench_figures [--entries N] [--new-entries N] [--rate-limit TOKENS/SECONDS] "
        "[--keep FOLDER]\n";
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 == argc)
            return std::fputs(usage, stderr), 2;
        std::string option = argv[i], value = argv[i + 1];
        if (option == "--entries")
            entries = std::stoul(value);
        else if (option == "--new-entries")
            new_entries = std::stoul(value);
        else if (option == "--rate-limit")
            rate_limit = value;
        else if (option == "--keep")
            keep = value;
        else
            return std::fputs(usage, stderr), 2;
    }
    auto slash = rate_limit.find('/');
    if (slash == std::string::npos)
        return std::fputs("--rate-limit wants TOKENS/SECONDS\n", stderr), 2;
    const double limit = std::stod(rate_limit.substr(0, slash));
    const double window = std::stod(rate_limit.substr(slash + 1));
    try {
        BenchFolder folder("figures", keep);
        ferry::testing::PostgresServer postgres(/*durable=*/true);
        std::printf(
            "figures: one company, %zu entries from 2025-01-01 to 2026-12-31, then %zu new in "
            "December 2026; PostgreSQL %s with fsync on\n",
            entries, new_entries, postgres.query_value("SHOW server_version").c_str());

        Load unlimited(folder.path(), postgres, "unlimited", "");
        unlimited.post_entries(entries, "2025-01-01", "2026-12-31", 1);
        Pass first = unlimited.pass("first");
        print("first load, no budget", first);
        if (unlimited.entries_in_database() != static_cast<double>(entries))
            throw std::runtime_error(
                "the database holds " + std::to_string(unlimited.entries_in_database()) +
                " entries after the first load, not " + std::to_string(entries));
        unlimited.post_entries(new_entries, "2026-12-01", "2026-12-31", 2);
        Pass update = unlimited.pass("update");
        print("the pass that finds the new entries", update);
        if (unlimited.entries_in_database() != static_cast<double>(entries + new_entries))
            throw std::runtime_error("the new entries did not all reach the database");
        Pass idle = unlimited.pass("idle");
        print("a pass with nothing new", idle);

        Load budgeted(folder.path(), postgres, "budget", rate_limit);
        budgeted.post_entries(entries, "2025-01-01", "2026-12-31", 1);
        Pass paced = budgeted.pass("paced");
        const double offered = limit + limit / window * paced.seconds;
        print(("first load, budget " + rate_limit + " tokens/s").c_str(), paced);
        std::printf("    %.0f tokens of %.0f offered (%.1f %%)\n", paced.tokens, offered,
                    100 * paced.tokens / offered);
        if (budgeted.entries_in_database() != static_cast<double>(entries))
            throw std::runtime_error("the budgeted load did not write every entry");

        result("figures.entries", static_cast<double>(entries));
        result("figures.first_seconds", first.seconds);
        result("figures.first_requests", first.requests);
        result("figures.first_rss_mb", first.rss_mb);
        result("figures.first_ferry_cpu", first.ferry_cpu);
        result("figures.first_emulator_cpu", first.emulator_cpu);
        result("figures.first_postgres_cpu", first.postgres_cpu);
        result("figures.first_ferry_share", first.ferry_cpu / first.seconds);
        result("figures.new_entries", static_cast<double>(new_entries));
        result("figures.update_seconds", update.seconds);
        result("figures.update_requests", update.requests);
        result("figures.update_entries_read", update.entries_read);
        result("figures.update_rss_mb", update.rss_mb);
        result("figures.idle_seconds", idle.seconds);
        result("figures.idle_requests", idle.requests);
        result("figures.paced_seconds", paced.seconds);
        result("figures.paced_budget_use", paced.tokens / offered);
        result("figures.paced_rate_limited", paced.rate_limited);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_figures: %s\n", error.what());
        return 1;
    }
    return 0;
}
