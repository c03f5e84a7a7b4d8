#pragma once

#include <filesystem>

#include "share.hpp"

namespace ferry::novax {

class LocalShare : public Share {
  public:
    explicit LocalShare(std::filesystem::path folder) : folder_(std::move(folder)) {}
    std::optional<sdk::Problem> list(const std::function<void(const FileEntry&)>& visit) override;
    sdk::Result<FileContents> read(const std::string& name, std::size_t max_bytes) override;

  private:
    std::filesystem::path folder_;
};

}  // namespace ferry::novax
