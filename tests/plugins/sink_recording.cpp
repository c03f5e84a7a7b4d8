// Test sink: appends each delivery to a journal file (fsync'd) and answers find() from it.
// It can be told to reject, to ask for a retry, to fail in ways that quote the customer, or to
// die right after a delivery reached the journal but before it returned — the crash window that
// recovery must close.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "ferry/sdk/sdk.hpp"

namespace {
using namespace ferry::sdk;

const SettingsTable& settings_table() {
    static const SettingsTable table = {
        {.name = "journal",
         .required = true,
         .description = "file that receives one line per delivery"},
        {.name = "reject_numbers", .type = SettingType::string_list, .description = "reject these"},
        {.name = "retry_numbers",
         .type = SettingType::string_list,
         .description = "ask to retry these"},
        {.name = "die_after",
         .type = SettingType::integer,
         .default_value = "0",
         .description = "die after this many deliveries in this process (0 = never)"},
        {.name = "die_by",
         .default_value = "exit",
         .description = "exit: _exit(86) like a kill; throw: throw 42, no exception type at all",
         .choices = {"exit", "throw"}},
        {.name = "fail_numbers",
         .type = SettingType::string_list,
         .description = "fail these, quoting the customer's name, street and CPR"},
        {.name = "fail_by",
         .default_value = "rejection",
         .description = "how to fail the fail_numbers",
         .choices = {"rejection", "retry", "sdk_error", "runtime_error"}},
        {.name = "token", .secret = true, .description = "a secret, to test masking"},
        {.name = "find_fails",
         .type = SettingType::boolean,
         .default_value = "false",
         .description = "find() throws, as when the target cannot be read"},
        {.name = "check_problems",
         .type = SettingType::string_list,
         .description = "check() reports these"},
    };
    return table;
}

class RecordingSink : public Sink {
  public:
    explicit RecordingSink(const PluginContext& context)
        : journal_(context.settings.string("journal")),
          reject_(context.settings.strings("reject_numbers")),
          retry_(context.settings.strings("retry_numbers")),
          die_after_(context.settings.integer("die_after")),
          die_by_throw_(context.settings.string("die_by") == "throw"),
          check_problems_(context.settings.strings("check_problems")),
          find_fails_(context.settings.boolean("find_fails")),
          fail_(context.settings.strings("fail_numbers")),
          fail_by_(context.settings.string("fail_by")),
          host_(context.host) {}

    Delivery deliver(const DeliveryRequest& request) override {
        const std::string& number = request.document.key.number;
        if (contains(reject_, number))
            return Delivery::rejected({"recording.rejected", "told to reject " + number});
        if (contains(retry_, number))
            return Delivery::retry_later({"recording.busy", "told to retry " + number});
        if (contains(fail_, number))
            return fail(request.document);
        if (auto line = find_line(request.reference))
            return Delivery::delivered({{"line", std::to_string(*line)}});
        request.progress({{target_key::draft, number}});
        int line = append(request.reference + "\t" + number + "\t" +
                          request.document.totals.gross.to_string());
        if (die_after_ > 0 && ++delivered_ >= die_after_) {
            host_.log(LogLevel::warning, request.document.key, "recording.die", "dying as told");
            if (die_by_throw_)
                throw 42;
            ::_exit(86);
        }
        return Delivery::delivered({{"line", std::to_string(line)}});
    }

    Found find(const DocumentRef&, const std::string& reference) override {
        if (find_fails_)
            throw Error("recording.unreadable", "cannot read the journal now");
        Found found;
        if (auto line = find_line(reference))
            found.status = Found::Status::delivered, found.target["line"] = std::to_string(*line);
        return found;
    }

    std::vector<Problem> check() override {
        std::vector<Problem> problems;
        for (const auto& text : check_problems_)
            problems.push_back({"recording.check", text});
        return problems;
    }

  private:
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

    std::optional<int> find_line(const std::string& reference) const {
        std::ifstream in(journal_);
        int number = 0;
        for (std::string line; std::getline(in, line);) {
            ++number;
            if (line.substr(0, line.find('\t')) == reference)
                return number;
        }
        return std::nullopt;
    }

    int append(const std::string& text) {
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
    HostServices& host_;
    std::int64_t delivered_ = 0;
};

std::unique_ptr<Sink> create(const PluginContext& context) {
    return std::make_unique<RecordingSink>(context);
}

}  // namespace

FERRY_PLUGIN(describe_sink("sink-recording", "0.1.0", "Test sink that journals deliveries",
                           &settings_table, &create));
