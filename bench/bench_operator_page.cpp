// How fast is the operator page over a big ledger? `ferry page` serves a ledger of N documents
// (W of them waiting, with reasons and histories); each view is asked R times over HTTP on
// loopback. Beside it, in this process, a bare scan of the same ledger: the overview and the
// pipeline view scan the ledger too, so their ratio to the scan says what the page adds, and
// holds on a noisy machine where the milliseconds do not.
//
//   bench_operator_page [--documents N] [--waiting W] [--runs R]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.hpp"
#include "lmdb_store.hpp"

namespace {

using namespace ferry;
using namespace ferry::bench;
using Clock = std::chrono::steady_clock;

sdk::LedgerRecord record_of(int n, bool waiting) {
    auto now = std::chrono::system_clock::now();
    sdk::LedgerRecord record;
    record.key = {n % 3 ? "11223344" : "55667788", sdk::DocumentKind::invoice,
                  "A" + std::to_string(10'000'000 + n)};
    record.fingerprint = "Novax_A" + std::to_string(10'000'000 + n) + "_Faktura.xml:1-1";
    record.date = sdk::Date{2026, 1 + n % 12, 1 + n % 28};
    record.created = record.updated = now;
    record.history = {{now, sdk::State::seen, "", ""}, {now, sdk::State::intent, "attempt 1", ""}};
    if (waiting) {
        record.state = n % 2 ? sdk::State::rejected : sdk::State::retry_later;
        record.attempts = 1;
        record.error_code = n % 2 ? "oioubl.totals.payable" : "economic.unavailable";
        record.error_text = "Novax_A" + std::to_string(10'000'000 + n) +
                            "_Faktura.xml: the payable amount is not the sum of the lines";
        record.history.push_back({now, record.state, record.error_text, record.error_code});
    } else {
        record.state = sdk::State::delivered;
        record.attempts = 1;
        record.target = {{"draft", std::to_string(n)}, {"booked", std::to_string(200000 + n)}};
        record.gross = sdk::Decimal::from_units(1250'000'000 + n);
        record.history.push_back({now, sdk::State::delivered, "booked " + std::to_string(n), ""});
    }
    return record;
}

// The answer's status and size, or status 0 when the server did not answer.
std::pair<int, std::size_t> http_get(int port, const std::string& path) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string text;
    if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        ::send(s, request.data(), request.size(), MSG_NOSIGNAL);
        char buffer[65536];
        for (ssize_t n; (n = ::recv(s, buffer, sizeof buffer, 0)) > 0;)
            text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(s);
    if (!text.starts_with("HTTP/1.1 "))
        return {0, 0};
    return {std::stoi(text.substr(9, 3)), text.size()};
}

double peak_rss_mb(pid_t pid) {
    std::string status = read_text("/proc/" + std::to_string(pid) + "/status");
    auto at = status.find("VmHWM:");
    return at == std::string::npos ? 0 : std::stod(status.substr(at + 6)) * 1024.0 / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    int documents = 10'000, waiting = 1'000, runs = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string option = argv[i];
        int value = std::atoi(argv[i + 1]);
        if (option == "--documents")
            documents = value;
        else if (option == "--waiting")
            waiting = value;
        else if (option == "--runs")
            runs = value;
        else
            return std::fprintf(stderr,
                                "usage: bench_operator_page [--documents N] [--waiting W] "
                                "[--runs R]\n"),
                   2;
    }
    BenchFolder folder("operator-page");
    const auto root = folder.path();
    std::filesystem::create_directories(root / "inbox");
    SilentHost host;
    store_lmdb::StoreOptions options;
    options.path = (root / "ledger").string();
    options.durability = store_lmdb::Durability::nosync;
    {
        store_lmdb::LmdbStore fill(options, "clinic", sdk::Access::read_write, host);
        for (int n = 0; n < documents; ++n)
            fill.save(record_of(n, n % (documents / std::max(waiting, 1)) == 0));
    }
    write_pipeline(root, "clinic",
                   "  base_url: http://127.0.0.1:9\n  app_secret_token: \"${env:BENCH_SECRET}\"\n"
                   "  companies:\n"
                   "    - { cvr: \"11223344\", agreement_grant_token: \"${env:BENCH_SECRET}\" }\n"
                   "    - { cvr: \"55667788\", agreement_grant_token: \"${env:BENCH_SECRET}\" }\n");

    const std::string log = (root / "page.log").string();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("BENCH_SECRET", "bench", 1);
        int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(out, STDERR_FILENO);
        ::execl(FERRY_BINARY, FERRY_BINARY, "--plugin-path", FERRY_PLUGIN_DIR, "page", "--listen",
                "127.0.0.1:0", (root / "pipeline.yaml").c_str(), nullptr);
        ::_exit(127);
    }
    int port = 0;
    static const std::regex listening("web.listening .*http://127\\.0\\.0\\.1:([0-9]+)");
    for (int i = 0; i < 500 && !port; ++i) {
        std::smatch match;
        std::string text = read_text(log);
        if (std::regex_search(text, match, listening))
            port = std::stoi(match[1]);
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!port) {
        ::kill(pid, SIGKILL);
        std::fprintf(stderr, "ferry page did not start:\n%s\n", read_text(log).c_str());
        return 1;
    }

    store_lmdb::LmdbStore reader(options, "clinic", sdk::Access::read_only, host);
    auto time_ms = [&](auto&& work) {
        std::vector<double> times;
        for (int run = 0; run < runs; ++run) {
            auto start = Clock::now();
            work();
            times.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        return median(times);
    };
    bool failed = false;
    std::size_t overview_bytes = 0;
    auto view = [&](const std::string& path, std::size_t* bytes = nullptr) {
        return time_ms([&] {
            auto [status, size] = http_get(port, path);
            failed = failed || status != 200;
            if (bytes)
                *bytes = size;
        });
    };
    double scan = time_ms([&] {
        std::size_t visited = 0;
        reader.scan([&](const sdk::LedgerRecord&) { return ++visited, true; });
    });
    double overview = view("/", &overview_bytes);
    double pipeline = view("/pipeline?name=clinic");
    double document = view("/document?pipeline=clinic&key=11223344%2Finvoice%2FA10000001");
    double search = view("/search?number=1000012");
    double rss = peak_rss_mb(pid);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (failed) {
        std::fprintf(stderr, "a view did not answer 200:\n%s\n", read_text(log).c_str());
        return 1;
    }
    result("page.documents", documents);
    result("page.waiting", waiting);
    std::printf("operator page over %d documents (%d waiting), median of %d requests each\n",
                documents, waiting, runs);
    std::printf("  ledger scan in this process  %8.1f ms\n", scan);
    std::printf("  /                            %8.1f ms  (%.1f x the scan, %zu bytes)\n", overview,
                overview / scan, overview_bytes);
    std::printf("  /pipeline                    %8.1f ms  (%.1f x the scan)\n", pipeline,
                pipeline / scan);
    std::printf("  /document                    %8.1f ms\n", document);
    std::printf("  /search                      %8.1f ms\n", search);
    std::printf("  ferry page peak RSS          %8.1f MB\n", rss);
    result("page.scan_ms", scan);
    result("page.overview_ms", overview);
    result("page.overview_ratio", overview / scan);
    result("page.pipeline_ms", pipeline);
    result("page.document_ms", document);
    result("page.search_ms", search);
    result("page.rss_mb", rss);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
