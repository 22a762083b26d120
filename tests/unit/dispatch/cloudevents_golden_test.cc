// Pins what rowcast sends for one change event: HTTP binary and structured requests, Kafka
// binary headers, and what event-display prints for it. tests/integration/test_cloudevents.py
// feeds the same file to the CloudEvents Python SDK, so the SDK parses exactly our output.
// Regenerate with ROWCAST_UPDATE_GOLDEN=1 after an intended change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dispatch/event_display.h"
#include "format/cloudevents.h"
#include "format/envelope.h"

namespace rowcast::format {
namespace {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnType;
using ordered = nlohmann::ordered_json;

constexpr const char* kGolden = ROWCAST_SOURCE_DIR "/tests/unit/dispatch/cloudevents_golden.json";

// An update of a table whose name needs percent-encoding in HTTP headers.
CloudEvent GoldenEvent() {
  binlog::TableMap t;
  t.db = "shop";
  t.table = "order lines \xC3\xBC";
  t.columns.resize(2);
  t.columns[0].type = t.columns[0].real_type = ColumnType::kLongLong;
  t.columns[0].name = "id";
  t.columns[1].type = t.columns[1].real_type = ColumnType::kVarchar;
  t.columns[1].name = "note";
  t.columns[1].collation = 45;
  t.primary_key = {0};
  t.has_names = true;
  EnvelopeOptions o;
  o.topic_prefix = "dbserver1";
  o.connector = "mariadb";
  auto w = EnvelopeWriter::Create(o);
  EXPECT_TRUE(w.has_value());
  static const std::string before_note = "caf\xC3\xA9 \"50%\"";
  static const std::string after_note = "line\nbreak";
  std::vector<Cell> before(2), after(2);
  before[0].kind = after[0].kind = CellKind::kInt;
  before[0].i = after[0].i = 9007199254740993;  // > 2^53
  before[1].kind = after[1].kind = CellKind::kString;
  before[1].bytes = AsBytes(before_note);
  after[1].bytes = AsBytes(after_note);
  SourceInfo src;
  src.ts_ms = 1700000000123;
  src.server_id = 1;
  src.gtid = "0-1-42";
  src.file = "mariadb-bin.000003";
  src.pos = 4294967400;
  src.row = 3;
  src.thread = 12;
  std::string key, value;
  EXPECT_TRUE((*w)->AppendKey(key, t, after).ok());
  EXPECT_TRUE(
      (*w)->AppendValue(value, t, Op::kUpdate, before, after, src, 1700000000456000000).ok());
  CloudEventOptions co;
  co.topic_prefix = "dbserver1";
  co.connector = "mariadb";
  auto e = MapChangeToCloudEvent(co, key, value);
  EXPECT_TRUE(e.has_value() && e->has_value());
  return **e;
}

ordered Headers(const HeaderList& h) {
  ordered out = ordered::array();
  for (const auto& [name, value] : h) out.push_back(ordered::array({name, value}));
  return out;
}

ordered Render() {
  const CloudEvent e = GoldenEvent();
  std::string structured;
  AppendStructuredJson(structured, e);
  ordered g;
  g["binary"] = {{"headers", Headers(BinaryHttpHeaders(e))}, {"body", *e.data}};
  g["structured"] = {
      {"headers", Headers({{"Content-Type", std::string(kCloudEventsJsonContentType)}})},
      {"body", structured}};
  g["kafka"] = {{"headers", Headers(KafkaBinaryHeaders(e))}, {"value", *e.data}};
  g["display"] = dispatch::FormatEventDisplay(e);
  return g;
}

TEST(CloudEventsGoldenTest, RenderersMatchTheGoldenFile) {
  const ordered now = Render();
  if (std::getenv("ROWCAST_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(kGolden) << now.dump(2) << "\n";
  }
  std::ifstream in(kGolden);
  ASSERT_TRUE(in) << kGolden;
  std::stringstream text;
  text << in.rdbuf();
  const ordered golden = ordered::parse(text.str());
  EXPECT_EQ(golden["binary"], now["binary"]);
  EXPECT_EQ(golden["structured"], now["structured"]);
  EXPECT_EQ(golden["kafka"], now["kafka"]);
  EXPECT_EQ(golden["display"], now["display"]);
}

TEST(CloudEventsGoldenTest, EveryRequestParsesBackToTheSameEvent) {
  const CloudEvent e = GoldenEvent();
  std::string structured;
  AppendStructuredJson(structured, e);
  auto b = ParseHttpCloudEvent(BinaryHttpHeaders(e), *e.data);
  auto s =
      ParseHttpCloudEvent({{"Content-Type", std::string(kCloudEventsJsonContentType)}}, structured);
  ASSERT_TRUE(b.has_value()) << b.error().ToString();
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(dispatch::FormatEventDisplay(*b), dispatch::FormatEventDisplay(e));
  EXPECT_EQ(dispatch::FormatEventDisplay(*s), dispatch::FormatEventDisplay(e));
  EXPECT_EQ(e.Get("subject"), "shop.order lines \xC3\xBC");
}

}  // namespace
}  // namespace rowcast::format
