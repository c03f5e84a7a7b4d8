#include "secrets.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ferry {

namespace {

sdk::Result<std::string> resolve(const std::string& kind, const std::string& argument) {
    if (kind == "env") {
        const char* value = std::getenv(argument.c_str());
        if (!value)
            return sdk::Problem{"config.env_missing",
                                "environment variable " + argument + " is not set"};
        return std::string(value);
    }
    if (kind == "file") {
        struct stat info {};
        if (::stat(argument.c_str(), &info) != 0)
            return sdk::Problem{"config.secret_file_missing",
                                "secret file " + argument + " does not exist or is not readable"};
        if (info.st_mode & (S_IRWXG | S_IRWXO))
            return sdk::Problem{"config.secret_file_permissions",
                                "secret file " + argument +
                                    " is accessible by group or others; run chmod 600 " + argument};
        std::ifstream in(argument, std::ios::binary);
        if (!in)
            return sdk::Problem{"config.secret_file_missing",
                                "secret file " + argument + " cannot be read by this user"};
        std::ostringstream content;
        content << in.rdbuf();
        std::string value = content.str();
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
            value.pop_back();
        return value;
    }
    return sdk::Problem{"config.reference_kind",
                        "unknown reference ${" + kind + ":...}; use ${env:NAME} or ${file:PATH}"};
}

}  // namespace

bool has_references(const std::string& text) {
    return text.find("${") != std::string::npos;
}

sdk::Result<std::string> substitute_references(const std::string& text) {
    std::string result;
    std::size_t position = 0;
    while (true) {
        std::size_t start = text.find("${", position);
        if (start == std::string::npos)
            break;
        std::size_t end = text.find('}', start);
        std::size_t colon = text.find(':', start);
        if (end == std::string::npos || colon == std::string::npos || colon > end)
            return sdk::Problem{"config.reference_syntax",
                                "malformed reference; write ${env:NAME} or ${file:PATH}"};
        result += text.substr(position, start - position);
        auto value = resolve(text.substr(start + 2, colon - start - 2),
                             text.substr(colon + 1, end - colon - 1));
        if (!value)
            return value.problem();
        result += value.value();
        position = end + 1;
    }
    return result + text.substr(position);
}

}  // namespace ferry
