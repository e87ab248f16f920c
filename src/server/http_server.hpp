// The HTTP/1.1 listener and its sessions on Boost.Beast.
//
// listener -> session (timeouts, body and header limits, keep-alive) -> dispatcher.
// Handlers may block on the database, so they run on a separate worker pool and never
// on the I/O threads. Stop() drains: the acceptor closes, requests in flight finish
// (up to the grace period), then the I/O threads end.
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
  size_t body_bytes_max = 256u << 20;
  size_t header_bytes_max = 16u << 10;
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
  };

 private:
  void Accept();
  void WaitForDrain(std::chrono::steady_clock::time_point deadline);

  ServerSettings settings_;
  boost::asio::io_context ioc_;
  boost::asio::thread_pool workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::unique_ptr<Shared> shared_;
  uint16_t port_ = 0;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace recon::server
