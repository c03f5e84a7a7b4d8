// Test sink: appends each delivery to a journal file (fsync'd) and answers find() from it.
// It can be told to reject, to ask for a retry, to fail in ways that quote the customer, or to
// die right after a delivery reached the journal but before it returned — the crash window that
// recovery must close. It takes concurrent deliveries and logs `recording.in_flight` each time
// more are in flight at once than before.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "ferry/sdk/sdk.hpp"

namespace {
using namespace ferry::sdk;

enum class DieBy { exit, throw_exception };

struct RecordingConfig {
    std::string journal;
    std::vector<std::string> reject_numbers;
    std::vector<std::string> retry_numbers;
    std::int64_t die_after = 0;
    DieBy die_by = DieBy::exit;
    std::string token;
    std::vector<std::string> check_problems;
    bool find_fails = false;
    std::vector<std::string> fail_numbers;
    std::string fail_by = "rejection";
    Duration deliver_delay;
    std::vector<std::string> target_customers;
};

const SettingsBinding<RecordingConfig>& binding() {
    using C = RecordingConfig;
    static const SettingsBinding<RecordingConfig> table{
        setting("journal", &C::journal)
            .required()
            .describe("file that receives one line per delivery"),
        setting("reject_numbers", &C::reject_numbers).describe("reject these"),
        setting("retry_numbers", &C::retry_numbers).describe("ask to retry these"),
        setting("die_after", &C::die_after)
            .range(0, 1'000'000)
            .describe("die after this many deliveries in this process (0 = never)"),
        choice("die_by", &C::die_by, {{"exit", DieBy::exit}, {"throw", DieBy::throw_exception}})
            .describe("exit: _exit(86) like a kill; throw: throw 42, no exception type at all"),
        setting("fail_numbers", &C::fail_numbers)
            .describe("fail these, quoting the customer's name, street and CPR"),
        one_of("fail_by", &C::fail_by, {"rejection", "retry", "sdk_error", "runtime_error"})
            .describe("how to fail the fail_numbers"),
        setting("token", &C::token).secret().describe("a secret, to test masking"),
        setting("find_fails", &C::find_fails)
            .describe("find() throws, as when the target cannot be read"),
        setting("check_problems", &C::check_problems)
            .renamed_from("check_texts")
            .describe("check() reports these"),
        setting("deliver_delay", &C::deliver_delay)
            .range(Duration(), Duration::seconds(10))
            .renamed_from("deliver_delay_ms", Duration::milliseconds(1))
            .describe("wait this long before each delivery, like a slow target"),
        setting("target_customers", &C::target_customers)
            .describe("the customers the target already keeps, each \"number;name;cvr;phone\""),
    };
    return table;
}

const SettingsTable& settings_table() {
    return binding().table();
}

// A number both rejected and retried has no single outcome.
std::vector<SettingsProblem> check_settings(const Settings& settings) {
    RecordingConfig config = binding().bind(settings);
    std::vector<SettingsProblem> problems;
    for (const std::string& number : config.reject_numbers)
        if (std::find(config.retry_numbers.begin(), config.retry_numbers.end(), number) !=
            config.retry_numbers.end())
            problems.push_back({settings.where("retry_numbers"), "recording.settings",
                                number + " is in both reject_numbers and retry_numbers; "
                                         "keep it in one"});
    return problems;
}

class RecordingSink : public Sink {
  public:
    RecordingSink(const RecordingConfig& config, HostServices& host)
        : journal_(config.journal),
          reject_(config.reject_numbers),
          retry_(config.retry_numbers),
          die_after_(config.die_after),
          die_by_throw_(config.die_by == DieBy::throw_exception),
          check_problems_(config.check_problems),
          find_fails_(config.find_fails),
          fail_(config.fail_numbers),
          fail_by_(config.fail_by),
          deliver_delay_(config.deliver_delay.span()),
          target_customers_(config.target_customers),
          host_(host) {}

    Delivery deliver(const DeliveryRequest& request) override {
        InFlight in_flight(*this, request.document.key);
        std::this_thread::sleep_for(deliver_delay_);
        const std::string& number = request.document.key.number;
        if (contains(reject_, number))
            return Delivery::rejected({"recording.rejected", "told to reject " + number});
        if (contains(retry_, number))
            return Delivery::retry_later({"recording.busy", "told to retry " + number});
        if (contains(fail_, number))
            return fail(request.document);
        if (auto line = find_line(request.reference, content(request.document)))
            return Delivery::delivered({{"line", std::to_string(*line)}});
        request.progress({{target_key::draft, number}});
        // Which customer it went to: the one a link or earlier delivery named, or the one the
        // target holds for a prerequisite.
        std::string on;
        if (auto known = request.known.find("customer"); known != request.known.end())
            on += "\tupdates customer " + known->second;
        for (const auto& [key, target] : request.prerequisites)
            if (auto customer = target.find("customer"); customer != target.end())
                on += "\ton customer " + customer->second;
        int line = append(request.reference + "\t" + number + on + "\t" +
                          request.document.totals.gross.to_string());
        if (die_after_ > 0 && ++delivered_ >= die_after_) {
            host_.log(LogLevel::warning, request.document.key, "recording.die", "dying as told");
            if (die_by_throw_)
                throw 42;
            ::_exit(86);
        }
        TargetRefs target{{"line", std::to_string(line)}};
        if (request.document.key.kind == DocumentKind::customer) {
            auto known = request.known.find("customer");
            target["customer"] = known != request.known.end() ? known->second : number;
        }
        return Delivery::delivered(target);
    }

