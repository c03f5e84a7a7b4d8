// Collects what a plugin showed the world (logs, problems, target references) and searches it
// for secrets and personal data.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ferry/sdk/problem.hpp"
#include "ferry/sdk/sink.hpp"

namespace ferry::sdk::testing {

class Output {
  public:
    void add(const std::string& text) { text_ += text + "\n"; }
    void add(const Problem& problem) { add(problem.code + " " + problem.message); }
    void add(const std::vector<Problem>& problems) {
        for (const auto& problem : problems)
            add(problem);
    }
    void add(const TargetRefs& target) {
        for (const auto& [name, value] : target)
            add(name + "=" + value);
    }
    const std::string& text() const { return text_; }

  private:
    std::string text_;
};

// Fails for each of `forbidden` found in `output`, naming what leaked (not the output itself).
inline void check_nothing_leaks(const std::string& output,
                                const std::vector<std::string>& forbidden, const char* what) {
    for (const std::string& value : forbidden) {
        INFO(what << " (" << value.size() << " characters) found in the plugin's output");
        CHECK(output.find(value) == std::string::npos);
    }
}

}  // namespace ferry::sdk::testing
