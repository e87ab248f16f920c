// The HTTP/1.1 listener and its sessions on Boost.Beast.
//
// listener -> session (timeouts, body and header limits, keep-alive) -> dispatcher.
// Handlers may block on the database, so they run on a separate worker pool and never
// on the I/O threads. Stop() drains: the acceptor closes, requests in flight finish
// (up to the grace period), then the I/O threads end.
//
// Every resource a caller can make the server hold is bounded: open connections
// (connections_max), requests waiting for a handler thread (request_queue_max), and a body's
// bytes, which the session limits by route as soon as the header is read (body_bytes_max for
// uploads and NDJSON bulks, json_bytes_max for the rest). Beyond a cap the answer is a 503 with
// Retry-After from the I/O thread, and the connection closes; nothing waits unbounded.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "recon/error.hpp"
#include "server/dispatcher.hpp"

namespace recon::server {

struct ServerSettings {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;                             // 0 = any free port (see HttpServer::port)
  int io_threads = 1;
  int worker_threads = 8;
  size_t body_bytes_max = 256u << 20;              // uploads and NDJSON bulks
  size_t json_bytes_max = 4u << 20;                 // every other body
  size_t header_bytes_max = 16u << 10;
  size_t connections_max = 512;                     // open connections; one more is answered 503 and closed
  size_t request_queue_max = 256;                   // requests waiting for a handler thread; one more: 503
  std::chrono::milliseconds read_timeout{30'000};   // one request (headers and body) and one response write
  std::chrono::milliseconds shutdown_grace{30'000};
};

class HttpServer {
 public:
  HttpServer(ServerSettings settings, const Dispatcher& dispatcher);
  ~HttpServer();

  // Binds and listens. kUnavailable when the address cannot be bound.
  Status Start();
  // The bound port (useful with port 0).
  uint16_t port() const { return port_; }
  // Serves until Stop() has drained. Blocks the calling thread, which becomes an I/O thread.
  void Run();
  // Begins a graceful stop. Thread-safe and idempotent; also safe from a signal handler's strand.
  void Stop();

  // For sessions.
  struct Shared {
    const Dispatcher& dispatcher;
    const ServerSettings& settings;
    boost::asio::thread_pool& workers;
    std::atomic<int> in_flight{0};
    std::atomic<bool> stopping{false};
    std::atomic<size_t> connections{0};  // sessions open, refusals not counted
    std::atomic<size_t> refusing{0};     // connections being told 503 (bounded apart)
    std::atomic<size_t> queued{0};       // requests posted to the workers, not yet started
  };

 private:
  void Accept();
  void AcceptLater();
  void WaitForDrain(std::chrono::steady_clock::time_point deadline);

  ServerSettings settings_;
  boost::asio::io_context ioc_;
  boost::asio::thread_pool workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<Shared> shared_;
  uint16_t port_ = 0;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace recon::server
