#include "support/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "support/privacy_filter.hpp"
#include "support/utf8_text.hpp"

namespace ferry {

namespace {

// Prometheus names allow [a-zA-Z_:][a-zA-Z0-9_:]*; anything else a plugin sends becomes '_'.
std::string metric_name(std::string_view name) {
    std::string out = "ferry_";
    for (char c : name)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    return out;
}

// The exposition format wants label values in UTF-8 with \\, \" and \n escaped.
std::string escaped_label(std::string_view value) {
    std::string out;
    for (char c : valid_utf8(value)) {
        if (c == '\\' || c == '"')
            out += '\\', out += c;
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string label_text(const Metrics::Labels& labels, std::string_view extra = {}) {
    std::string text;
    for (const auto& [name, value] : labels)
        text += fmt::format("{}{}=\"{}\"", text.empty() ? "" : ",", name, escaped_label(value));
    if (!extra.empty())
        text += (text.empty() ? "" : ",") + std::string(extra);
    return text.empty() ? "" : "{" + text + "}";
}

std::string number(double value) {
    return fmt::format("{}", value);
}

}  // namespace

Metrics::Family& Metrics::family(std::string_view name, Type type) {
    std::string full = metric_name(name);
    auto it = families_.find(full);
    if (it == families_.end())
        it = families_.emplace(full, Family{type, {}}).first;
    return it->second;
}

void Metrics::count(std::string_view name, Labels labels, double amount) {
    std::lock_guard lock(mutex_);
    family(name, Type::counter).series[std::move(labels)].value += amount;
}

void Metrics::observe(std::string_view name, Labels labels, double value) {
    std::lock_guard lock(mutex_);
    Series& series = family(name, Type::summary).series[std::move(labels)];
    series.value += value;
    ++series.observations;
}

void Metrics::set(std::string_view name, Labels labels, double value) {
    std::lock_guard lock(mutex_);
    family(name, Type::gauge).series[std::move(labels)].value = value;
}

void Metrics::clear(std::string_view name, std::string_view label, std::string_view value) {
    std::lock_guard lock(mutex_);
    auto it = families_.find(metric_name(name));
    if (it == families_.end())
        return;
    std::erase_if(it->second.series, [&](const auto& entry) {
        return std::any_of(entry.first.begin(), entry.first.end(), [&](const auto& pair) {
            return pair.first == label && pair.second == value;
        });
    });
}

std::string Metrics::prometheus_text() const {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const auto& [name, family] : families_) {
        const char* type = family.type == Type::counter   ? "counter"
                           : family.type == Type::summary ? "summary"
                                                          : "gauge";
        text += fmt::format("# TYPE {} {}\n", name, type);
        for (const auto& [labels, series] : family.series) {
            if (family.type == Type::summary) {
                text +=
                    fmt::format("{}_sum{} {}\n", name, label_text(labels), number(series.value));
                text +=
                    fmt::format("{}_count{} {}\n", name, label_text(labels), series.observations);
            } else {
                text += fmt::format("{}{} {}\n", name, label_text(labels), number(series.value));
            }
        }
    }
    return text;
}

Metrics::Labels metric_labels(std::string_view pipeline, sdk::HostServices::Labels labels) {
    Metrics::Labels out{{"pipeline", std::string(pipeline)}};
    for (const auto& [name, value] : labels) {
        std::string clean;
        for (char c : name)
            clean += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
        if (clean.empty() || clean == "pipeline")
            continue;
        out.emplace_back(std::move(clean), without_personal_data(value));
    }
    return out;
}

}  // namespace ferry
