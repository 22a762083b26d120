// `rowcast event-display`: an HTTP receiver of CloudEvents that prints each event the way
// Knative's event-display sample does (knative-cloudevents.md §8), so a rowcast deployment can
// be checked without a cluster, and delivery tests have a sink whose answer they choose.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "format/cloudevents.h"

namespace rowcast::dispatch {

// What sdk-go's Event.String() prints after event-display's "☁️  cloudevents.Event" line:
// context attributes in the SDK's order (time as RFC3339Nano UTC), extensions sorted, data
// pretty-printed with 2-space indent when the media type is application/json.
std::string FormatEventDisplay(const format::CloudEvent& event);

// Go's json.Indent(dst, src, prefix, indent): re-indents valid JSON keeping every token's bytes;
// nullopt when `src` is not one valid JSON value.
std::optional<std::string> IndentJsonLikeGo(std::string_view src, std::string_view prefix,
                                            std::string_view indent);

struct EventDisplayOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;       // 0: any free port
  std::optional<int> status;  // answer every valid event with this status (default 200)
  uint64_t count = 0;         // stop after this many events; 0 = never
  std::FILE* out = stdout;    // where events are printed (flushed per event); nullptr: nowhere
  // How Handle() reads ce- header values. The server sets kPercentDecoded: cpp-httplib 0.11
  // percent-decodes every request header value itself (so "%uXXXX" is decoded too).
  format::HeaderValueEncoding header_values = format::HeaderValueEncoding::kPercentEncoded;
};

// "HOST:PORT" (or ":PORT", or "[v6]:PORT") into options.host/port.
[[nodiscard]] Status ParseListenAddress(std::string_view listen, EventDisplayOptions& options);

// The answer to one request.
struct DisplayReply {
  int status = 200;
  std::string body;  // text/plain, empty on success
};

// One receiver. Handle() may be called from several threads (the server's pool).
class EventDisplay {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<EventDisplay>> Create(EventDisplayOptions options);
  ~EventDisplay();

  // Parses one POST (header names in any case), prints the event, and says what to answer.
  DisplayReply Handle(const format::HeaderList& headers, std::string_view body);

  // Binds the listener, so the port is known before Serve().
  [[nodiscard]] Status Bind();
  uint16_t port() const;
  std::string url() const;
  // Serves until Stop(); blocks.
  [[nodiscard]] Status Serve();
  void Stop();
  // Blocks until `count` events were printed or Stop() was called; true in the first case.
  bool WaitForCount();
  uint64_t events() const;

 private:
  struct Impl;
  explicit EventDisplay(EventDisplayOptions options);
  std::unique_ptr<Impl> impl_;
};

// The subcommand: binds, prints "event-display listening on http://HOST:PORT" to stderr, serves
// until SIGINT/SIGTERM or `count` events; `quiet` checks and counts events without printing
// them (benchmarks). Returns the process exit code.
int RunEventDisplay(const std::string& listen, std::optional<int> status, uint64_t count,
                    bool quiet = false);

}  // namespace rowcast::dispatch
