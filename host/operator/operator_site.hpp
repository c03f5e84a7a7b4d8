// The operator page: what was transferred, what waits and why, source beside target, the gaps;
// and, for a person holding the operator token, retry, skip and resend. Safe by default: without
// a token nothing can be changed, every answer carries a strict content security policy and
// forbids framing, and an action is a same-origin POST carrying its session's CSRF token.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "operator/operated_pipeline.hpp"
#include "support/event_log.hpp"
#include "support/web_exchange.hpp"

namespace ferry {

class OperatorSite {
  public:
    // `token`: the operator token, when actions are wanted. `exposed`: the page is served on an
    // address beyond loopback, so reading it needs a sign-in too.
    OperatorSite(PipelineBoard board, std::optional<std::string> token, bool exposed,
                 EventLog& log);

    // Nothing for a path that is not the page's.
    std::optional<WebAnswer> answer(const WebRequest& request);

  private:
    struct Session {
        std::string csrf;
        std::chrono::steady_clock::time_point last_used;
    };
    struct Visitor {
        bool signed_in = false;
        std::string csrf;
    };

    Visitor visitor(const WebRequest& request);
    WebAnswer view(const WebRequest& request, const Visitor& visitor);
    WebAnswer act(const WebRequest& request, const Visitor& visitor, std::string_view action);
    WebAnswer sign_in(const WebRequest& request);
    WebAnswer sign_out(const WebRequest& request, const Visitor& visitor);
    std::shared_ptr<OperatedPipeline> find(const std::string& name) const;
    WebAnswer page(int status, const std::string& title, const std::string& main,
                   const Visitor& visitor, int refresh_seconds = 0) const;

    PipelineBoard board_;
    const std::optional<std::string> token_;
    const bool exposed_;
    EventLog& log_;
    std::mutex sessions_mutex_;
    std::map<std::string, Session> sessions_;
    // Wrong tokens lately: past a few a minute, sign-ins wait, so the token cannot be guessed
    // by trying.
    std::vector<std::chrono::steady_clock::time_point> refusals_;
};

}  // namespace ferry
