#include "service/smtp_mail.hpp"

#include <curl/curl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <random>

#include "ferry/sdk/problem.hpp"

namespace ferry {

namespace {

// The address inside "Ferry <ferry@clinic.dk>", or the whole text when it has no brackets.
std::string bare_address(const std::string& address) {
    auto open = address.find('<'), close = address.rfind('>');
    if (open != std::string::npos && close != std::string::npos && close > open)
        return address.substr(open + 1, close - open - 1);
    return address;
}

// Header values come from the pipeline file and our own text; a line break would start a new
// header, so there is none.
std::string header_value(std::string text) {
    for (char& c : text)
        if (c == '\r' || c == '\n')
            c = ' ';
    return text;
}

// RFC 2047 encoded-word when the subject is not plain ASCII.
std::string encoded_subject(const std::string& subject) {
    bool ascii = std::all_of(subject.begin(), subject.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 128; });
    if (ascii)
        return header_value(subject);
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string encoded;
    std::string text = header_value(subject);
    for (std::size_t i = 0; i < text.size(); i += 3) {
        std::uint32_t chunk = static_cast<unsigned char>(text[i]) << 16;
        if (i + 1 < text.size())
            chunk |= static_cast<unsigned char>(text[i + 1]) << 8;
        if (i + 2 < text.size())
            chunk |= static_cast<unsigned char>(text[i + 2]);
        encoded += alphabet[(chunk >> 18) & 63];
        encoded += alphabet[(chunk >> 12) & 63];
        encoded += i + 1 < text.size() ? alphabet[(chunk >> 6) & 63] : '=';
        encoded += i + 2 < text.size() ? alphabet[chunk & 63] : '=';
    }
    return "=?UTF-8?B?" + encoded + "?=";
}

std::string message_text(const SmtpSettings& settings, const Mail& mail) {
    std::string to;
    for (const std::string& address : settings.to)
        to += (to.empty() ? "" : ", ") + header_value(address);
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::string domain = bare_address(settings.from);
    domain = domain.substr(domain.find('@') + 1);
    std::string text = fmt::format(
        "Date: {:%a, %d %b %Y %H:%M:%S +0000}\r\nFrom: {}\r\nTo: {}\r\nSubject: {}\r\n"
        "Message-ID: <ferry.{}.{}@{}>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
        now, header_value(settings.from), to, encoded_subject(mail.subject),
        now.time_since_epoch().count(), std::random_device{}(), domain);
    for (char c : mail.body) {
        if (c == '\n')
            text += "\r\n";
        else if (c != '\r')
            text += c;
    }
    if (!text.ends_with("\r\n"))
        text += "\r\n";
    return text;
}

struct Upload {
    const std::string& text;
    std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    std::size_t n = std::min(size * count, upload->text.size() - upload->sent);
    std::memcpy(buffer, upload->text.data() + upload->sent, n);
    upload->sent += n;
    return n;
}

}  // namespace

void send_mail(const SmtpSettings& settings, const Mail& mail) {
    static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)initialised;
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl)
        throw sdk::Error("notify.smtp", "cannot start an SMTP session (libcurl)");
    curl_slist* recipients = nullptr;
    for (const std::string& address : settings.to)
        recipients = curl_slist_append(recipients, ("<" + bare_address(address) + ">").c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> recipient_list(recipients,
                                                                      curl_slist_free_all);
    std::string text = message_text(settings, mail);
    Upload upload{text};
    std::string from = "<" + bare_address(settings.from) + ">";
    char error[CURL_ERROR_SIZE] = "";

    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     settings.starttls == SmtpSettings::StartTls::required ? CURLUSESSL_ALL
                     : settings.starttls == SmtpSettings::StartTls::opportunistic
                         ? CURLUSESSL_TRY
                         : CURLUSESSL_NONE);
    if (!settings.ca_file.empty())
        curl_easy_setopt(c, CURLOPT_CAINFO, settings.ca_file.c_str());
    if (!settings.username.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, settings.username.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
    }
    CURLcode result = curl_easy_perform(c);
    if (result != CURLE_OK)
        throw sdk::Error("notify.smtp", fmt::format("cannot send mail through {}: {}", settings.url,
                                                    error[0] ? error : curl_easy_strerror(result)));
}

}  // namespace ferry
