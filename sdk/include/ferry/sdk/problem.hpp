// Errors as values: a stable code a program can match and a message a person can act on.
#pragma once

#include <boost/config.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace ferry::sdk {

struct Problem {
    std::string code;     // stable, dotted, e.g. "oioubl.totals.payable"; documented per plugin
    std::string message;  // names the file or document and what to do; never personal data
};

// The value or the problem that prevented it.
template <class T>
class Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(Problem problem) : state_(std::move(problem)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(state_); }
    const T& value() const { return std::get<0>(state_); }
    const Problem& problem() const { return std::get<1>(state_); }

  private:
    std::variant<T, Problem> state_;
};

// Thrown where a value cannot be returned: configuration that cannot work, a ledger that
// cannot be written. The host reports it with its code and stops the affected pipeline.
class BOOST_SYMBOL_VISIBLE Error : public std::runtime_error {
  public:
    Error(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const noexcept { return code_; }
    Problem problem() const { return {code_, what()}; }

  private:
    std::string code_;
};

}  // namespace ferry::sdk
