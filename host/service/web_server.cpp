#include "service/health_server.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <thread>

#include "ferry/sdk/problem.hpp"

namespace ferry {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// A scraper sends its request at once and reads the answer at once; a client slower than this
// is stuck or hostile, and is cut.
constexpr auto connection_deadline = 5s;
// Far more than any monitoring opens, far fewer than the file descriptors the pipelines need.
constexpr std::size_t max_connections = 64;
constexpr std::uint32_t max_header_bytes = 8 * 1024;

sdk::Error listen_error(const std::string& address, const std::string& why) {
    return sdk::Error("service.listen", "--listen " + address + ": " + why);
}

// "127.0.0.1:9100" or "[::1]:9100".
tcp::endpoint parse_address(const std::string& address) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos || colon + 1 == address.size())
        throw listen_error(address, "expected ADDRESS:PORT, e.g. 127.0.0.1:9100");
    std::string host = address.substr(0, colon);
    std::string port_text = address.substr(colon + 1);
    if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5 ||
        std::stoi(port_text) > 65535)
        throw listen_error(address, "the port must be a number from 0 to 65535");
    auto port = static_cast<std::uint16_t>(std::stoi(port_text));
    boost::system::error_code error;
    asio::ip::address ip;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        ip = asio::ip::make_address_v6(host.substr(1, host.size() - 2), error);
    else
        ip = asio::ip::make_address_v4(host, error);
    if (error)
        throw listen_error(address, "'" + host + "' is not an IP address");
    return {ip, port};
}

std::string endpoint_text(const tcp::endpoint& endpoint) {
    std::string ip = endpoint.address().to_string();
    return endpoint.address().is_v6() ? fmt::format("[{}]:{}", ip, endpoint.port())
                                      : fmt::format("{}:{}", ip, endpoint.port());
}

// The request could not be parsed, as opposed to the client going away or running out of time.
bool malformed(beast::error_code error) {
    static const auto& parse_errors = http::make_error_code(http::error::bad_target).category();
    return error.category() == parse_errors && error != http::error::end_of_stream &&
           error != http::error::partial_message;
}

struct Page {
    http::status status = http::status::ok;
    std::string type = "text/plain";
    std::string body;
};

Page page_for(const http::request<http::empty_body>& request, Telemetry& telemetry) {
    if (request.method() != http::verb::get && request.method() != http::verb::head)
        return {http::status::method_not_allowed, "text/plain", "GET or HEAD only\n"};
    std::string_view target(request.target().data(), request.target().size());
    target = target.substr(0, target.find('?'));
    if (target == "/healthz")
        return {telemetry.failing() ? http::status::service_unavailable : http::status::ok,
                "application/json", telemetry.health_json() + "\n"};
    if (target == "/metrics")
        return {http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                telemetry.metrics().prometheus_text()};
    return {http::status::not_found, "text/plain", "/healthz or /metrics\n"};
}

// One request, one answer, then the connection closes: scrapers reconnect cheaply, and no
// idle keep-alive connection is left to count against the cap.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, Telemetry& telemetry, EventLog& log)
        : stream_(std::move(socket)), telemetry_(telemetry), log_(log) {}

    void start() {
        parser_.header_limit(max_header_bytes);
        stream_.expires_after(connection_deadline);
        http::async_read(stream_, buffer_, parser_,
                         [self = shared_from_this()](beast::error_code error, std::size_t) {
                             self->on_request(error);
                         });
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

  private:
    void on_request(beast::error_code error) {
        if (error == http::error::header_limit)
            return send({http::status::request_header_fields_too_large, "text/plain",
                         "request headers over 8 KiB\n"},
                        false);
        if (error == http::error::unexpected_body)
            return send(
                {http::status::payload_too_large, "text/plain", "GET and HEAD take no body\n"},
                false);
        if (malformed(error))
            return send({http::status::bad_request, "text/plain", "not an HTTP request\n"}, false);
        if (error)
            return close();  // the deadline passed, or the client went away
        const auto& request = parser_.get();
        Page page;
        try {
            page = page_for(request, telemetry_);
        } catch (const std::exception& e) {
            log_.error("", "health.failed",
                       fmt::format("{}: {}", std::string(request.target()), e.what()));
            page = {http::status::internal_server_error, "text/plain",
                    "internal error; the service log says why (health.failed)\n"};
        }
        send(std::move(page), request.method() == http::verb::head);
    }

    void send(Page page, bool head) {
        auto response = std::make_shared<http::response<http::string_body>>(page.status, 11);
        response->set(http::field::content_type, page.type);
        response->set(http::field::cache_control, "no-store");
        if (page.status == http::status::method_not_allowed)
            response->set(http::field::allow, "GET, HEAD");
        response->content_length(page.body.size());
        if (!head)
            response->body() = std::move(page.body);
        response->keep_alive(false);
        stream_.expires_after(connection_deadline);
        http::async_write(stream_, *response,
                          [self = shared_from_this(), response](beast::error_code, std::size_t) {
                              self->close();
                          });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request_parser<http::empty_body> parser_;
    Telemetry& telemetry_;
    EventLog& log_;
};

}  // namespace

