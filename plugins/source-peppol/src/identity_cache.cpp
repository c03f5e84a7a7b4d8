#include "identity_cache.hpp"

namespace ferry::peppol {

IdentityCache& IdentityCache::shared() {
    static IdentityCache cache;
    return cache;
}

std::optional<FileIdentity> IdentityCache::find(const std::string& folder, const std::string& name,
                                                std::uint64_t size, std::int64_t mtime,
                                                std::size_t max_bytes) const {
    std::lock_guard lock(mutex_);
    auto files = folders_.find(folder);
    if (files == folders_.end())
        return std::nullopt;
    auto file = files->second.find(name);
    if (file == files->second.end() || file->second.size != size || file->second.mtime != mtime ||
        file->second.max_bytes != max_bytes)
        return std::nullopt;
    return file->second;
}

void IdentityCache::store(const std::string& folder, const std::string& name,
                          FileIdentity identity) {
    std::lock_guard lock(mutex_);
    folders_[folder].insert_or_assign(name, std::move(identity));
}

void IdentityCache::forget(const std::string& folder, const std::string& name) {
    std::lock_guard lock(mutex_);
    if (auto files = folders_.find(folder); files != folders_.end())
        files->second.erase(name);
}

std::optional<ubl::Identity> IdentityCache::identity_of(const std::string& folder,
                                                        const sdk::DocumentKey& key) const {
    std::lock_guard lock(mutex_);
    auto files = folders_.find(folder);
    if (files == folders_.end())
        return std::nullopt;
    for (const auto& [name, file] : files->second)
        if (file.identity && file.identity.value().key == key)
            return file.identity.value();
    return std::nullopt;
}

void IdentityCache::keep_only(const std::string& folder, const std::set<std::string>& listed) {
    std::lock_guard lock(mutex_);
    auto files = folders_.find(folder);
    if (files == folders_.end())
        return;
    std::erase_if(files->second, [&](const auto& file) { return !listed.contains(file.first); });
    if (files->second.empty())
        folders_.erase(files);
}

std::size_t IdentityCache::size() const {
    std::lock_guard lock(mutex_);
    std::size_t count = 0;
    for (const auto& [folder, files] : folders_)
        count += files.size();
    return count;
}

}  // namespace ferry::peppol
