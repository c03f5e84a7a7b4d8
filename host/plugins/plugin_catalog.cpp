#include "plugins/plugin_catalog.hpp"

#define BOOST_DLL_USE_STD_FS
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <set>

#include "ferry/sdk/descriptor_check.hpp"
#include "plugins/plugin_boundary.hpp"

namespace ferry {
namespace fs = std::filesystem;
using sdk::Error;

namespace {

std::vector<fs::path> split_path_list(const std::string& list) {
    std::vector<fs::path> folders;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(':', start);
        if (end == std::string::npos)
            end = list.size();
        if (end > start)
            folders.emplace_back(list.substr(start, end - start));
        start = end + 1;
    }
    return folders;
}

// Anyone who can replace a plugin, or a folder on the way to it, runs code as the service.
// Trusted are root and the user Ferry runs as, and only they may write.
class TrustCheck {
  public:
    explicit TrustCheck(const fs::path& plugin_file) : plugin_file_(plugin_file) {}

    // The file as named, through every symlink on the way, and the real file it names.
    void check() {
        fs::path named = fs::absolute(plugin_file_);
        std::error_code ec;
        real_ = fs::canonical(named, ec);
        if (ec)
            throw Error("plugin.unreadable", fmt::format("plugin {}: cannot resolve it: {}",
                                                         plugin_file_.string(), ec.message()));
        check_links_on_the_way(named);
        check_file(real_);
        check_folders(real_.parent_path(), true);
    }

  private:
    std::string plugin() const {
        return real_ == fs::absolute(plugin_file_)
                   ? plugin_file_.string()
                   : fmt::format("{} (really {})", plugin_file_.string(), real_.string());
    }

    struct stat status(const fs::path& path) const {
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0)
            throw Error("plugin.unreadable",
                        fmt::format("plugin {}: cannot stat {}", plugin(), path.string()));
        return info;
    }

    void check_owner(const fs::path& path, const struct stat& info) const {
        if (info.st_uid == 0 || info.st_uid == ::geteuid())
            return;
        throw Error("plugin.owner",
                    fmt::format("refusing plugin {}: {} is owned by uid {}, not by root or the "
                                "user Ferry runs as (uid {}), who could replace the plugin; fix "
                                "with chown root {}",
                                plugin(), path.string(), info.st_uid, ::geteuid(), path.string()));
    }

    void refuse_writable(const fs::path& path, const struct stat& info) const {
        throw Error(
            "plugin.permissions",
            fmt::format("refusing plugin {}: {} is writable by group or others (mode {:04o}, "
                        "expected no group/other write bit); fix with chmod go-w {}",
                        plugin(), path.string(), info.st_mode & 07777, path.string()));
    }

    // Checked by lstat and before anything opens it: a FIFO would block the reader.
    void check_file(const fs::path& file) const {
        struct stat info = status(file);
        if (!S_ISREG(info.st_mode))
            throw Error("plugin.not_regular",
                        fmt::format("refusing plugin {}: {} is not a regular file; remove it or "
                                    "put the plugin library there",
                                    plugin(), file.string()));
        check_owner(file, info);
        if (info.st_mode & (S_IWGRP | S_IWOTH))
            refuse_writable(file, info);
    }

    // `folder` (symlink-free) and every folder above it. A root-owned sticky folder such as
    // /tmp may be writable by all on the way, since nobody else may rename or remove what is
    // in it; the folder holding the plugin's name may not, since anyone could add a name.
    void check_folders(const fs::path& folder, bool holds_plugin) const {
        bool holding = holds_plugin;
        for (fs::path at = folder;; at = at.parent_path()) {
            struct stat info = status(at);
            check_owner(at, info);
            bool sticky_root = info.st_uid == 0 && (info.st_mode & S_ISVTX);
            if ((info.st_mode & (S_IWGRP | S_IWOTH)) && (holding || !sticky_root))
                refuse_writable(at, info);
            holding = false;
            if (at == at.root_path())
                return;
        }
    }

    // A symlink can be replaced by whoever may write the folder it is in.
    void check_links_on_the_way(const fs::path& named) const {
        fs::path at = named.root_path();
        auto last = std::prev(named.end());
        for (auto part = std::next(named.begin()); part != named.end(); ++part) {
            fs::path next = at / *part;
            if (S_ISLNK(status(next).st_mode)) {
                check_folders(at, part == last);
                std::error_code ec;
                next = fs::canonical(next, ec);
                if (ec)
                    throw Error("plugin.unreadable",
                                fmt::format("plugin {}: cannot resolve {}: {}", plugin(),
                                            (at / *part).string(), ec.message()));
            }
            at = next;
        }
    }

    const fs::path& plugin_file_;
    fs::path real_;
};

bool exports_descriptor(const fs::path& file) {
    try {
        boost::dll::library_info info(file);
        for (const std::string& symbol : info.symbols())
            if (symbol == FERRY_SDK_STRINGIFY(FERRY_PLUGIN_SYMBOL))
                return true;
    } catch (const std::exception&) {
        // Not an ELF shared object at all.
    }
    return false;
}

// The SDK's descriptor check, shared with the conformance kit; the first reason is enough to
// act on, since fixing a build fixes the others.
void refuse_unless_accepted(const sdk::PluginDescriptor* descriptor, const fs::path& file) {
    std::vector<sdk::Problem> problems = sdk::descriptor_problems(descriptor, file);
    if (!problems.empty())
        throw Error(problems.front().code, problems.front().message);
}

