// Many clinics in one host: `ferry run --once` over a folder of pipelines (1,000 by default),
// one clinic each with a few new invoices, its own ledger and its own e-conomic agreement in
// one emulator. Measures the wall time, ferry's peak RSS and the most threads it ran at once.
// Goals (issue 16): 1,000 pipelines of 5 invoices in at most 20 s on 2 cores, peak RSS at most
// 200 MB, and a bounded number of threads (a pool, not a thread per pipeline).
//
//   bench_many_pipelines [--pipelines N] [--invoices N] [--passes-at-once N] [--keep FOLDER]
#include <string>

#include "bench_common.hpp"
#include "emulator_process.hpp"
#include "measured_child.hpp"
#include "oioubl_generator.hpp"

namespace {

using namespace ferry::bench;

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++count;
    return count;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::size_t pipelines = 1000, invoices = 5;
    std::string passes_at_once, keep;
    const char* usage =
        "usage: bench_many_pipelines [--pipelines N] [--invoices N] "
        "[--passes-at-once N] [--keep FOLDER]\n";
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 == argc)
            return std::fputs(usage, stderr), 2;
        std::string option = argv[i], value = argv[i + 1];
        if (option == "--pipelines")
            pipelines = std::stoul(value);
        else if (option == "--invoices")
            invoices = std::stoul(value);
        else if (option == "--passes-at-once")
            passes_at_once = value;
        else if (option == "--keep")
            keep = value;
        else
            return std::fputs(usage, stderr), 2;
    }
    try {
        BenchFolder folder("many", keep);
        const auto root = folder.path();
        std::vector<std::string> emulator_arguments{"--no-fsync"};
        for (std::size_t p = 0; p < pipelines; ++p)
            emulator_arguments.insert(
                emulator_arguments.end(),
                {"--agreement", "grant-" + std::to_string(p) + ":" + std::to_string(30000000 + p)});
        ferry::test::EmulatorProcess emulator(emulator_arguments);
        std::filesystem::create_directories(root / "pipelines");
        for (std::size_t p = 0; p < pipelines; ++p) {
            const std::string name = "clinic-" + std::to_string(p);
            const std::string cvr = std::to_string(30000000 + p);
            ferry::oioubl_generator::Options options;
            options.count = invoices;
            options.seed = p + 1;
            options.supplier_cvr = cvr;
            options.customers = 3;
            options.products = 3;
            options.credit_note_percent = 0;
            ferry::oioubl_generator::write_files(ferry::oioubl_generator::generate(options),
                                                 root / name / "inbox");
            write_text(
                root / "pipelines" / (name + ".yaml"),
                "pipeline: " + name +
                    "\nstore: { plugin: store-lmdb, path: " + (root / name / "ledger").string() +
                    " }\nsource:\n  plugin: source-novax\n  servers:\n    - { location: " +
                    (root / name / "inbox").string() +
                    " }\nsink:\n  plugin: sink-economic\n  base_url: " + emulator.base_url() +
                    "\n  app_secret_token: \"${env:BENCH_APP_SECRET}\"\n"
                    "  defaults: { provider_number: \"123456\" }\n"
                    "  companies:\n    - { cvr: \"" +
                    cvr + "\", agreement_grant_token: grant-" + std::to_string(p) + " }\n");
        }
        std::printf(
            "many pipelines: %zu pipelines, %zu invoices each, one emulator with %zu "
            "agreements\n",
            pipelines, invoices, pipelines);
        std::vector<std::string> command{
            FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "run", (root / "pipelines").string(),
            "--once"};
        if (!passes_at_once.empty())
            command.insert(command.end(), {"--passes-at-once", passes_at_once});
        ChildRun run = run_measured(
            command, {std::string("BENCH_APP_SECRET=") + ferry::test::emulator_app_secret},
            (root / "output.txt").string());
        std::string output = read_text(root / "output.txt");
        std::size_t delivered = occurrences(output, "document.delivered");
        if (run.exit_code != 0 || delivered != pipelines * invoices) {
            std::string tail = output.substr(output.size() > 3000 ? output.size() - 3000 : 0);
            throw std::runtime_error("ferry run --once delivered " + std::to_string(delivered) +
                                     " of " + std::to_string(pipelines * invoices) + " (exit " +
                                     std::to_string(run.exit_code) + "):\n" + tail);
        }
        std::printf("  %.1f s, peak RSS %.1f MB, at most %d threads, %zu invoices delivered\n",
                    run.seconds, run.peak_rss_mb, run.peak_threads, delivered);
        result("many.pipelines", static_cast<double>(pipelines));
        result("many.invoices", static_cast<double>(invoices));
        result("many.seconds", run.seconds);
        result("many.rss_mb", run.peak_rss_mb);
        result("many.threads", run.peak_threads);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_many_pipelines: %s\n", error.what());
        return 1;
    }
    return 0;
}
