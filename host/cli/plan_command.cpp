#include "cli/plan_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/with_open_pipeline.hpp"
#include "engine/planning.hpp"
#include "support/json_text.hpp"

namespace ferry {

namespace {

using Json = nlohmann::ordered_json;

Json problem_json(const std::optional<sdk::Problem>& problem) {
    if (!problem)
        return nullptr;
    return {{"code", problem->code}, {"message", problem->message}};
}

Json plan_json(const std::string& pipeline, bool ledger, const PassPlan& plan) {
    Json documents = Json::array();
    for (const PlannedDocument& document : plan.documents) {
        Json steps = Json::array();
        for (const sdk::PlannedStep& step : document.plan.steps)
            steps.push_back({{"code", step.code}, {"text", step.text}});
        Json expected = nullptr;
        if (document.plan.gross)
            expected = {{"net", document.plan.net.value_or(sdk::Decimal()).to_string()},
                        {"vat", document.plan.vat.value_or(sdk::Decimal()).to_string()},
                        {"gross", document.plan.gross->to_string()}};
        documents.push_back({{"document", document.key.str()},
                             {"date", document.date.to_string()},
                             {"why", document.why},
                             {"outcome", document.plan.rejection ? "reject" : "deliver"},
                             {"steps", steps},
                             {"expected", expected},
                             {"rejection", problem_json(document.plan.rejection)}});
    }
    Json problems = Json::array();
    for (const sdk::Problem& problem : plan.source_problems)
        problems.push_back(problem_json(problem));
    Json steps = Json::object();
    for (const auto& [code, count] : plan.step_counts())
        steps[code] = count;
    return {{"pipeline", pipeline},
            {"ledger", ledger},
            {"listed", plan.listed},
            {"ignored", plan.ignored},
            {"to_deliver", plan.to_deliver},
            {"skipped", plan.skipped},
            {"changed_after_delivery", plan.changed_after_delivery},
            {"unresolved", plan.unresolved},
            {"unchanged", plan.unchanged},
            {"documents", documents},
            {"summary",
             {{"planned", plan.documents.size()},
              {"deliver", plan.documents.size() - plan.would_reject()},
              {"reject", plan.would_reject()},
              {"not_planned", plan.to_deliver - plan.documents.size()},
              {"steps", steps}}},
            {"source_problems", problems},
            {"failure", problem_json(plan.failure)}};
}

void print_plan(const std::string& pipeline, bool ledger, const PassPlan& plan) {
    std::cout << fmt::format(
        "{}: what the next pass would do (a plan: nothing is sent, the ledger is not changed)\n",
        pipeline);
    if (!ledger)
        std::cout << "  no ledger yet: every document is new\n";
    std::cout << fmt::format(
        "  listed {} document(s): {} to deliver, {} skipped, {} changed after delivery, {} "
        "interrupted (the pass asks the target first), {} with nothing to do; {} other file(s)\n",
        plan.listed, plan.to_deliver, plan.skipped, plan.changed_after_delivery, plan.unresolved,
        plan.unchanged, plan.ignored);
    for (const PlannedDocument& document : plan.documents) {
        std::cout << fmt::format("\n  {} dated {} ({})\n", document.key.str(),
                                 document.date.to_string(), document.why);
        for (const sdk::PlannedStep& step : document.plan.steps)
            std::cout << fmt::format("    {}: {}\n", step.code, step.text);
        if (document.plan.rejection)
            std::cout << fmt::format("    would be rejected: {}: {}\n",
                                     document.plan.rejection->code,
                                     document.plan.rejection->message);
        else if (document.plan.gross)
            std::cout << fmt::format("    expected totals: net {}, VAT {}, gross {}\n",
                                     document.plan.net.value_or(sdk::Decimal()).to_string(),
                                     document.plan.vat.value_or(sdk::Decimal()).to_string(),
                                     document.plan.gross->to_string());
    }
    std::cout << fmt::format("\nsummary: {} planned: {} would be delivered, {} would be rejected\n",
                             plan.documents.size(), plan.documents.size() - plan.would_reject(),
                             plan.would_reject());
    if (std::size_t rest = plan.to_deliver - plan.documents.size())
        std::cout << fmt::format(
            "  {} more to deliver not planned (--limit, or the plan stopped)\n", rest);
    for (const auto& [code, count] : plan.step_counts())
        std::cout << fmt::format("  {} x {}\n", count, code);
    for (const sdk::Problem& problem : plan.source_problems)
        std::cout << fmt::format("  incomplete: {}: {}\n", problem.code, problem.message);
    if (plan.failure)
        std::cout << fmt::format("  the plan stopped: {}: {}\n", plan.failure->code,
                                 plan.failure->message);
}

}  // namespace

int plan_command(const GlobalOptions& options, const std::string& file, bool json,
                 std::size_t limit) {
    StopSignal stop;
    return reporting_errors([&] {
        PipelineConfig config = load_pipeline(file, make_catalog(options));
        auto log = open_event_log(options);
        // Before the first pass there is no ledger; a plan must not create one.
        bool ledger = true;
        std::unique_ptr<OpenPipeline> pipeline;
        try {
            pipeline = std::make_unique<OpenPipeline>(config, log, stop, sdk::Access::read_only);
        } catch (const sdk::Error& e) {
            if (e.code() != sdk::ledger_missing_code)
                throw;
            ledger = false;
            pipeline = std::make_unique<OpenPipeline>(config, log, stop, sdk::Access::read_only,
                                                      OpenPipeline::Parts::without_store);
        }
        PassPlan plan = plan_pass(pipeline->parts(), pipeline->services(),
                                  limit ? limit : std::numeric_limits<std::size_t>::max());
        if (json)
            std::cout << json_text(plan_json(config.name, ledger, plan), 2) << "\n";
        else
            print_plan(config.name, ledger, plan);
        return plan.failure || !plan.source_problems.empty() ? exit_code::failure : exit_code::ok;
    });
}

}  // namespace ferry
