#include "sinks/sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace rowcast::sinks {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(FileSinkTest, AcknowledgesOnlyAfterFlush) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("rowcast-sink-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::vector<uint64_t> acked;
  auto sink = CreateSink("file:" + dir.string(),
                         [&](uint64_t seq, const Status&) { acked.push_back(seq); });
  ASSERT_TRUE(sink.has_value()) << sink.error().ToString();
  ASSERT_TRUE((*sink)->Send(1, Record{"p.db.t", "{\"id\":1}", "{\"op\":\"c\"}"}).ok());
  ASSERT_TRUE((*sink)->Send(2, Record{"p.db.t", "{\"id\":1}", std::nullopt}).ok());
  EXPECT_TRUE(acked.empty());
  ASSERT_TRUE((*sink)->Flush(std::chrono::seconds(1)).ok());
  EXPECT_EQ(acked, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(ReadFile(dir / "p.db.t.ndjson"),
            "{\"topic\":\"p.db.t\",\"key\":{\"id\":1},\"value\":{\"op\":\"c\"}}\n"
            "{\"topic\":\"p.db.t\",\"key\":{\"id\":1},\"value\":null}\n");
  std::filesystem::remove_all(dir);
}

TEST(RecordLineTest, HeadersFollowTheValueWhenThereAreAny) {
  Record r{"p.db.t", "{\"id\":1}", std::nullopt, {{"__debezium.newkey", "{\"id\":2}"}}};
  std::string line;
  AppendRecordLine(line, r);
  EXPECT_EQ(line,
            "{\"topic\":\"p.db.t\",\"key\":{\"id\":1},\"value\":null,"
            "\"headers\":{\"__debezium.newkey\":\"{\\\"id\\\":2}\"}}\n");
}

TEST(FileSinkTest, RemovesATornLastLineOnReopen) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("rowcast-sink-torn-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "p.db.t.ndjson") << "{\"whole\":1}\n{\"torn\":";
  auto sink = CreateSink("file:" + dir.string(), [](uint64_t, const Status&) {});
  ASSERT_TRUE(sink.has_value());
  ASSERT_TRUE((*sink)->Send(1, Record{"p.db.t", "null", "{}"}).ok());
  ASSERT_TRUE((*sink)->Flush(std::chrono::seconds(1)).ok());
  EXPECT_EQ(ReadFile(dir / "p.db.t.ndjson"),
            "{\"whole\":1}\n{\"topic\":\"p.db.t\",\"key\":null,\"value\":{}}\n");
  std::filesystem::remove_all(dir);
}

TEST(SinkTest, UnknownSpecIsAClearError) {
  auto sink = CreateSink("carrier-pigeon:localhost", [](uint64_t, const Status&) {});
  ASSERT_FALSE(sink.has_value());
  EXPECT_NE(sink.error().message().find("kafka:HOST:PORT"), std::string::npos);
}

}  // namespace
}  // namespace rowcast::sinks
