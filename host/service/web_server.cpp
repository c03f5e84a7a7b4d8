#include "service/web_server.hpp"

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

// A scraper or a browser sends its request at once and reads the answer at once; a client
// slower than this is stuck or hostile, and is cut.
constexpr auto connection_deadline = 5s;
// Far more than any monitoring opens, far fewer than the file descriptors the pipelines need.
constexpr std::size_t max_connections = 64;
constexpr std::uint32_t max_header_bytes = 8 * 1024;
// The operator page's forms are a few fields.
constexpr std::uint64_t max_body_bytes = 16 * 1024;

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

WebRequest web_request(const http::request<http::string_body>& request) {
    WebRequest out;
    std::string_view target(request.target().data(), request.target().size());
    auto question = target.find('?');
    out.method = std::string(request.method_string());
    out.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos)
        out.query = std::string(target.substr(question + 1));
    out.body = request.body();
    auto header = [&](http::field field) { return std::string(request[field]); };
    out.content_type = header(http::field::content_type);
    out.cookie = header(http::field::cookie);
    out.host = header(http::field::host);
    out.origin = header(http::field::origin);
    out.fetch_site = std::string(request["Sec-Fetch-Site"]);
    return out;
}

WebAnswer plain(int status, std::string body) {
    return {status, "text/plain; charset=utf-8", std::move(body), {}};
}

// One request, one answer, then the connection closes: scrapers reconnect cheaply, and no
// idle keep-alive connection is left to count against the cap.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, const std::vector<WebHandler>& handlers, const std::string& serves,
            EventLog& log)
        : stream_(std::move(socket)), handlers_(handlers), serves_(serves), log_(log) {}

    void start() {
        parser_.header_limit(max_header_bytes);
        parser_.body_limit(max_body_bytes);
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
            return send(plain(431, "request headers over 8 KiB\n"), false);
        if (error == http::error::body_limit)
            return send(plain(413, "request body over 16 KiB\n"), false);
        if (malformed(error))
            return send(plain(400, "not an HTTP request\n"), false);
        if (error)
            return close();  // the deadline passed, or the client went away
        const auto& request = parser_.get();
        WebRequest exchange = web_request(request);
        std::optional<WebAnswer> answer;
        try {
            for (const WebHandler& handler : handlers_)
                if ((answer = handler(exchange)))
                    break;
            if (!answer)
                answer = plain(404, serves_ + "\n");
        } catch (const std::exception& e) {
            log_.error("", "web.failed", fmt::format("{}: {}", exchange.path, e.what()));
            answer = plain(500, "internal error; the service log says why (web.failed)\n");
        }
        send(std::move(*answer), request.method() == http::verb::head);
    }

    void send(WebAnswer answer, bool head) {
        auto response = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(answer.status), 11);
        response->set(http::field::content_type, answer.content_type);
        response->set(http::field::cache_control, "no-store");
        for (const auto& [name, value] : answer.headers)
            response->set(name, value);
        response->content_length(answer.body.size());
        if (!head)
            response->body() = std::move(answer.body);
        response->keep_alive(false);
        stream_.expires_after(connection_deadline);
        http::async_write(stream_, *response,
                          [self = shared_from_this(), response](beast::error_code, std::size_t) {
                              self->close();
                          });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request_parser<http::string_body> parser_;
    const std::vector<WebHandler>& handlers_;
    const std::string& serves_;
    EventLog& log_;
};

}  // namespace

bool is_loopback_address(const std::string& address) {
    return parse_address(address).address().is_loopback();
}

class WebServer::Server {
  public:
    Server(const std::string& address, std::vector<WebHandler> handlers, std::string serves,
           const std::string& exposed_warning, EventLog& log)
        : handlers_(std::move(handlers)),
          serves_(std::move(serves)),
          log_(log),
          acceptor_(io_),
          retry_accept_(io_) {
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
        log_.info("", "web.listening",
                  fmt::format("serving {} on http://{}", serves_, endpoint_text(bound)));
        if (!bound.address().is_loopback())
            log_.warning("", "web.exposed",
                         fmt::format("{} is not a loopback address: {}", endpoint_text(bound),
                                     exposed_warning));
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
        auto session = std::make_shared<Session>(std::move(socket), handlers_, serves_, log_);
        sessions_.push_back(session);
        session->start();
    }

    // Sessions catch what handlers throw; this is the last line, so a page never ends the
    // service it reports on.
    void run() {
        for (;;) {
            try {
                io_.run();
                return;
            } catch (const std::exception& e) {
                log_.error("", "web.failed", e.what());
            }
        }
    }

    const std::vector<WebHandler> handlers_;
    const std::string serves_;
    EventLog& log_;
    asio::io_context io_{1};
    tcp::acceptor acceptor_;
    asio::steady_timer retry_accept_;
    std::deque<std::weak_ptr<Session>> sessions_;
    std::thread thread_;
};

WebServer::WebServer(const std::string& address, std::vector<WebHandler> handlers,
                     std::string serves, std::string exposed_warning, EventLog& log)
    : server_(std::make_unique<Server>(address, std::move(handlers), std::move(serves),
                                       exposed_warning, log)) {}

WebServer::~WebServer() = default;

}  // namespace ferry
