#include "offsets/offset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace rowcast::offsets {
namespace {

OffsetRef Ref(uint64_t pos, uint64_t event = 0, uint64_t row = 0) {
  auto base = std::make_shared<BinlogOffset>();
  base->file = "binlog.000001";
  base->pos = pos;
  base->gtids = "0-1-5";
  return OffsetRef{base, event, row};
}

TEST(OffsetJsonTest, SnapshotInProgressRoundTrips) {
  BinlogOffset o{"binlog.000003", 4, "", 0, 0, 1, 1, 3, true, R"({"kind":"initial","tables":[]})"};
  const std::string json = OffsetToJson(o);
  EXPECT_NE(json.find(R"("snapshot":true,"rowcast_snapshot":{"kind":"initial")"), std::string::npos)
      << json;
  auto back = OffsetFromJson(json);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->snapshot);
  EXPECT_EQ(back->snapshot_progress, R"({"kind":"initial","tables":[]})");
  // Debezium 3.x writes the snapshot kind as a string.
  auto dbz = OffsetFromJson(R"({"file":"b.1","pos":4,"snapshot":"INITIAL"})");
  ASSERT_TRUE(dbz.has_value());
  EXPECT_TRUE(dbz->snapshot);
}

TEST(OffsetJsonTest, RoundTrips) {
  BinlogOffset o{"binlog.000003", 1234, "0-1-17", 2, 1, 1700000000, 1, 0, false, ""};
  auto back = OffsetFromJson(OffsetToJson(o));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, o);
}

TEST(OffsetTrackerTest, CommitsOnlyAContiguousAcknowledgedPrefix) {
  OffsetTracker t;
  t.Track(1, Ref(100, 1, 1));
  t.Track(2, Ref(100, 1, 2));
  t.Track(3, Ref(100, 1, 3));
  t.Ack(2);
  EXPECT_FALSE(t.TakeCommittable().has_value());
  t.Ack(1);
  auto o = t.TakeCommittable();
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->row, 2u);
  EXPECT_FALSE(t.TakeCommittable().has_value());  // nothing new
  t.Ack(3);
  EXPECT_EQ(t.TakeCommittable()->row, 3u);
}

TEST(OffsetTrackerTest, ARecordWithoutOffsetHoldsBackTheNextOne) {
  OffsetTracker t;
  t.Track(1, std::nullopt);  // a delete whose tombstone carries the offset
  t.Track(2, Ref(100, 0, 1));
  t.Ack(1);
  EXPECT_FALSE(t.TakeCommittable().has_value());
  t.Ack(2);
  EXPECT_EQ(t.TakeCommittable()->row, 1u);
}

TEST(OffsetTrackerTest, PositionMarkersWaitForEarlierRecords) {
  OffsetTracker t;
  t.Advance(Ref(50));
  EXPECT_EQ(t.TakeCommittable()->pos, 50u);
  t.Track(1, Ref(100, 0, 1));
  t.Advance(Ref(200));
  EXPECT_FALSE(t.TakeCommittable().has_value());
  t.Ack(1);
  EXPECT_EQ(t.TakeCommittable()->pos, 200u);
}

TEST(OffsetTrackerTest, AcksInAnyOrderAmongMarkers) {
  // Acks of several partitions interleave; markers sit between records.
  OffsetTracker t;
  for (uint64_t seq = 1; seq <= 6; ++seq) {
    t.Track(seq, Ref(100, 0, seq));
    if (seq % 2 == 0) t.Advance(Ref(100 + seq));
  }
  for (uint64_t seq : {5, 2, 6, 3}) t.Ack(seq);
  EXPECT_FALSE(t.TakeCommittable().has_value());
  t.Ack(1);
  auto o = t.TakeCommittable();  // 1, 2, the marker after 2, and 3
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->pos, 100u);
  EXPECT_EQ(o->row, 3u);
  t.Ack(4);
  EXPECT_EQ(t.TakeCommittable()->pos, 106u);  // everything
  EXPECT_EQ(t.in_flight(), 0u);
}

TEST(OffsetTrackerTest, TakeLatestIsTheNewestTrackedOffsetAckedOrNot) {
  OffsetTracker t;
  t.Track(1, Ref(100, 0, 1));
  t.Track(2, std::nullopt);
  EXPECT_EQ(t.TakeLatest()->row, 1u);
  EXPECT_FALSE(t.TakeLatest().has_value());  // nothing new
  t.Advance(Ref(300));
  EXPECT_EQ(t.TakeLatest()->pos, 300u);
}

TEST(FileOffsetStoreTest, SavesAtomicallyAndLoads) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("rowcast-offsets-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  FileOffsetStore store(dir.string(), "inventory", "dbserver1");
  auto none = store.Load();
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  BinlogOffset o{"binlog.000001", 4, "0-1-2", 0, 0, 1, 1, 0, false, ""};
  ASSERT_TRUE(store.Save(o).ok());
  auto loaded = store.Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->value(), o);
  EXPECT_FALSE(std::filesystem::exists(store.path() + ".tmp"));
  FileOffsetStore other(dir.string(), "inventory", "renamed");
  auto mismatch = other.Load();
  ASSERT_FALSE(mismatch.has_value());
  EXPECT_NE(mismatch.error().message().find("topic.prefix"), std::string::npos);
  std::ofstream(store.path()) << "{broken";
  EXPECT_EQ(store.Load().error().code(), StatusCode::kDataLoss);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rowcast::offsets
