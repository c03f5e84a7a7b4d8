// What every view of the operator page is framed with and shares: the page around it, the
// stylesheet and icon, links, times, state badges and action forms. All HTML here is escaped
// where it carries a value, has no script (it reads the same without JavaScript) and no inline
// style (the CSP forbids it).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "ferry/sdk/store.hpp"

namespace ferry {

struct PageFrame {
    std::string title;
    // Seconds until the browser reloads it, 0 for never: set while a pass runs, never on a
    // page with a form a person may be filling in.
    int refresh_seconds = 0;
    // Whether the sign-in link or the sign-out button shows; neither without an operator token.
    bool actions_configured = false;
    bool signed_in = false;
    std::string csrf;  // for the sign-out form
};

std::string page_html(const PageFrame& frame, std::string_view main);
const std::string& page_style();
const std::string& page_icon();  // SVG

// A message in a page of its own: an action's outcome, or why a view cannot be made now.
std::string notice_main(std::string_view heading, std::string_view message,
                        std::string_view back_link, std::string_view back_text);

std::string sign_in_main(std::string_view problem);

// Links, with every value percent-encoded.
std::string pipeline_link(std::string_view pipeline);
std::string document_link(std::string_view pipeline, std::string_view key);

// "2026-03-01 12:00:00 UTC", or "—" for none.
std::string when(std::optional<std::chrono::system_clock::time_point> at);
std::string when(sdk::TimePoint at);

// A state in words, coloured by the stylesheet: the word carries it, the colour only helps.
std::string state_badge(sdk::State state);

// What a signed-in person may do to a document, if anything.
struct DocumentActions {
    bool allowed = false;
    std::string csrf;
};

// A POST to /document/<action> for one document, carrying the session's CSRF token; `extra`
// is HTML put before the button (a field the action needs).
std::string action_form(std::string_view action, std::string_view pipeline, std::string_view key,
                        std::string_view csrf, std::string_view button,
                        std::string_view extra = {});

}  // namespace ferry
