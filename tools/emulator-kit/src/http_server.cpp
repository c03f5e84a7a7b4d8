#include "emulator_kit/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <memory>
#include <optional>

namespace emulator_kit {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, Handler& handler, ServerLimits limits,
            std::shared_ptr<const std::string> server_name)
        : stream_(std::move(socket)),
          timer_(stream_.get_executor()),
          handler_(handler),
          limits_(limits),
          server_name_(std::move(server_name)) {}

    void start() { read_header(); }

  private:
    void read_header() {
        parser_.emplace();
        parser_->body_limit(limits_.max_body_bytes);
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = shared_from_this()](beast::error_code error, std::size_t) {
                                    self->on_header(error);
                                });
    }

    void on_header(beast::error_code error) {
        if (error)
            return on_read_error(error);
        auto& header = parser_->get();
        if (parser_->content_length() && *parser_->content_length() > limits_.max_body_bytes)
            return reply_and_close(too_large());
        if (beast::iequals(header[http::field::expect], "100-continue")) {
            auto proceed = std::make_shared<http::response<http::empty_body>>(
                http::status::continue_, header.version());
            http::async_write(
                stream_, *proceed,
                [self = shared_from_this(), proceed](beast::error_code e, std::size_t) {
                    if (e)
                        return self->close();
                    self->read_body();
                });
            return;
        }
        read_body();
    }

    void read_body() {
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code error, std::size_t) {
                             if (error)
                                 return self->on_read_error(error);
                             self->dispatch();
                         });
    }

    void on_read_error(beast::error_code error) {
        if (error == http::error::end_of_stream || error == asio::error::eof ||
            error == asio::error::connection_reset)
            return close();
        if (error == http::error::body_limit)
            return reply_and_close(too_large());
        reply_and_close(handler_.transport_error(400, "The HTTP request could not be parsed.",
                                                 "Send a well-formed HTTP/1.1 request."));
    }

    Reply too_large() {
        return handler_.transport_error(413, "The request body is too large.",
                                        "Send a smaller request body.");
    }

    void dispatch() {
        auto message = parser_->release();
        HttpRequest request;
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        for (const auto& field : message)
            request.headers.emplace(lower(std::string(field.name_string())),
                                    std::string(field.value()));
        request.body = std::move(message.body());
        keep_alive_ = message.keep_alive();
        version_ = message.version();
        Reply reply = handler_.handle(request);
        if (reply.delay.count() > 0) {
            timer_.expires_after(reply.delay);
            timer_.async_wait([self = shared_from_this(), reply = std::move(reply)](
                                  beast::error_code) mutable { self->send(std::move(reply)); });
            return;
        }
        send(std::move(reply));
    }

    void send(Reply reply) {
        if (reply.drop_connection)
            return close();
        auto response = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(reply.status), version_);
        response->set(http::field::server, *server_name_);
        for (const auto& [name, value] : reply.headers)
            response->set(name, value);
        response->body() = std::move(reply.body);
        response->keep_alive(keep_alive_);
        response->prepare_payload();
        http::async_write(
            stream_, *response,
            [self = shared_from_this(), response](beast::error_code error, std::size_t) {
                if (error || !response->keep_alive())
                    return self->close();
                self->read_header();
            });
    }

    void reply_and_close(Reply reply) {
        keep_alive_ = false;
        send(std::move(reply));
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.socket().close(ignored);
    }

    beast::tcp_stream stream_;
    asio::steady_timer timer_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Handler& handler_;
    ServerLimits limits_;
    std::shared_ptr<const std::string> server_name_;
    bool keep_alive_ = true;
    unsigned version_ = 11;
};

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    Listener(asio::io_context& io, tcp::endpoint endpoint, Handler& handler, ServerLimits limits,
             std::string server_name)
        : acceptor_(io, endpoint),
          handler_(handler),
          limits_(limits),
          server_name_(std::make_shared<const std::string>(std::move(server_name))) {}

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

    void accept() {
        acceptor_.async_accept(
            [self = shared_from_this()](beast::error_code error, tcp::socket socket) {
                if (!error)
                    std::make_shared<Session>(std::move(socket), self->handler_, self->limits_,
                                              self->server_name_)
                        ->start();
                if (self->acceptor_.is_open())
                    self->accept();
            });
    }

  private:
    tcp::acceptor acceptor_;
    Handler& handler_;
    ServerLimits limits_;
    std::shared_ptr<const std::string> server_name_;
};

}  // namespace

const std::string* HttpRequest::header(std::string_view name) const {
    auto found = headers.find(lower(name));
    return found == headers.end() ? nullptr : &found->second;
}

std::uint16_t start_http_server(asio::io_context& io, std::uint16_t port, Handler& handler,
                                ServerLimits limits, std::string server_name) {
    auto listener =
        std::make_shared<Listener>(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                   handler, limits, std::move(server_name));
    listener->accept();
    return listener->port();
}

}  // namespace emulator_kit
