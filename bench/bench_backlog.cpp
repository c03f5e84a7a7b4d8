// A backlog: `ferry once` delivering 10,000 invoices of 500 customers and 50 products into the
// e-conomic emulator with its rate budget set, through the real host and plugins. Measures,
// per run: HTTP requests per invoice (the emulator counts them), invoices per second against
// what the budget allows, 429s, and ferry's peak RSS. Goals (issue 8): at most 2.05 requests
// per invoice, at least 95 % of the budget spent with no 429, peak RSS at most 40 MB.
//
// Issue 16 runs it with the emulator's answers delayed (--latency-ms), over several companies
// in one pipeline, each with its own agreement and budget (--companies; the invoices are
// shared out), and with the pipeline's in_flight set (--in-flight; unset: ferry's default).
// Without --rate-limit the emulator's budget is too large to matter. --label prefixes the
// RESULT names, so scripts/bench can run it several ways.
//
//   bench_backlog [--invoices N] [--customers N] [--products N] [--runs R]
//                 [--rate-limit TOKENS/SECONDS] [--latency-ms MS] [--companies N]
//                 [--in-flight N] [--label NAME] [--keep FOLDER]
#include <algorithm>
#include <string>

#include "bench_common.hpp"
#include "emulator_process.hpp"
#include "measured_child.hpp"
#include "oioubl_generator.hpp"