class HealthServer::Server {
  public:
    Server(const std::string& address, Telemetry& telemetry, EventLog& log)
        : telemetry_(telemetry), log_(log), acceptor_(io_), retry_accept_(io_) {
        tcp::endpoint endpoint = parse_address(address);
        beast::error_code error;
        acceptor_.open(endpoint.protocol(), error);
        if (!error)
            acceptor_.set_option(asio::socket_base::reuse_address(true), error);
        if (!error)
            acceptor_.bind(endpoint, error);
        if (!error)
            acceptor_.listen(asio::socket_base::max_listen_connections, error);
        if (error)
            throw listen_error(address, error.message());
        tcp::endpoint bound = acceptor_.local_endpoint();
        log_.info("", "health.listening",
                  "serving /healthz and /metrics on http://" + endpoint_text(bound));
        if (!bound.address().is_loopback())
            log_.warning(
                "", "health.exposed",
                fmt::format("{} is not a loopback address: anyone who reaches it reads /healthz "
                            "(pipeline names, each one's last pass, result and error) and "
                            "/metrics (pipeline names, company numbers, document counts by "
                            "state, pass and request counts); listen on 127.0.0.1 or admit only "
                            "the monitoring host in the firewall",
                            endpoint_text(bound)));
        accept();
        thread_ = std::thread([this] { run(); });
    }

    ~Server() {
        io_.stop();
        thread_.join();
    }

  private:
    void accept() {
        acceptor_.async_accept([this](beast::error_code error, tcp::socket socket) {
            if (error == asio::error::operation_aborted)
                return;
            if (!error) {
                admit(std::move(socket));
                return accept();
            }
            // Out of file descriptors, most likely: wait rather than spin.
            retry_accept_.expires_after(100ms);
            retry_accept_.async_wait([this](beast::error_code) { accept(); });
        });
    }

    // At the cap the oldest connection goes: it is the one most likely stuck, and a fresh
    // scrape must always get through.
    void admit(tcp::socket socket) {
        std::erase_if(sessions_, [](const auto& session) { return session.expired(); });
        if (sessions_.size() >= max_connections) {
            if (auto oldest = sessions_.front().lock())
                oldest->close();
            sessions_.pop_front();
        }
        auto session = std::make_shared<Session>(std::move(socket), telemetry_, log_);
        sessions_.push_back(session);
        session->start();
    }

    // Handlers catch what they throw; this is the last line, so /healthz never ends the
    // service it reports on.
    void run() {
        for (;;) {
            try {
                io_.run();
                return;
            } catch (const std::exception& e) {
                log_.error("", "health.failed", e.what());
            }
        }
    }

    Telemetry& telemetry_;
    EventLog& log_;
    asio::io_context io_{1};
    tcp::acceptor acceptor_;
    asio::steady_timer retry_accept_;
    std::deque<std::weak_ptr<Session>> sessions_;
    std::thread thread_;
};

HealthServer::HealthServer(const std::string& address, Telemetry& telemetry, EventLog& log)
    : server_(std::make_unique<Server>(address, telemetry, log)) {}

HealthServer::~HealthServer() = default;

}  // namespace ferry
