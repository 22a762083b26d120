#include "dispatch/event_display.h"

#include <httplib.h>
#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace rowcast::dispatch {
namespace {

// U+2601 U+FE0F, then two spaces: event-display's first line.
constexpr std::string_view kBanner = "\xE2\x98\x81\xEF\xB8\x8F  cloudevents.Event\n";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// sdk-go's GetDataMediaType: the content type up to ';', trimmed only when it has parameters.
std::string_view MediaType(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  if (semi == std::string_view::npos) return content_type;
  std::string_view mt = content_type.substr(0, semi);
  while (!mt.empty() && IsSpace(mt.front())) mt.remove_prefix(1);
  while (!mt.empty() && IsSpace(mt.back())) mt.remove_suffix(1);
  return mt;
}

}  // namespace

std::optional<std::string> IndentJsonLikeGo(std::string_view src, std::string_view prefix,
                                            std::string_view indent) {
  if (!nlohmann::json::accept(src)) return std::nullopt;
  size_t begin = 0;
  while (begin < src.size() && IsSpace(src[begin])) ++begin;
  size_t end = src.size();
  while (end > begin && IsSpace(src[end - 1])) --end;

  std::string out;
  out.reserve(src.size() * 2);
  int depth = 0;
  bool need_indent = false;
  auto newline = [&](int d) {
    out.push_back('\n');
    out.append(prefix);
    for (int k = 0; k < d; ++k) out.append(indent);
  };
  for (size_t i = begin; i < end; ++i) {
    const char c = src[i];
    if (IsSpace(c)) continue;
    if (need_indent && c != '}' && c != ']') {
      need_indent = false;
      newline(depth);
    }
    switch (c) {
      case '"': {
        // Copy the string token verbatim, escapes included.
        const size_t start = i;
        for (++i; i < end && src[i] != '"'; ++i) {
          if (src[i] == '\\') ++i;
        }
        out.append(src.substr(start, i - start + 1));
        break;
      }
      case '{':
      case '[':
        out.push_back(c);
        ++depth;
        need_indent = true;
        break;
      case ',':
        out.push_back(c);
        newline(depth);
        break;
      case ':':
        out.append(": ");
        break;
      case '}':
      case ']':
        --depth;
        if (need_indent) {
          need_indent = false;  // an empty object or array stays "{}" / "[]"
        } else {
          newline(depth);
        }
        out.push_back(c);
        break;
      default:
        out.push_back(c);
    }
  }
  out.append(src.substr(end));  // Go keeps trailing whitespace
  return out;
}

std::string FormatEventDisplay(const format::CloudEvent& event) {
  std::string out(kBanner);
  out.append("Context Attributes,\n");
  auto line = [&out](std::string_view name, std::string_view value) {
    out.append("  ");
    out.append(name);
    out.append(": ");
    out.append(value);
    out.push_back('\n');
  };
  line("specversion", event.Get("specversion"));
  line("type", event.Get("type"));
  line("source", event.Get("source"));
  if (const auto* a = event.Find("subject"); a != nullptr) line("subject", a->value);
  line("id", event.Get("id"));
  if (const auto* a = event.Find("time"); a != nullptr) {
    auto t = format::CanonicalCloudEventTime(a->value);
    line("time", t.has_value() ? std::string_view(*t) : std::string_view(a->value));
  }
  if (const auto* a = event.Find("dataschema"); a != nullptr) line("dataschema", a->value);
  if (const auto* a = event.Find("datacontenttype"); a != nullptr) {
    line("datacontenttype", a->value);
  }
  if (!event.extensions.empty()) {
    out.append("Extensions,\n");
    for (const auto& e : event.extensions) line(e.name, e.value);
  }
  if (event.data.has_value()) {
    out.append(event.data_base64 ? "Data (binary),\n  " : "Data,\n  ");
    std::optional<std::string> pretty;
    if (MediaType(event.Get("datacontenttype")) == "application/json") {
      pretty = IndentJsonLikeGo(*event.data, "  ", "  ");
    }
    out.append(pretty.has_value() ? *pretty : *event.data);
    out.push_back('\n');
  }
  return out;
}

Status ParseListenAddress(std::string_view listen, EventDisplayOptions& options) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) {
    return InvalidArgumentError(fmt::format("--listen {}: expected HOST:PORT", listen));
  }
  std::string_view host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port_text = listen.substr(colon + 1);
  unsigned port = 0;
  if (port_text.empty() || port_text.size() > 5) {
    return InvalidArgumentError(fmt::format("--listen {}: the port is not a number", listen));
  }
  for (const char c : port_text) {
    if (c < '0' || c > '9') {
      return InvalidArgumentError(fmt::format("--listen {}: the port is not a number", listen));
    }
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port > 65535) {
    return InvalidArgumentError(fmt::format("--listen {}: port {} is out of range", listen, port));
  }
  options.host = host.empty() ? "0.0.0.0" : std::string(host);
  options.port = static_cast<uint16_t>(port);
  return OkStatus();
}

struct EventDisplay::Impl {
  EventDisplayOptions options;
  httplib::Server server;
  int port = 0;
  std::mutex print_mu;  // one event's text at a time
  std::mutex count_mu;
  std::condition_variable count_cv;
  uint64_t events = 0;
  bool stopped = false;
};

