// What the pass benchmarks share: medians, a throwaway folder, and a host that stays silent.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ferry/sdk/host.hpp"

namespace ferry::bench {

inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// A fresh folder under $TMPDIR or /var/tmp (a real disk: fsync on tmpfs costs nothing).
class BenchFolder {
  public:
    // `keep`: use this folder and leave it behind, to look into afterwards.
    explicit BenchFolder(const std::string& label, const std::string& keep = {}) {
        if (!keep.empty()) {
            path_ = keep, keep_ = true;
            std::filesystem::create_directories(path_);
            return;
        }
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern =
            std::string(tmp && *tmp ? tmp : "/var/tmp") + "/ferry-" + label + "-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a folder like " + pattern);
        path_ = pattern;
    }
    ~BenchFolder() {
        if (keep_)
            return;
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    BenchFolder(const BenchFolder&) = delete;
    BenchFolder& operator=(const BenchFolder&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
    bool keep_ = false;
};

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out)
        throw std::runtime_error("cannot write " + path.string());
}

// A pipeline from the NOVAX files in root/inbox through a store-lmdb ledger in root/ledger to
// sink-economic; `sink` holds the sink's settings after its plugin, as lines indented by two.
inline void write_pipeline(const std::filesystem::path& root, const std::string& name,
                           const std::string& sink) {
    write_text(root / "pipeline.yaml",
               "pipeline: " + name +
                   "\nstore: { plugin: store-lmdb, path: " + (root / "ledger").string() +
                   " }\nsource:\n  plugin: source-novax\n  servers:\n    - { location: " +
                   (root / "inbox").string() + " }\nsink:\n  plugin: sink-economic\n" + sink);
}

// One figure for scripts/bench to collect: "RESULT name value".
inline void result(const char* name, double value) {
    std::printf("RESULT %s %.6g\n", name, value);
}

class SilentHost final : public sdk::HostServices {
  public:
    void log(sdk::LogLevel, std::string_view, std::string_view) override {}
    void log(sdk::LogLevel, const sdk::DocumentKey&, std::string_view, std::string_view) override {}
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
    bool stop_requested() const override { return false; }
    bool wait_for(std::chrono::milliseconds) override { return true; }
};

}  // namespace ferry::bench
