// Runs a program to its end and measures it from outside: wall time, the peak resident set
// size of the program itself (its VmHWM, read while the kernel holds it at exit), and the most
// threads it ran at once (sampled every few milliseconds, so a thread that lives shorter than
// that may be missed), and the CPU time it used (wait4's, which for time is exact).
//
// Not wait4's ru_maxrss: the kernel counts in it the forked copy of this process that ran
// until exec, so a benchmark holding 70 MB of generated files reported 102 MB for a ferry that
// peaked at 25 MB. `/usr/bin/time` gets away with ru_maxrss only because it is tiny itself.
#pragma once

#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ferry::bench {

struct ChildRun {
    int exit_code = -1;
    double seconds = 0;
    double peak_rss_mb = 0;  // 10^6 bytes
    int peak_threads = 0;
    double cpu_seconds = 0;  // user and system time of the program and the children it waited for
};

inline int threads_of(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("Threads:", 0) == 0)
            return std::stoi(line.substr(8));
    return 0;
}

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
        ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);  // stops at exec, then as told below
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
    std::atomic<bool> ended{false};
    std::atomic<int> peak_threads{0};
    std::jthread sampler([&] {
        while (!ended) {
            peak_threads = std::max(peak_threads.load(), threads_of(pid));
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    int status = 0;
    double peak_kb = 0;
    rusage usage{};
    for (;;) {
        if (::wait4(pid, &status, 0, &usage) != pid) {
            ended = true;
            throw std::runtime_error("waitpid failed");
        }
        if (!WIFSTOPPED(status))
            break;
        int signal = 0;
        if (WSTOPSIG(status) == SIGTRAP && (status >> 16) == 0) {  // the stop after exec
            ::ptrace(PTRACE_SETOPTIONS, pid, nullptr, PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL);
        } else if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
            std::ifstream proc_status("/proc/" + std::to_string(pid) + "/status");
            for (std::string line; std::getline(proc_status, line);)
                if (line.rfind("VmHWM:", 0) == 0)
                    peak_kb = std::stod(line.substr(6));
        } else {
            signal = WSTOPSIG(status);  // the program's own signal: deliver it
        }
        ::ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal)));
    }
    ended = true;
    sampler.join();
    ChildRun run;
    run.peak_threads = peak_threads;
    run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (peak_kb == 0)
        throw std::runtime_error("the program's peak RSS could not be read at its exit");
    run.peak_rss_mb = peak_kb * 1024.0 / 1e6;
    return run;
}

}  // namespace ferry::bench