EventDisplay::EventDisplay(EventDisplayOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

EventDisplay::~EventDisplay() { Stop(); }

StatusOr<std::unique_ptr<EventDisplay>> EventDisplay::Create(EventDisplayOptions options) {
  if (options.status.has_value() && (*options.status < 100 || *options.status > 599)) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("--status {} is not an HTTP status code (100..599)", *options.status)));
  }
  // cpp-httplib has already done the one percent-decoding round of every header value.
  options.header_values = format::HeaderValueEncoding::kPercentDecoded;
  auto display = std::unique_ptr<EventDisplay>(new EventDisplay(std::move(options)));
  EventDisplay* self = display.get();
  httplib::Server& svr = display->impl_->server;
  // A thread per connection: senders keep connections open (keep-alive), and cpp-httplib's
  // default of 8 threads would leave later connections waiting for idle ones to time out.
  svr.new_task_queue = [] { return new httplib::ThreadPool(128); };
  // sdk-go's receivers answer /healthz with 204 whatever the method (event-display's probe).
  svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/healthz") {
      res.status = 204;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  svr.Post(".*", [self](const httplib::Request& req, httplib::Response& res) {
    format::HeaderList headers;
    headers.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) headers.emplace_back(name, value);
    DisplayReply reply = self->Handle(headers, req.body);
    res.status = reply.status;
    if (!reply.body.empty()) res.set_content(reply.body, "text/plain; charset=utf-8");
  });
  svr.set_payload_max_length(64 << 20);
  return display;
}

DisplayReply EventDisplay::Handle(const format::HeaderList& headers, std::string_view body) {
  Impl& impl = *impl_;
  if (format::DetectHttpMode(headers) == format::HttpCloudEventMode::kUnknown) {
    // sdk-go: "unknown encoding" → 415 Unsupported Media Type.
    return {415,
            "not a CloudEvent: no ce-specversion header and the Content-Type is not "
            "application/cloudevents+json\n"};
  }
  auto event = format::ParseHttpCloudEvent(headers, body, impl.options.header_values);
  if (!event.has_value()) return {400, event.error().message() + "\n"};
  if (impl.options.out != nullptr) {
    const std::string text = FormatEventDisplay(*event);
    std::lock_guard lock(impl.print_mu);
    std::fwrite(text.data(), 1, text.size(), impl.options.out);
    std::fflush(impl.options.out);
  }
  {
    std::lock_guard lock(impl.count_mu);
    ++impl.events;
  }
  impl.count_cv.notify_all();
  return {impl.options.status.value_or(200), ""};
}

Status EventDisplay::Bind() {
  Impl& impl = *impl_;
  if (impl.options.port == 0) {
    impl.port = impl.server.bind_to_any_port(impl.options.host);
    if (impl.port <= 0) {
      return UnavailableError(
          fmt::format("event-display cannot listen on {}: no free port", impl.options.host));
    }
  } else {
    if (!impl.server.bind_to_port(impl.options.host, impl.options.port)) {
      return UnavailableError(fmt::format("event-display cannot listen on {}:{}: {}",
                                          impl.options.host, impl.options.port,
                                          std::strerror(errno)));
    }
    impl.port = impl.options.port;
  }
  return OkStatus();
}

uint16_t EventDisplay::port() const { return static_cast<uint16_t>(impl_->port); }

std::string EventDisplay::url() const {
  const std::string& host = impl_->options.host;
  if (host.find(':') != std::string::npos) return fmt::format("http://[{}]:{}", host, impl_->port);
  return fmt::format("http://{}:{}", host, impl_->port);
}

Status EventDisplay::Serve() {
  if (!impl_->server.listen_after_bind()) {
    return UnavailableError(fmt::format("event-display at {} stopped with an error", url()));
  }
  return OkStatus();
}

void EventDisplay::Stop() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->count_mu);
    impl_->stopped = true;
  }
  impl_->count_cv.notify_all();
  impl_->server.stop();
}

bool EventDisplay::WaitForCount() {
  std::unique_lock lock(impl_->count_mu);
  const uint64_t want = impl_->options.count;
  impl_->count_cv.wait(lock, [&] { return impl_->stopped || (want > 0 && impl_->events >= want); });
  return want > 0 && impl_->events >= want;
}

uint64_t EventDisplay::events() const {
  std::lock_guard lock(impl_->count_mu);
  return impl_->events;
}

int RunEventDisplay(const std::string& listen, std::optional<int> status, uint64_t count,
                    bool quiet) {
  EventDisplayOptions options;
  options.status = status;
  options.count = count;
  if (quiet) options.out = nullptr;
  if (Status s = ParseListenAddress(listen, options); !s.ok()) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 2;
  }
  // Signals go to a watcher thread (blocked before the server's threads start, which inherit
  // the mask), so stopping never runs inside a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // internal: wakes the watcher once the server has stopped
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  auto display = EventDisplay::Create(std::move(options));
  if (!display.has_value()) {
    std::fprintf(stderr, "error: %s\n", display.error().message().c_str());
    return 2;
  }
  EventDisplay* d = display->get();
  if (Status s = d->Bind(); !s.ok()) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 1;
  }
  std::fprintf(stderr, "event-display listening on %s\n", d->url().c_str());
  std::fflush(stderr);

  std::atomic<bool> by_signal{false};
  std::thread watcher([set, d, &by_signal] {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig == SIGINT || sig == SIGTERM) {
      by_signal = true;
      d->Stop();
    }
  });
  std::thread counter([d] {
    if (d->WaitForCount()) d->Stop();
  });
  Status served = d->Serve();
  d->Stop();  // wakes the counter when the server ended otherwise
  counter.join();
  if (!by_signal) pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  if (!served.ok()) {
    std::fprintf(stderr, "error: %s\n", served.message().c_str());
    return 1;
  }
  spdlog::info("event-display stopped after {} event(s)", d->events());
  return 0;
}

}  // namespace rowcast::dispatch
