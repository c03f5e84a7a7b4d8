// Sends one plain-text e-mail through an SMTP server with libcurl: STARTTLS, AUTH, and a
// certificate check against the system's or a given CA bundle.
#pragma once

#include <string>
#include <vector>

namespace ferry {

struct SmtpSettings {
    std::string url;  // smtp://host:587 (STARTTLS) or smtps://host:465
    std::string username, password;
    std::string from;
    std::vector<std::string> to;
    enum class StartTls { required, opportunistic, off } starttls = StartTls::required;
    std::string ca_file;  // empty: the system's trust store
};

struct Mail {
    std::string subject;
    std::string body;  // plain text, lines separated by '\n'
};

// Throws sdk::Error("notify.smtp") naming the server and what failed; never the password.
void send_mail(const SmtpSettings& settings, const Mail& mail);

}  // namespace ferry
