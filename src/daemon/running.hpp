// A started service that stops when this goes: what lets the daemon stop its parts in the
// reverse of the order it started them, by declaring them in that order.
#pragma once

namespace recon::daemon {

// `Service` has Start() and Stop(); Stop() must return only once the service is idle.
template <class Service>
class Running {
 public:
  explicit Running(Service& service) : service_(service) { service_.Start(); }
  ~Running() { service_.Stop(); }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  Service& service_;
};

}  // namespace recon::daemon
