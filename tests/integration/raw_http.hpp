// A client connection kept open across requests, for the tests of what a server does with
// connections (how many it keeps, what it answers before reading a body): HttpCall opens a
// new connection per request and always sends the whole body.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

#include "integration/test_env.hpp"

namespace recon::testing {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; every read waits at most `timeout`.
  explicit RawConnection(uint16_t port, std::chrono::seconds timeout = std::chrono::seconds(60)) : stream_(ioc_) {
    stream_.expires_after(timeout);
    stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    timeout_ = timeout;
  }

  // Sends raw bytes (a header block, a part of a body).
  void Send(const std::string& bytes) {
    stream_.expires_after(timeout_);
    boost::asio::write(stream_, boost::asio::buffer(bytes));
  }

  // One request on this connection (kept alive); its answer.
  HttpAnswer Request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) {
    namespace http = boost::beast::http;
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(true);
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == "POST") {
      req.body() = body;
      req.prepare_payload();
    }
    stream_.expires_after(timeout_);
    http::write(stream_, req);
    return Read();
  }

  // Reads one answer (after Send). Throws when none comes within the timeout or the server
  // closed without one.
  HttpAnswer Read() {
    namespace http = boost::beast::http;
    stream_.expires_after(timeout_);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1u << 30);
    http::read(stream_, buffer_, parser);
    auto res = parser.release();
    HttpAnswer answer;
    answer.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      answer.headers[name] = std::string(field.value());
    }
    answer.body = std::move(res.body());
    return answer;
  }

  // Whether the server has closed its side: a read that ends at once with end of stream.
  bool ClosedByServer() {
    boost::beast::error_code ec;
    char byte;
    stream_.expires_after(timeout_);
    stream_.read_some(boost::asio::buffer(&byte, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

 private:
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::chrono::seconds timeout_;
};

}  // namespace recon::testing
