// Collects what a plugin showed the world, by where it showed it (outcomes, log lines, metrics),
// and searches it for secrets and personal data.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "ferry/sdk/problem.hpp"
#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/testing/recording_host.hpp"
#include "ferry/sdk/testing/samples.hpp"

namespace ferry::sdk::testing {

class Output {
  public:
    // `where` says what a reader of a failure should look at: "a Delivery's problem".
    void add(const std::string& where, const std::string& text) { texts_[where] += text + "\n"; }
    void add(const std::string& where, const Problem& problem) {
        add(where, problem.code + " " + problem.message);
    }
    void add(const std::string& where, const std::vector<Problem>& problems) {
        for (const auto& problem : problems)
            add(where, problem);
    }
    void add(const std::string& where, const TargetRefs& target) {
        for (const auto& [name, value] : target)
            add(where, name + "=" + value);
    }
    // Every log line and metric (name and labels) the plugin gave the host.
    void add(const RecordingHost& host) {
        add("a log line", host.text());
        add("a metric's name or labels", host.metrics());
    }
    const std::map<std::string, std::string>& texts() const { return texts_; }

  private:
    std::map<std::string, std::string> texts_;
};

inline bool contains_ignoring_case(const std::string& text, const std::string& value) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return std::search(text.begin(), text.end(), value.begin(), value.end(),
                       [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

// Fails for each of `forbidden` found in `output` in any letter case, naming what leaked and
// where.
inline void check_nothing_leaks(const Output& output, const std::vector<Forbidden>& forbidden) {
    for (const auto& [where, text] : output.texts())
        for (const Forbidden& value : forbidden) {
            INFO(value.what << " (" << value.value.size() << " characters) found in " << where);
            CHECK_FALSE(contains_ignoring_case(text, value.value));
        }
}

// The values of secret settings as forbidden output.
inline std::vector<Forbidden> as_secrets(const std::vector<std::string>& values) {
    std::vector<Forbidden> forbidden;
    for (const std::string& value : values)
        forbidden.push_back({"a secret setting's value", value});
    return forbidden;
}

}  // namespace ferry::sdk::testing
