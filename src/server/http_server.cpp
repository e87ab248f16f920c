#include "server/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

#include "server/problem.hpp"

namespace recon::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// Bytes asked of the socket per read. Beast reads at most 64 KiB at a time and otherwise
// only as much as the read buffer's free room: a buffer left at its first 512 bytes (the
// parser hands each piece of a body on and empties it) read a 72 MB statement upload in
// 141,000 reads of 512 bytes, a second of the upload.
constexpr size_t kReadBufferBytes = size_t{64} << 10;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    buffer_.reserve(kReadBufferBytes);
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(shared_.settings.body_bytes_max);
    parser_->header_limit(static_cast<uint32_t>(shared_.settings.header_bytes_max));
    stream_.expires_after(shared_.settings.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      const bool body = ec == http::error::body_limit;
      const Error e = MakeError(ErrorCode::kPayloadTooLarge,
                                body ? "the request body is larger than " +
                                           std::to_string(shared_.settings.body_bytes_max) + " bytes (body_bytes_max)"
                                     : "the request headers are larger than " +
                                           std::to_string(shared_.settings.header_bytes_max) +
                                           " bytes (header_bytes_max)");
      HttpResponse res = ProblemResponse(e, "-", 11, false);
      if (!body) res.result(http::status::request_header_fields_too_large);
      shared_.in_flight++;
      return Write(std::move(res));
    }
    if (ec) {
      if (ec != asio::error::connection_reset) spdlog::debug("read failed: {}", ec.message());
      return Close();
    }
    shared_.in_flight++;
    auto request = std::make_shared<HttpRequest>(parser_->release());
    asio::post(shared_.workers, [self = shared_from_this(), request] {
      HttpResponse res = self->shared_.dispatcher.Handle(*request);
      asio::post(self->stream_.get_executor(),
                 [self, res = std::make_shared<HttpResponse>(std::move(res))]() mutable { self->Write(std::move(*res)); });
    });
  }

  void Write(HttpResponse res) {
    if (shared_.stopping.load()) res.keep_alive(false);
    auto owned = std::make_shared<HttpResponse>(std::move(res));
    stream_.expires_after(shared_.settings.read_timeout);
    http::async_write(stream_, *owned, [self = shared_from_this(), owned](beast::error_code ec, size_t) {
      self->shared_.in_flight--;
      if (ec || !owned->keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpServer::Shared& shared_;
};

}  // namespace

HttpServer::HttpServer(ServerSettings settings, const Dispatcher& dispatcher)
    : settings_(std::move(settings)),
      ioc_(settings_.io_threads),
      workers_(static_cast<size_t>(settings_.worker_threads)),
      acceptor_(asio::make_strand(ioc_)),
      shared_(new Shared{dispatcher, settings_, workers_}) {}

HttpServer::~HttpServer() {
  ioc_.stop();
  workers_.join();
}

Status HttpServer::Start() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(settings_.host, ec);
  if (ec) return MakeError(ErrorCode::kInvalidRequest, "listen: '" + settings_.host + "' is not an IP address");
  const tcp::endpoint endpoint(address, settings_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot listen on " + settings_.host + ":" + std::to_string(settings_.port) + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  Accept();
  return Status::Ok();
}

void HttpServer::Accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec != asio::error::operation_aborted) spdlog::warn("accept failed: {}", ec.message());
      if (!acceptor_.is_open()) return;
    } else {
      std::make_shared<Session>(std::move(socket), *shared_)->Start();
    }
    Accept();
  });
}

void HttpServer::Run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < settings_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads) t.join();
  workers_.join();
}

void HttpServer::Stop() {
  if (stop_requested_.exchange(true)) return;
  asio::post(acceptor_.get_executor(), [this] {
    shared_->stopping = true;
    beast::error_code ignored;
    acceptor_.close(ignored);
    spdlog::info("stopping: no new connections; waiting for {} request(s) in flight", shared_->in_flight.load());
    WaitForDrain(std::chrono::steady_clock::now() + settings_.shutdown_grace);
  });
}

void HttpServer::WaitForDrain(std::chrono::steady_clock::time_point deadline) {
  if (shared_->in_flight.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
    if (shared_->in_flight.load() > 0) spdlog::warn("grace period over with {} request(s) in flight", shared_->in_flight.load());
    ioc_.stop();
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(ioc_, std::chrono::milliseconds(20));
  timer->async_wait([this, timer, deadline](beast::error_code) { WaitForDrain(deadline); });
}

}  // namespace recon::server