    Found find(const DocumentRef&, const std::string& reference) override {
        if (find_fails_)
            throw Error("recording.unreadable", "cannot read the journal now");
        Found found;
        if (auto line = find_line(reference))
            found.status = Found::Status::delivered, found.target["line"] = std::to_string(*line);
        return found;
    }

    Result<std::vector<TargetCustomer>> customers(const std::string&) override {
        std::vector<TargetCustomer> customers;
        for (const std::string& line : target_customers_) {
            std::vector<std::string> fields;
            for (std::size_t start = 0;;) {
                std::size_t end = line.find(';', start);
                fields.push_back(line.substr(start, end - start));
                if (end == std::string::npos)
                    break;
                start = end + 1;
            }
            fields.resize(4);
            TargetCustomer customer;
            customer.target = {{"customer", fields[0]}};
            customer.customer.number = fields[0], customer.customer.name = fields[1];
            customer.customer.cvr = fields[2], customer.customer.telephone = fields[3];
            customers.push_back(customer);
        }
        return customers;
    }

    std::vector<Problem> check() override {
        std::vector<Problem> problems;
        for (const auto& text : check_problems_)
            problems.push_back({"recording.check", text});
        return problems;
    }

  private:
    struct InFlight {
        InFlight(RecordingSink& sink, const DocumentKey& key) : sink_(sink) {
            int now = ++sink_.in_flight_;
            int most = sink_.most_in_flight_.load();
            while (now > most && !sink_.most_in_flight_.compare_exchange_weak(most, now)) {
            }
            if (now > most)
                sink_.host_.log(LogLevel::info, key, "recording.in_flight", std::to_string(now));
        }
        ~InFlight() { --sink_.in_flight_; }
        RecordingSink& sink_;
    };

    // What a careless sink would say: the customer, quoted.
    Delivery fail(const Document& document) const {
        const Party& customer = document.customer;
        std::string text = "customer " + customer.name + " of " + customer.address.street +
                           " (CPR " + customer.cpr + ") refused";
        if (fail_by_ == "sdk_error")
            throw Error("recording.customer", text);
        if (fail_by_ == "runtime_error")
            throw std::runtime_error(text);
        if (fail_by_ == "retry")
            return Delivery::retry_later({"recording.customer", text});
        return Delivery::rejected({"recording.customer", text});
    }

    static bool contains(const std::vector<std::string>& list, const std::string& value) {
        return std::find(list.begin(), list.end(), value) != list.end();
    }

    // What a delivery wrote, beyond the reference: a customer sink writes the customer again
    // when it changed, so a delivery is the same only with the same content.
    static std::string content(const Document& document) {
#if defined(ACCEPTS_CUSTOMERS)
        return "\t" + document.totals.gross.to_string();
#else
        (void)document;
        return {};
#endif
    }

    // The last line holding `reference` (and ending in `content`, when given).
    std::optional<int> find_line(const std::string& reference,
                                 const std::string& content = {}) const {
        std::ifstream in(journal_);
        int number = 0;
        std::optional<int> found;
        for (std::string line; std::getline(in, line);) {
            ++number;
            if (line.substr(0, line.find('\t')) == reference &&
                (content.empty() || line.ends_with(content)))
                found = number;
        }
        return found;
    }

    int append(const std::string& text) {
        std::lock_guard lock(journal_mutex_);
        int fd = ::open(journal_.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
        if (fd < 0)
            throw Error("recording.journal", "cannot open " + journal_);
        std::string line = text + "\n";
        bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
        ::close(fd);
        if (!ok)
            throw Error("recording.journal", "cannot write " + journal_);
        std::ifstream in(journal_);
        return static_cast<int>(std::count(std::istreambuf_iterator<char>(in), {}, '\n'));
    }

    std::string journal_;
    std::vector<std::string> reject_, retry_;
    std::int64_t die_after_;
    bool die_by_throw_;
    std::vector<std::string> check_problems_;
    bool find_fails_;
    std::vector<std::string> fail_;
    std::string fail_by_;
    std::chrono::milliseconds deliver_delay_;
    std::vector<std::string> target_customers_;
    HostServices& host_;
    std::atomic<std::int64_t> delivered_ = 0;
    std::atomic<int> in_flight_ = 0, most_in_flight_ = 0;
    std::mutex journal_mutex_;
};

std::unique_ptr<Sink> create(const PluginContext& context) {
    return std::make_unique<RecordingSink>(binding().bind(context.settings), context.host);
}

}  // namespace

// Built a second time as sink-recording-invoices, which accepts invoices only: a pipeline that
// sends it credit notes must be refused; and a third as sink-recording-customers.
#if defined(ACCEPTS_CUSTOMERS)
FERRY_PLUGIN(describe_sink("sink-recording-customers", "0.1.0",
                           "Test sink that journals customers, again when they change, and "
                           "the invoices that require them",
                           {DocumentKind::customer, DocumentKind::invoice}, &settings_table,
                           &create)
                 .with_settings_check(&check_settings)
                 .with_concurrent_deliveries());
#elif defined(ACCEPTS_INVOICES_ONLY)
FERRY_PLUGIN(describe_sink("sink-recording-invoices", "0.1.0",
                           "Test sink that journals invoices only", {DocumentKind::invoice},
                           &settings_table, &create)
                 .with_settings_check(&check_settings)
                 .with_concurrent_deliveries());
#else
FERRY_PLUGIN(describe_sink("sink-recording", "0.1.0", "Test sink that journals deliveries",
                           {DocumentKind::invoice, DocumentKind::credit_note}, &settings_table,
                           &create)
                 .with_settings_check(&check_settings)
                 .with_concurrent_deliveries());
#endif
