#include "share.hpp"

#include "local_share.hpp"
#include "smb_share.hpp"

namespace ferry::files {

bool is_server_failure(const sdk::Problem& problem) {
    auto dot = problem.code.find('.');
    return dot != std::string::npos && problem.code.compare(dot, 8, ".server.") == 0;
}

bool is_smb_location(const std::string& location) {
    return location.starts_with("smb://");
}

std::optional<std::string> location_problem(const std::string& location) {
    if (location.empty())
        return "a server has an empty location";
    if (!is_smb_location(location))
        return std::nullopt;
    // smb://host[:port]/share[/path]: credentials belong in their own settings, not the URL.
    std::string_view rest = std::string_view(location).substr(6);
    auto slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    bool has_share =
        slash != std::string_view::npos && slash + 1 < rest.size() && rest[slash + 1] != '/';
    if (host.empty() || host.find('@') != std::string_view::npos || !has_share)
        return "location must be smb://host[:port]/share[/path] with the user and password in "
               "their own settings (got a location of " +
               std::to_string(location.size()) + " characters)";
    return std::nullopt;
}

std::unique_ptr<Share> open_share(const ServerAccess& access, const std::string& code_prefix) {
    if (auto problem = location_problem(access.location))
        throw sdk::Error(code_prefix + ".settings.location", *problem);
    if (!is_smb_location(access.location))
        return std::make_unique<LocalShare>(access.location, code_prefix);
    return std::make_unique<SmbShare>(access, code_prefix);
}

}  // namespace ferry::files
