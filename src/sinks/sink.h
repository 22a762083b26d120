// The asynchronous sink interface: Kafka, HTTP, file and stdout all deliver records this way.
// Send() hands a record over; the sink calls the acknowledgement callback once the record is
// delivered (for Kafka: acknowledged by the brokers; for files: written and fsync'ed). Flush()
// returns when every record sent so far is acknowledged, or fails. Send and Flush are called
// from one pipeline thread; the callback may run on any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "config/connector_config.h"
#include "sinks/kafka/topic_spec.h"

namespace rowcast::sinks {

// A Kafka record header: a name and its bytes.
struct Header {
  std::string name;
  std::string value;
};

struct Record {
  std::string topic;
  std::string key;                   // JSON text ("null" for tables without a key)
  std::optional<std::string> value;  // JSON text; nullopt = tombstone
  std::vector<Header> headers = {};  // usually none
};

using AckCallback = std::function<void(uint64_t seq, const Status& status)>;

class Sink {
 public:
  virtual ~Sink() = default;
  // Hands `record` (numbered `seq`, increasing) to the sink. May block for back-pressure.
  [[nodiscard]] virtual Status Send(uint64_t seq, Record record) = 0;
  // Delivers everything sent so far and acknowledges it before returning.
  [[nodiscard]] virtual Status Flush(std::chrono::milliseconds deadline) = 0;
  // Before an offset commit: moves what was sent so far toward delivery without waiting for
  // acknowledgements that come by themselves (Kafka's), and reports a failed delivery.
  [[nodiscard]] virtual Status Checkpoint() { return Flush(std::chrono::milliseconds(0)); }
  virtual std::string_view name() const = 0;

  // Exactly-once sinks (Kafka with transactions) write the records sent since the last commit
  // and `offset` (the record that stores the position after them) atomically: both become
  // visible together, or neither does.
  virtual bool transactional() const { return false; }
  [[nodiscard]] virtual Status CommitTransaction(Record offset) {
    (void)offset;
    return UnimplementedError("this sink has no transactions");
  }
};

// For the "kafka" sink: librdkafka producer settings and the topics to create.
using KafkaProperties = kafka::Properties;
struct KafkaOptions {
  KafkaProperties properties;
  std::vector<kafka::TopicRule> topic_rules;  // topic.creation; empty: create none
};

// For the "http" sink: what the CloudEvents mapping needs and the rowcast.sink.http.* settings.
struct HttpOptions {
  std::string topic_prefix;         // CloudEvents source /debezium/<connector>/<topic_prefix>
  std::string connector = "mysql";  // "mysql" or "mariadb"
  config::HttpSinkSettings settings;
};

// "stdout", "file:DIR", "kafka" (bootstrap.servers from `kafka`), "kafka:HOST:PORT[,...]",
// "http:URL" (http:// or https://) or "http" (the URL from the K_SINK environment variable, as
// a Knative SinkBinding sets it). The callback receives every acknowledgement.
[[nodiscard]] StatusOr<std::unique_ptr<Sink>> CreateSink(std::string_view spec, AckCallback ack,
                                                         const KafkaOptions& kafka = {},
                                                         const HttpOptions& http = {});

// The line both built-in sinks write: {"topic":...,"key":...,"value":...}\n
void AppendRecordLine(std::string& out, const Record& record);

}  // namespace rowcast::sinks