// Each object holds the library, so the code behind its vtable outlives it; the guard keeps
// the plugin's exceptions from outliving the library.
template <class Interface, class Factory>
std::shared_ptr<Interface> create_guarded(Factory factory, const sdk::PluginContext& context,
                                          std::shared_ptr<boost::dll::shared_library> library,
                                          const std::string& name) {
    std::unique_ptr<Interface> object =
        across_boundary(name, "create", [&] { return factory(context); });
    if (!object)
        throw Error("plugin.factory", "plugin " + name + " returned no object");
    std::shared_ptr<Interface> owned(object.release(), [library](Interface* p) { delete p; });
    return guard(name, std::move(owned));
}

}  // namespace

std::vector<PluginFolder> PluginCatalog::sources(const std::string& option,
                                                 const fs::path& executable) {
    std::vector<PluginFolder> folders;
    for (auto& folder : split_path_list(option))
        folders.push_back({folder, "--plugin-path"});
    if (const char* env = std::getenv("FERRY_PLUGIN_PATH")) {
        for (auto& folder : split_path_list(env))
            folders.push_back({folder, "FERRY_PLUGIN_PATH"});
    }
    std::error_code ec;
    fs::path binary = fs::canonical(executable, ec);
    if (!ec)
        folders.push_back(
            {binary.parent_path().parent_path() / "lib" / "ferry", "beside the binary"});
    return folders;
}

std::vector<fs::path> PluginCatalog::search_path(const std::string& option,
                                                 const fs::path& executable) {
    std::vector<fs::path> folders;
    for (PluginFolder& folder : sources(option, executable))
        folders.push_back(std::move(folder.path));
    return folders;
}

PluginCatalog::PluginCatalog(std::vector<fs::path> folders) : folders_(std::move(folders)) {}

LoadedPlugin PluginCatalog::load(const std::string& name) const {
    for (const fs::path& folder : folders_) {
        fs::path candidate = folder / (name + ".so");
        std::error_code ec;
        // load_file refuses a file whose descriptor calls itself anything but its file name.
        if (fs::is_regular_file(candidate, ec))
            return load_file(candidate);
    }
    std::string searched;
    for (const fs::path& folder : folders_)
        searched += "\n  " + folder.string();
    throw Error("plugin.not_found",
                fmt::format("plugin '{}' not found; looked for {}.so in:{}\n"
                            "set --plugin-path or FERRY_PLUGIN_PATH to the folder that holds it",
                            name, name, searched));
}

LoadedPlugin PluginCatalog::load_file(const fs::path& file) const {
    TrustCheck(file).check();
    // Read from the file, so a library that is no plugin never runs its initialisers here.
    if (!exports_descriptor(file))
        refuse_unless_accepted(nullptr, file);

    auto library = std::make_shared<boost::dll::shared_library>();
    try {
        library->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        throw Error("plugin.load",
                    fmt::format("cannot load plugin {}: {}", file.string(), e.what()));
    }
    const auto& descriptor =
        library->get<const sdk::PluginDescriptor>(FERRY_SDK_STRINGIFY(FERRY_PLUGIN_SYMBOL));
    refuse_unless_accepted(&descriptor, file);
    return LoadedPlugin(file, std::move(library), &descriptor);
}

std::vector<PluginCatalog::Entry> PluginCatalog::discover() const {
    std::vector<Entry> entries;
    std::set<std::string> seen;
    for (const fs::path& folder : folders_) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& item : fs::directory_iterator(folder, ec))
            if (item.path().extension() == ".so")
                files.push_back(item.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            if (!seen.insert(file.stem().string()).second)
                continue;
            try {
                entries.push_back({file, std::make_shared<LoadedPlugin>(load_file(file)), {}});
            } catch (const Error& e) {
                entries.push_back({file, nullptr, e.problem()});
            }
        }
    }
    return entries;
}

std::vector<sdk::SettingsProblem> LoadedPlugin::check_settings(
    const sdk::Settings& settings) const {
    if (!descriptor_->check_settings)
        return {};
    auto problems = across_boundary(name(), "check_settings",
                                    [&] { return descriptor_->check_settings(settings); });
    for (sdk::SettingsProblem& problem : problems)
        problem.message = without_personal_data(problem.message, nullptr);
    return problems;
}

std::shared_ptr<sdk::Source> LoadedPlugin::create_source(const sdk::PluginContext& context) const {
    if (descriptor_->kind != sdk::PluginKind::source)
        throw Error("plugin.kind", name() + " is a " + sdk::to_string(descriptor_->kind) +
                                       " plugin, not a source");
    return create_guarded<sdk::Source>(descriptor_->create_source, context, library_, name());
}

std::shared_ptr<sdk::Sink> LoadedPlugin::create_sink(const sdk::PluginContext& context) const {
    if (descriptor_->kind != sdk::PluginKind::sink)
        throw Error("plugin.kind",
                    name() + " is a " + sdk::to_string(descriptor_->kind) + " plugin, not a sink");
    return create_guarded<sdk::Sink>(descriptor_->create_sink, context, library_, name());
}

std::shared_ptr<sdk::Store> LoadedPlugin::create_store(const sdk::PluginContext& context) const {
    if (descriptor_->kind != sdk::PluginKind::store)
        throw Error("plugin.kind",
                    name() + " is a " + sdk::to_string(descriptor_->kind) + " plugin, not a store");
    return create_guarded<sdk::Store>(descriptor_->create_store, context, library_, name());
}

}  // namespace ferry
