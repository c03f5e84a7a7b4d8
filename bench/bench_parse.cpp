// Documents per second for the OIOUBL parser (parse + map + checks) against a bare libxml2
// parse of the same files in the same run, so the ratio holds whatever the machine; and the peak
// memory of parsing the worst file the default max_file_mb admits.
//
//   build/bin/bench_parse [rounds]
#include <libxml/parser.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "oioubl_parser.hpp"
#include "sample_table.hpp"
#include "samples.hpp"
#include "xml_document.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace ferry::novax;

struct Input {
    std::string bytes;
    Expectation expected;
};

// Runs `pass` over all inputs until at least `budget` has elapsed; returns documents/second.
template <class Pass>
double documents_per_second(const std::vector<Input>& inputs, Pass&& pass,
                            std::chrono::milliseconds budget) {
    std::size_t documents = 0;
    auto start = Clock::now();
    auto elapsed = Clock::duration::zero();
    do {
        for (const Input& input : inputs)
            pass(input);
        documents += inputs.size();
        elapsed = Clock::now() - start;
    } while (elapsed < budget);
    return documents / std::chrono::duration<double>(elapsed).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// A hostile file of exactly `size` bytes: `tags` empty elements of eight attributes each (the
// dearest markup per byte), then text to the end.
std::string hostile_file(std::size_t size, std::size_t tags) {
    const std::string head =
        "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">";
    const std::string element = "<a b=\"\" c=\"\" d=\"\" e=\"\" f=\"\" g=\"\" h=\"\" i=\"\"/>";
    const std::string open = "<t>", close = "</t></Invoice>";
    std::string xml = head;
    xml.reserve(size);
    for (std::size_t i = 0;
         i < tags && xml.size() + element.size() + open.size() + close.size() <= size; ++i)
        xml += element;
    return xml + open + std::string(size - xml.size() - open.size() - close.size(), 'x') + close;
}

// Peak resident memory (VmHWM, MB of 10^6 bytes) of a child that parses `xml`: the file itself
// (shared with this process) included, as it is in the plugin.
double peak_mb_parsing(const std::string& xml) {
    int out[2];
    if (::pipe(out) != 0)
        return -1;
    pid_t child = ::fork();
    if (child == 0) {
        parse_oioubl(
            xml, {{"16356706", ferry::sdk::DocumentKind::invoice, "1"}, "hostile.xml", xml.size()});
        std::FILE* status = std::fopen("/proc/self/status", "r");
        char line[256];
        long kilobytes = -1;
        while (status && std::fgets(line, sizeof line, status))
            if (std::sscanf(line, "VmHWM: %ld kB", &kilobytes) == 1)
                break;
        if (write(out[1], &kilobytes, sizeof kilobytes) != sizeof kilobytes)
            ::_exit(1);
        ::_exit(0);
    }
    ::close(out[1]);
    long kilobytes = -1;
    if (read(out[0], &kilobytes, sizeof kilobytes) != sizeof kilobytes)
        kilobytes = -1;
    ::close(out[0]);
    ::waitpid(child, nullptr, 0);
    return kilobytes * 1024 / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    std::vector<Input> inputs;
    std::size_t bytes = 0;
    for (const auto& sample : testing::samples) {
        inputs.push_back({testing::read_file(testing::samples_dir() / sample.file),
                          {testing::key_of(sample), testing::novax_name(sample)}});
        bytes += inputs.back().bytes.size();
    }
    xmlInitParser();

    std::size_t sink = 0;  // keeps the work observable so nothing is optimised away
    auto bare_with = [&](int options) {
        return [&sink, options](const Input& input) {
            xmlDoc* document =
                xmlReadMemory(input.bytes.data(), static_cast<int>(input.bytes.size()), nullptr,
                              nullptr, options);
            sink += document != nullptr;
            xmlFreeDoc(document);
        };
    };
    // The plugin drops blank text nodes while parsing, which alone makes its tree cheaper than
    // a default one: the ratio is taken against a bare parse with the same options, so that it
    // measures what mapping and checks cost.
    auto bare_default = bare_with(XML_PARSE_NONET);
    auto bare = bare_with(XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA |
                          XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    auto full = [&](const Input& input) {
        sink += parse_oioubl(input.bytes, input.expected).document.ok();
    };

    std::vector<double> default_rates, bare_rates, full_rates;
    constexpr std::chrono::milliseconds budget{300};
    for (int round = 0; round < rounds; ++round) {
        default_rates.push_back(documents_per_second(inputs, bare_default, budget));
        bare_rates.push_back(documents_per_second(inputs, bare, budget));
        full_rates.push_back(documents_per_second(inputs, full, budget));
    }
    double bare_rate = median(bare_rates), full_rate = median(full_rates);
    std::printf(
        "OIOUBL parse benchmark: %zu sample files, %.1f KiB in total, median of %d rounds\n",
        inputs.size(), bytes / 1024.0, rounds);
    auto row = [&](const char* pass, double rate) {
        std::printf("%-46s %10.0f %8.1f\n", pass, rate,
                    rate * bytes / inputs.size() / (1024 * 1024));
    };
    std::printf("%-46s %10s %8s\n", "pass", "docs/s", "MiB/s");
    row("bare libxml2, default options (NONET)", median(default_rates));
    row("bare libxml2, the plugin's options", bare_rate);
    row("source-novax parse+map+checks", full_rate);
    std::printf("%-46s %10.2f   (goal >= 0.60)\n", "ratio to bare, same options",
                full_rate / bare_rate);

    // Markup all the way, and markup up to the plugin's cap with text after it: the two ways a
    // file of the largest admitted size costs most.
    std::size_t size = default_max_file_bytes;
    double worst = 0;
    for (std::size_t tags : {size, max_markup / 9 - 10})
        worst = std::max(worst, peak_mb_parsing(hostile_file(size, tags)));
    std::printf("%-46s %10.1f   (goal <= 256 MB)\n", "worst file at default max_file_mb, peak MB",
                worst);
    std::printf("RESULT parse.worst_file_mb %.1f\n", worst);
    return sink == 0 || worst <= 0 ? 1 : 0;
}
