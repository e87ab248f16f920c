#include "server/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
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

// After a refusal the server's answer is sent and its side of the connection shut; what the
// client still sends (the body it was refused) is read and dropped until it closes, for at
// most this long. Closing with unread bytes would reset the connection, and a client still
// writing its body could lose the answer before reading it.
constexpr std::chrono::seconds kLingerTime{5};
constexpr size_t kLingerBufferBytes = size_t{16} << 10;
// Connections being told 503 at once, beyond connections_max: past this many, a connection
// is closed without a word rather than cost a socket for the linger.
constexpr size_t kRefusingMax = 64;
// An accept that failed (no file descriptors left, say) is tried again after this pause
// instead of at once in a loop that would hold an I/O thread.
constexpr std::chrono::milliseconds kAcceptPause{100};

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool Iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Error TooLarge(size_t limit, const char* setting) {
  return MakeError(ErrorCode::kPayloadTooLarge, "the request body is larger than " + std::to_string(limit) +
                                                    " bytes (" + setting + " for this route)");
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `counted`: a session within connections_max; otherwise one that only says 503 and goes.
  // The session keeps `shared` alive: its end (even when the server is torn down with it
  // still pending) gives back its place in the counts.
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Shared> shared, bool counted)
      : stream_(std::move(socket)), owner_(std::move(shared)), shared_(*owner_), counted_(counted) {
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = remote.address().to_string();
    if (counted_) buffer_.reserve(kReadBufferBytes);
  }
  ~Session() { (counted_ ? shared_.connections : shared_.refusing)--; }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // Beyond connections_max: a 503 with Retry-After at once, before reading anything.
  void StartRefusal() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      const Error e = MakeError(ErrorCode::kUnavailable, "the server has " +
                                                             std::to_string(self->shared_.settings.connections_max) +
                                                             " connections open (connections_max); retry later");
      spdlog::debug("connection from {} refused: {}", self->peer_, e.message);
      self->shared_.in_flight++;
      self->Refuse(self->shared_.dispatcher.Refuse(RequestHeader{}, e, kRetryAfterDefault));
    });
  }

 private:
  void Read() {
    parser_.emplace();
    // The route is not known yet: the largest body any route takes, lowered by OnHeader.
    parser_->body_limit(shared_.settings.body_bytes_max);
    parser_->header_limit(static_cast<uint32_t>(shared_.settings.header_bytes_max));
    stream_.expires_after(shared_.settings.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      shared_.in_flight++;
      HttpResponse res = shared_.dispatcher.Refuse(
          RequestHeader{}, MakeError(ErrorCode::kPayloadTooLarge,
                                     "the request headers are larger than " +
                                         std::to_string(shared_.settings.header_bytes_max) +
                                         " bytes (header_bytes_max)"));
      res.result(http::status::request_header_fields_too_large);
      return Refuse(std::move(res));
    }
    if (ec == http::error::body_limit) return RefuseTooLarge(shared_.settings.body_bytes_max, "body_bytes_max");
    if (ec) return OnReadError(ec);
    const RequestHeader& header = parser_->get();
    if (auto refused = shared_.dispatcher.Admit(header, peer_)) {
      shared_.in_flight++;
      return Refuse(std::move(*refused));
    }
    const bool large = shared_.dispatcher.TakesLargeBody(header);
    body_bytes_max_ = large ? shared_.settings.body_bytes_max : shared_.settings.json_bytes_max;
    body_setting_ = large ? "body_bytes_max" : "json_bytes_max";
    // Beast checks a Content-Length against the limit only while reading the header, when the
    // limit was still the largest: the route's own limit is checked here. A chunked body is
    // checked chunk by chunk against the limit set below.
    if (auto length = parser_->content_length(); length && *length > body_bytes_max_) {
      return RefuseTooLarge(body_bytes_max_, body_setting_);
    }
    parser_->body_limit(body_bytes_max_);
    if (parser_->is_done()) return Dispatch();
    const auto expect = header[http::field::expect];
    if (header.version() >= 11 && Iequals(std::string_view(expect.data(), expect.size()), "100-continue")) {
      // The client waits to hear that its body is wanted (curl does, for bodies above 1 MiB).
      return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               [self = shared_from_this()](beast::error_code ec, size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(shared_.settings.read_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec == http::error::body_limit) return self->RefuseTooLarge(self->body_bytes_max_, self->body_setting_);
      if (ec) return self->OnReadError(ec);
      self->Dispatch();
    });
  }

  void OnReadError(beast::error_code ec) {
    if (ec != http::error::end_of_stream && ec != beast::error::timeout && ec != asio::error::operation_aborted &&
        ec != asio::error::connection_reset) {
      spdlog::debug("read failed: {}", ec.message());
    }
    Close();
  }

  void RefuseTooLarge(size_t limit, const char* setting) {
    shared_.in_flight++;
    Refuse(shared_.dispatcher.Refuse(parser_->get(), TooLarge(limit, setting)));
  }

  // Hands the request to a worker, unless request_queue_max requests wait for one already.
  void Dispatch() {
    shared_.in_flight++;
    if (shared_.queued.fetch_add(1) >= shared_.settings.request_queue_max) {
      shared_.queued--;
      return Refuse(shared_.dispatcher.Refuse(
          parser_->get(),
          MakeError(ErrorCode::kUnavailable, "the server has " + std::to_string(shared_.settings.request_queue_max) +
                                                 " requests waiting already (request_queue_max); retry later"),
          kRetryAfterDefault));
    }
    auto request = std::make_shared<HttpRequest>(parser_->release());
    asio::post(shared_.workers, [self = shared_from_this(), request] {
      self->shared_.queued--;
      HttpResponse res = self->shared_.dispatcher.Handle(*request);
      asio::post(self->stream_.get_executor(),
                 [self, res = std::make_shared<HttpResponse>(std::move(res))]() mutable { self->Write(std::move(*res)); });
    });
  }

  // Writes a refusal and ends the connection (its unread rest is read and dropped).
  void Refuse(HttpResponse res) {
    res.keep_alive(false);
    linger_ = true;
    Write(std::move(res));
  }

  void Write(HttpResponse res) {
    if (shared_.stopping.load()) res.keep_alive(false);
    auto owned = std::make_shared<HttpResponse>(std::move(res));
    stream_.expires_after(shared_.settings.read_timeout);
    http::async_write(stream_, *owned, [self = shared_from_this(), owned](beast::error_code ec, size_t) {
      self->shared_.in_flight--;
      if (!ec && self->linger_) return self->Linger();
      if (ec || !owned->keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    linger_buffer_ = std::make_unique<char[]>(kLingerBufferBytes);
    DropMore();
  }

  void DropMore() {
    stream_.async_read_some(asio::buffer(linger_buffer_.get(), kLingerBufferBytes),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->DropMore();
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
  std::shared_ptr<HttpServer::Shared> owner_;
  HttpServer::Shared& shared_;
  const bool counted_;
  std::string peer_ = "unknown";
  size_t body_bytes_max_ = 0;
  const char* body_setting_ = "body_bytes_max";
  bool linger_ = false;
  std::unique_ptr<char[]> linger_buffer_;
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
      if (!acceptor_.is_open()) return;
      if (ec != asio::error::operation_aborted) spdlog::warn("accept failed: {}", ec.message());
      return AcceptLater();
    }
    if (shared_->connections.fetch_add(1) < settings_.connections_max) {
      std::make_shared<Session>(std::move(socket), shared_, true)->Start();
    } else {
      shared_->connections--;
      if (shared_->refusing.fetch_add(1) < kRefusingMax) {
        std::make_shared<Session>(std::move(socket), shared_, false)->StartRefusal();
      } else {
        shared_->refusing--;
        beast::error_code ignored;
        socket.close(ignored);
      }
    }
    Accept();
  });
}

void HttpServer::AcceptLater() {
  auto timer = std::make_shared<asio::steady_timer>(acceptor_.get_executor(), kAcceptPause);
  timer->async_wait([this, timer](beast::error_code) {
    if (acceptor_.is_open()) Accept();
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