namespace {

using namespace ferry::bench;

struct Company {
    std::string cvr, grant;
};

std::vector<Company> companies_of(std::size_t count) {
    std::vector<Company> companies;
    for (std::size_t i = 0; i < count; ++i)
        companies.push_back({i == 0 ? "16356706" : std::to_string(27000000 + i),
                             "bench-grant-" + std::to_string(i + 1)});
    return companies;
}

struct Setup {
    std::vector<Company> companies;
    std::string rate_limit;  // empty: the emulator's own, too large to matter
    int latency_ms = 0;
    int in_flight = 0;  // 0: ferry's default
    std::size_t invoices = 0;
};

struct Run {
    double seconds = 0, rss_mb = 0;
    double requests = 0, rate_limited = 0, tokens = 0, delivered = 0;
    std::vector<double> company_tokens;  // per company, in Setup::companies' order
};

std::size_t count_after(const std::string& output, const std::string& label) {
    auto at = output.find(label);
    return at == std::string::npos ? 0 : std::stoul(output.substr(at + label.size()));
}

Run run_once(const std::filesystem::path& root, const Setup& setup) {
    std::filesystem::remove_all(root / "ledger");
    std::vector<std::string> arguments{"--no-fsync", "--latency-ms",
                                       std::to_string(setup.latency_ms)};
    if (!setup.rate_limit.empty())
        arguments.insert(arguments.end(), {"--rate-limit", setup.rate_limit});
    std::string companies;
    for (const Company& company : setup.companies) {
        arguments.insert(arguments.end(), {"--agreement", company.grant + ":" + company.cvr});
        companies += "    - { cvr: \"" + company.cvr +
                     "\", agreement_grant_token: " + company.grant + " }\n";
    }
    ferry::test::EmulatorProcess emulator(arguments);
    write_pipeline(
        root, "backlog",
        "  base_url: " + emulator.base_url() +
            "\n  app_secret_token: \"${env:BENCH_APP_SECRET}\"\n"
            "  defaults: { provider_number: \"123456\" }\n  companies:\n" +
            companies +
            (setup.in_flight ? "in_flight: " + std::to_string(setup.in_flight) + "\n" : ""));
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
    const std::size_t invoices = setup.invoices;
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
    for (const Company& company : setup.companies)
        run.company_tokens.push_back(stats["byAgreement"]
                                         .value(company.grant, nlohmann::json::object())
                                         .value("tokensSpent", 0.0));
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
    Setup setup;
    setup.rate_limit = "3000/4";
    std::size_t company_count = 1;
    std::string label = "backlog";
    const char* usage =
        "usage: bench_backlog [--invoices N] [--customers N] [--products N] [--runs R] "
        "[--rate-limit TOKENS/SECONDS|none] [--latency-ms MS] [--companies N] [--in-flight N] "
        "[--label NAME] [--keep FOLDER]\n";
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 == argc)
            return std::fputs(usage, stderr), 2;
        std::string option = argv[i], value = argv[i + 1];
        if (option == "--invoices")
            options.count = std::stoul(value);
        else if (option == "--customers")
            options.customers = std::stoul(value);
        else if (option == "--products")
            options.products = std::stoul(value);
        else if (option == "--keep")
            keep = value;
        else if (option == "--runs")
            runs = std::stoi(value);
        else if (option == "--rate-limit")
            setup.rate_limit = value == "none" ? "" : value;
        else if (option == "--latency-ms")
            setup.latency_ms = std::stoi(value);
        else if (option == "--companies")
            company_count = std::stoul(value);
        else if (option == "--in-flight")
            setup.in_flight = std::stoi(value);
        else if (option == "--label")
            label = value;
        else
            return std::fputs(usage, stderr), 2;
    }
    double limit = 0, window = 1;
    if (!setup.rate_limit.empty()) {
        auto slash = setup.rate_limit.find('/');
        if (slash == std::string::npos)
            return std::fprintf(stderr, "--rate-limit wants TOKENS/SECONDS or none\n"), 2;
        limit = std::stod(setup.rate_limit.substr(0, slash));
        window = std::stod(setup.rate_limit.substr(slash + 1));
    }
    setup.companies = companies_of(std::max<std::size_t>(1, company_count));
    setup.invoices = options.count;
    auto name = [&](const char* figure) { return label + "." + figure; };
    try {
        BenchFolder folder("backlog", keep);
        std::uint64_t bytes = 0;
        {
            // The invoices shared out over the companies, each its own clinic's numbers.
            std::size_t left = options.count;
            for (std::size_t c = 0; c < setup.companies.size(); ++c) {
                auto clinic = options;
                clinic.count = left / (setup.companies.size() - c);
                clinic.supplier_cvr = setup.companies[c].cvr;
                clinic.seed = options.seed + c;
                left -= clinic.count;
                auto documents = ferry::oioubl_generator::generate(clinic);
                ferry::oioubl_generator::write_files(documents, folder.path() / "inbox");
                for (const auto& document : documents)
                    bytes += document.xml.size();
            }
        }
        std::printf(
            "%s: %zu invoices (%.1f MiB) in %zu companies, %zu customers (6 in 10 businesses, "
            "2 public bodies, 2 patients) and %zu products each, each invoiced at least once "
            "when there are as many invoices; budget %s tokens/s per agreement, latency %d ms, "
            "in_flight %s\n",
            label.c_str(), options.count, bytes / 1048576.0, setup.companies.size(),
            options.customers, options.products,
            setup.rate_limit.empty() ? "unlimited" : setup.rate_limit.c_str(), setup.latency_ms,
            setup.in_flight ? std::to_string(setup.in_flight).c_str() : "default");
        std::vector<double> per_invoice, invoices_per_second, budget_use, least_company_use,
            rate_limited, rss;
        double ceiling = 0;
        for (int r = 0; r < runs; ++r) {
            Run run = run_once(folder.path(), setup);
            per_invoice.push_back(run.requests / run.delivered);
            invoices_per_second.push_back(run.delivered / run.seconds);
            rate_limited.push_back(run.rate_limited);
            rss.push_back(run.rss_mb);
            std::printf(
                "  run %d: %.1f s, %.0f requests (%.4f per invoice), %.1f invoices/s, "
                "%.0f answered 429, peak RSS %.1f MB\n",
                r + 1, run.seconds, run.requests, per_invoice.back(), invoices_per_second.back(),
                run.rate_limited, run.rss_mb);
            if (setup.rate_limit.empty())
                continue;
            // Tokens an agreement offered over the pass: a full bucket, then its refill.
            double offered = limit + limit / window * run.seconds;
            double tokens_per_invoice = run.tokens / run.delivered;
            ceiling = setup.companies.size() * limit / window / tokens_per_invoice;
            budget_use.push_back(run.tokens / (offered * setup.companies.size()));
            double least = 1e9;
            for (std::size_t c = 0; c < setup.companies.size(); ++c) {
                least = std::min(least, run.company_tokens[c] / offered);
                std::printf("    company %s: %.0f tokens of %.0f offered (%.1f %%)\n",
                            setup.companies[c].cvr.c_str(), run.company_tokens[c], offered,
                            100 * run.company_tokens[c] / offered);
            }
            least_company_use.push_back(least);
            std::printf(
                "    budget allows %.1f invoices/s after its first bucket; %.0f tokens "
                "of %.0f offered (%.1f %%)\n",
                ceiling, run.tokens, offered * setup.companies.size(), 100 * budget_use.back());
        }
        result(name("invoices").c_str(), static_cast<double>(options.count));
        result(name("requests_per_invoice").c_str(), median(per_invoice));
        result(name("invoices_per_second").c_str(), median(invoices_per_second));
        result(name("rate_limited").c_str(),
               *std::max_element(rate_limited.begin(), rate_limited.end()));
        result(name("rss_mb").c_str(), median(rss));
        if (!setup.rate_limit.empty()) {
            result(name("budget_invoices_per_second").c_str(), ceiling);
            result(name("budget_use").c_str(), median(budget_use));
            result(name("least_company_budget_use").c_str(), median(least_company_use));
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_backlog: %s\n", error.what());
        return 1;
    }
    return 0;
}
