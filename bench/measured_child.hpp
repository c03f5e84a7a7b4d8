// Runs a program to its end and measures it from outside: wall time and the peak resident set
// size the kernel accounted to it (wait4's ru_maxrss), as a user's `/usr/bin/time` would.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace ferry::bench {

struct ChildRun {
    int exit_code = -1;
    double seconds = 0;
    double peak_rss_mb = 0;  // 10^6 bytes
};

// `environment`: NAME=value entries added to this process's environment. Output goes to
// `output_file` (stdout and stderr).
inline ChildRun run_measured(const std::vector<std::string>& arguments,
                             const std::vector<std::string>& environment,
                             const std::string& output_file) {
    auto start = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        for (const std::string& entry : environment)
            ::putenv(const_cast<char*>(entry.c_str()));
        int out = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out >= 0) {
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
        }
        std::vector<char*> argv;
        for (const std::string& argument : arguments)
            argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    if (::wait4(pid, &status, 0, &usage) != pid)
        throw std::runtime_error("wait4 failed");
    ChildRun run;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.peak_rss_mb = static_cast<double>(usage.ru_maxrss) * 1024.0 / 1e6;
    return run;
}

}  // namespace ferry::bench
