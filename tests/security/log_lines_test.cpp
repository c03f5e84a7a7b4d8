// A log line stays one line whatever text it carries, and carries no CPR number: in the text
// format, in JSON lines, and in every field that can hold outside text.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/event_log.hpp"

using namespace ferry;

namespace {

// A forged line, a terminal escape, C1 NEL, a right-to-left override, a left-to-right isolate,
// a line separator, a byte that is not UTF-8, a backslash and a CPR number.
const std::string hostile =
    "bad\n2026-01-01T00:00:00+0000 info document.delivered forged\r\x1b[31m \xC2\x85 "
    "\xE2\x80\xAE \xE2\x81\xA6 \xE2\x80\xA8 \xFF \\ 010101-1234 Jens";

std::string logged(LogFormat format) {
    std::ostringstream out;
    EventLog log(std::make_shared<spdlog::logger>(
                     "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out)),
                 format);
    sdk::DocumentKey key{"16356706", sdk::DocumentKind::invoice, "A1" + hostile};
    log.write(sdk::LogLevel::warning, "clinic" + hostile, "document.rejected", &key, hostile);
    return out.str();
}

void require_no_raw_controls(const std::string& line) {
    INFO(line);
    CHECK(line.find('\n') == line.size() - 1);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find('\x1b') == std::string::npos);
    for (const char* raw : {"\xC2\x85", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x80\xA8", "\xFF"})
        CHECK(line.find(raw) == std::string::npos);
    CHECK_THAT(line, !Catch::Contains("010101-1234"));
}

}  // namespace

TEST_CASE("a text log line escapes every control character in every field") {
    std::string line = logged(LogFormat::text);
    require_no_raw_controls(line);
    for (const char* escaped : {"bad\\x0a2026", "\\x0d\\x1b[31m", "\\u0085", "\\u202e", "\\u2066",
                                "\\u2028", "\\xff", " \\\\ ", "[CPR removed]"})
        CHECK_THAT(line, Catch::Contains(escaped));
    CHECK_THAT(line, Catch::Contains("[clinicbad\\x0a") && Catch::Contains("/A1bad\\x0a"));
}

TEST_CASE("a JSON log line holds the same escaped text as the text format") {
    std::string line = logged(LogFormat::json);
    require_no_raw_controls(line);
    auto fields = nlohmann::json::parse(line);
    std::string message = fields["message"];
    CHECK(message.find_first_of("\r\n\x1b") == std::string::npos);
    CHECK_THAT(message, Catch::Contains("bad\\x0a2026") && Catch::Contains("\\u202e") &&
                            Catch::Contains("[CPR removed]"));
    CHECK_THAT(std::string(fields["document"]["number"]), Catch::StartsWith("A1bad\\x0a"));
    CHECK_THAT(std::string(fields["pipeline"]), Catch::StartsWith("clinicbad\\x0a"));
}

TEST_CASE("printable keeps Danish letters and ordinary text as they are") {
    CHECK(printable("Faktura A00095678 for Ærø Sønderborg: 1.234,50 kr.") ==
          "Faktura A00095678 for Ærø Sønderborg: 1.234,50 kr.");
    CHECK(printable("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");
    CHECK(printable("\xC0\xAF\xED\xA0\x80") == "\\xc0\\xaf\\xed\\xa0\\x80");
}
