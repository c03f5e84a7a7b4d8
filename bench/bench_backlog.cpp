// A backlog: `ferry once` delivering 10,000 invoices of 500 customers and 50 products into the
// e-conomic emulator with its rate budget set, through the real host and plugins. Measures,
// per run: HTTP requests per invoice (the emulator counts them), invoices per second against
// what the budget allows, 429s, and ferry's peak RSS. Goals (issue 8): at most 2.05 requests
// per invoice, at least 95 % of the budget spent with no 429, peak RSS at most 40 MB.
//
//   bench_backlog [--invoices N] [--customers N] [--products N] [--runs R]
//                 [--rate-limit TOKENS/SECONDS] [--keep FOLDER]
#include <cstring>

#include "bench_common.hpp"
#include "emulator_process.hpp"
#include "measured_child.hpp"
#include "oioubl_generator.hpp"

namespace {

using namespace ferry::bench;

constexpr const char* grant = "bench-grant";

struct Run {
    double seconds = 0, rss_mb = 0;
    double requests = 0, rate_limited = 0, tokens = 0, delivered = 0;
};

std::size_t count_after(const std::string& output, const std::string& label) {
    auto at = output.find(label);
    return at == std::string::npos ? 0 : std::stoul(output.substr(at + label.size()));
}

Run run_once(const std::filesystem::path& root, const std::string& rate_limit,
             std::size_t invoices) {
    std::filesystem::remove_all(root / "ledger");
    ferry::test::EmulatorProcess emulator({"--no-fsync", "--rate-limit", rate_limit, "--agreement",
                                           std::string(grant) + ":16356706"});
    write_pipeline(root, "backlog",
                   "  base_url: " + emulator.base_url() +
                       "\n  app_secret_token: \"${env:BENCH_APP_SECRET}\"\n"
                       "  defaults: { provider_number: \"123456\" }\n  companies:\n"
                       "    - { cvr: \"16356706\", agreement_grant_token: " +
                       grant + " }\n");
    ChildRun pass =
        run_measured({FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "once",
                      (root / "pipeline.yaml").string()},
                     {std::string("BENCH_APP_SECRET=") + ferry::test::emulator_app_secret},
                     (root / "output.txt").string());
    std::string output = read_text(root / "output.txt");
    Run run;
    run.seconds = pass.seconds;
    run.rss_mb = pass.peak_rss_mb;
    run.delivered = static_cast<double>(count_after(output, ", delivered "));
    if (pass.exit_code != 0 || run.delivered != static_cast<double>(invoices)) {
        std::string tail = output.substr(output.size() > 3000 ? output.size() - 3000 : 0);
        throw std::runtime_error("ferry once delivered " + std::to_string(run.delivered) + " of " +
                                 std::to_string(invoices) + " (exit " +
                                 std::to_string(pass.exit_code) + "):\n" + tail);
    }
    nlohmann::json stats = emulator.request("GET", "/__emulator/stats", {}, {}).json();
    run.requests = stats["requests"].get<double>();
    run.rate_limited = stats["rateLimited"].get<double>();
    run.tokens = stats["tokensSpent"].get<double>();
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows as it happens, also in a pipe
    // A clinic's backlog as NOVAX wrote it: invoices only, from pools of recurring customers
    // (businesses, public bodies, patients) and services, each at least once.
    ferry::oioubl_generator::Options options;
    options.count = 10'000;
    options.customers = 500;
    options.products = 50;
    options.credit_note_percent = 0;
    std::string keep;  // --keep FOLDER: work there and leave it behind
    int runs = 3;
    std::string rate_limit = "3000/4";
    const char* usage =
        "usage: bench_backlog [--invoices N] [--customers N] [--products N] [--runs R] "
        "[--rate-limit TOKENS/SECONDS] [--keep FOLDER]\n";
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 == argc)
            return std::fputs(usage, stderr), 2;
        if (std::strcmp(argv[i], "--invoices") == 0)
            options.count = std::stoul(argv[i + 1]);
        else if (std::strcmp(argv[i], "--customers") == 0)
            options.customers = std::stoul(argv[i + 1]);
        else if (std::strcmp(argv[i], "--products") == 0)
            options.products = std::stoul(argv[i + 1]);
        else if (std::strcmp(argv[i], "--keep") == 0)
            keep = argv[i + 1];
        else if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::stoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--rate-limit") == 0)
            rate_limit = argv[i + 1];
        else
            return std::fputs(usage, stderr), 2;
    }
    auto slash = rate_limit.find('/');
    if (slash == std::string::npos)
        return std::fprintf(stderr, "--rate-limit wants TOKENS/SECONDS\n"), 2;
    const double limit = std::stod(rate_limit.substr(0, slash));
    const double window = std::stod(rate_limit.substr(slash + 1));
    try {
        BenchFolder folder("backlog", keep);
        std::uint64_t bytes = 0;
        {
            auto documents = ferry::oioubl_generator::generate(options);
            ferry::oioubl_generator::write_files(documents, folder.path() / "inbox");
            for (const auto& document : documents)
                bytes += document.xml.size();
        }
        std::printf(
            "backlog: %zu invoices (%.1f MiB) of %zu customers (6 in 10 businesses, 2 "
            "public bodies, 2 patients) and %zu products, each invoiced at least once "
            "when there are as many invoices; budget %s tokens/s\n",
            options.count, bytes / 1048576.0, options.customers, options.products,
            rate_limit.c_str());
        std::vector<double> per_invoice, invoices_per_second, budget_use, rate_limited, rss;
        double ceiling = 0;
        for (int r = 0; r < runs; ++r) {
            Run run = run_once(folder.path(), rate_limit, options.count);
            // Tokens the agreement offered over the pass: a full bucket, then its refill.
            double offered = limit + limit / window * run.seconds;
            double tokens_per_invoice = run.tokens / run.delivered;
            ceiling = limit / window / tokens_per_invoice;
            per_invoice.push_back(run.requests / run.delivered);
            invoices_per_second.push_back(run.delivered / run.seconds);
            budget_use.push_back(run.tokens / offered);
            rate_limited.push_back(run.rate_limited);
            rss.push_back(run.rss_mb);
            std::printf(
                "  run %d: %.1f s, %.0f requests (%.4f per invoice), %.1f invoices/s "
                "(budget allows %.1f after its first bucket), %.0f tokens of %.0f offered "
                "(%.1f %%), %.0f answered 429, peak RSS %.1f MB\n",
                r + 1, run.seconds, run.requests, per_invoice.back(), invoices_per_second.back(),
                ceiling, run.tokens, offered, 100 * budget_use.back(), run.rate_limited,
                run.rss_mb);
        }
        result("backlog.invoices", static_cast<double>(options.count));
        result("backlog.requests_per_invoice", median(per_invoice));
        result("backlog.invoices_per_second", median(invoices_per_second));
        result("backlog.budget_invoices_per_second", ceiling);
        result("backlog.budget_use", median(budget_use));
        result("backlog.rate_limited", *std::max_element(rate_limited.begin(), rate_limited.end()));
        result("backlog.rss_mb", median(rss));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_backlog: %s\n", error.what());
        return 1;
    }
    return 0;
}
