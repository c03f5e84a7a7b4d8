#pragma once

#include <filesystem>

#include "share.hpp"

namespace ferry::files {

class LocalShare : public Share {
  public:
    LocalShare(std::filesystem::path folder, std::string code_prefix)
        : folder_(std::move(folder)), code_prefix_(std::move(code_prefix)) {}
    std::optional<sdk::Problem> list(const std::function<void(const FileEntry&)>& visit) override;
    sdk::Result<FileContents> read(const std::string& name, std::size_t max_bytes) override;

  private:
    std::filesystem::path folder_;
    std::string code_prefix_;
};

}  // namespace ferry::files
