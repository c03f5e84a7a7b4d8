#include "company.hpp"

namespace ferry::economic {

Company::Company(CompanyConfig config, const SinkConfig& sink, HttpClient& http,
                 sdk::HostServices& host)
    : config_(std::move(config)),
      host_(host),
      budget_(sink.max_parallel_requests, host),
      api_(http, budget_, host, sink.api_settings(config_.agreement_grant_token, "sink"),
           config_.cvr),
      customers_(api_, sink.index_fresh_for()),
      products_(api_, sink.index_fresh_for()),
      calendar_(api_, sink.index_fresh_for()),
      unauthorized_pause_(std::chrono::ceil<std::chrono::minutes>(sink.unauthorized_pause.span())) {
}

std::shared_ptr<const ReferenceData> Company::reference_data() {
    std::lock_guard lock(mutex_);
    if (!reference_data_)
        reference_data_ = std::make_shared<const ReferenceData>(
            read_reference_data(api_, config_.defaults.departments));
    return reference_data_;
}

void Company::forget_learned() {
    customers_.forget();
    products_.forget();
    std::lock_guard lock(mutex_);
    reference_data_.reset();
}

PaymentTerms Company::terms_of_type(const PaymentTerms& wanted,
                                    const std::function<PaymentTerms()>& create) {
    std::lock_guard creating(creating_terms_);
    std::shared_ptr<const ReferenceData> data = reference_data();
    if (const PaymentTerms* held = data->terms_of_type(wanted.type))
        return *held;
    PaymentTerms made = create();
    std::lock_guard lock(mutex_);
    if (reference_data_) {
        auto updated = std::make_shared<ReferenceData>(*reference_data_);
        updated->payment_terms.push_back(made);
        reference_data_ = std::move(updated);
    }
    return made;
}

std::optional<std::string> Company::blocked_reason() {
    std::lock_guard lock(mutex_);
    if (std::chrono::steady_clock::now() < blocked_until_)
        return blocked_reason_;
    return std::nullopt;
}

void Company::block(const std::string& reason) {
    std::lock_guard lock(mutex_);
    blocked_until_ = std::chrono::steady_clock::now() + unauthorized_pause_;
    blocked_reason_ = reason;
    host_.log(sdk::LogLevel::error, "economic.company_paused", reason);
}

}  // namespace ferry::economic
