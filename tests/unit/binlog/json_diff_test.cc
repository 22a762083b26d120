// JSON diffs of PARTIAL_UPDATE_ROWS events: paths, diff vectors, MySQL's apply rules, and the
// real events from ../shared/data/mysql8 (MySQL 8.0.40 via Vitess, 8.0.22 via rust_mysql_common).
#include "binlog/json_diff.h"

#include <gtest/gtest.h>

#include <map>

#include "binlog/json_binary.h"
#include "binlog_samples.h"

namespace rowcast::binlog {
namespace {

using testing::FromHex;
using testing::HexBlock;
using testing::PutLe;
using testing::ReadBinlogSample;
using testing::ReadHexBlocks;
using testing::Replay;
using testing::ReplayFile;

std::string LenEnc(size_t n) {
  std::string s;
  if (n < 0xFB) {
    s.push_back(static_cast<char>(n));
  } else {
    s.push_back('\xFC');
    PutLe(s, n, 2);
  }
  return s;
}

std::string Diff(JsonDiffOperation op, std::string_view path, const std::string& value = "") {
  std::string s(1, static_cast<char>(op));
  s += LenEnc(path.size());
  s += path;
  if (op != JsonDiffOperation::kRemove) s += LenEnc(value.size()) + value;
  return s;
}

std::string Apply(const std::string& before, const std::string& diffs) {
  auto r = ApplyJsonDiff(AsBytes(before), AsBytes(diffs));
  return r ? *r : "ERROR " + r.error().ToString();
}

// {"a": 1, "b": [10, 20, 30]} and {"x": {"y": "z"}} in MySQL's small layout.
const std::string kDoc = FromHex(
    "00 0200 2100 1200 0100 1300 0100 05 0100 02 1400 61 62 0300 0d00 05 0a00 05 1400 05 1e00");
const std::string kNested =
    FromHex("00 0100 1a00 0b00 0100 00 0c00 78 0100 0e00 0b00 0100 0c 0c00 79 01 7a");
const std::string kTrue = FromHex("0401");
const std::string kNull = FromHex("0400");
const std::string kString = FromHex("0c 02 6869");  // "hi"

TEST(JsonDiffTest, TestDocumentsRenderAsExpected) {
  std::string text;
  ASSERT_TRUE(AppendJsonBinaryAsText(text, AsBytes(kDoc)).ok());
  EXPECT_EQ(text, R"({"a": 1, "b": [10, 20, 30]})");
  text.clear();
  ASSERT_TRUE(AppendJsonBinaryAsText(text, AsBytes(kNested)).ok());
  EXPECT_EQ(text, R"({"x": {"y": "z"}})");
}

TEST(JsonPathTest, ParsesThePathsMysqlWrites) {
  auto legs = ParseJsonPath(R"($.a[2]."b c"[last].d[last-1])");
  ASSERT_TRUE(legs) << legs.error().ToString();
  ASSERT_EQ(legs->size(), 6u);
  EXPECT_EQ((*legs)[0], (JsonPathLeg{true, "a", 0, false}));
  EXPECT_EQ((*legs)[1], (JsonPathLeg{false, "", 2, false}));
  EXPECT_EQ((*legs)[2], (JsonPathLeg{true, "b c", 0, false}));
  EXPECT_EQ((*legs)[3], (JsonPathLeg{false, "", 0, true}));
  EXPECT_EQ((*legs)[4], (JsonPathLeg{true, "d", 0, false}));
  EXPECT_EQ((*legs)[5], (JsonPathLeg{false, "", 1, true}));
}

TEST(JsonPathTest, RootAloneHasNoLegs) {
  auto legs = ParseJsonPath("$");
  ASSERT_TRUE(legs);
  EXPECT_TRUE(legs->empty());
}

TEST(JsonPathTest, AllowsWhitespaceBetweenTokens) {
  auto legs = ParseJsonPath(" $ . a [ 3 ] [ last - 2 ] ");
  ASSERT_TRUE(legs) << legs.error().ToString();
  ASSERT_EQ(legs->size(), 3u);
  EXPECT_EQ((*legs)[1].index, 3u);
  EXPECT_EQ((*legs)[2], (JsonPathLeg{false, "", 2, true}));
}

TEST(JsonPathTest, UnescapesQuotedMembers) {
  auto legs = ParseJsonPath(R"($."a\"b\\c\u00e9\ud83d\ude00\n")");
  ASSERT_TRUE(legs) << legs.error().ToString();
  ASSERT_EQ(legs->size(), 1u);
  EXPECT_EQ((*legs)[0].member, "a\"b\\c\xc3\xa9\xf0\x9f\x98\x80\n");
}

TEST(JsonPathTest, RejectsWildcardsRangesAndEllipsis) {
  for (const char* path : {"$.*", "$[*]", "$**.a", "$[1 to 3]", "a.b", "$.", "$[", "$[x]",
                           R"($."open)", R"($."\ud800")", "$[99999999999]", "$.a b"}) {
    auto legs = ParseJsonPath(path);
    ASSERT_FALSE(legs) << path;
    EXPECT_EQ(legs.error().code(), StatusCode::kDataLoss) << path;
  }
}

TEST(JsonDiffVectorTest, ParsesEveryOperation) {
  const std::string v = Diff(JsonDiffOperation::kReplace, "$.a", kTrue) +
                        Diff(JsonDiffOperation::kInsert, "$.c", kNull) +
                        Diff(JsonDiffOperation::kRemove, "$.b");
  auto diffs = ParseJsonDiffVector(AsBytes(v));
  ASSERT_TRUE(diffs) << diffs.error().ToString();
  ASSERT_EQ(diffs->size(), 3u);
  EXPECT_EQ((*diffs)[0].operation, JsonDiffOperation::kReplace);
  EXPECT_EQ((*diffs)[0].path, "$.a");
  EXPECT_EQ(AsStringView((*diffs)[0].value), kTrue);
  EXPECT_EQ((*diffs)[1].operation, JsonDiffOperation::kInsert);
  EXPECT_EQ((*diffs)[2].operation, JsonDiffOperation::kRemove);
  EXPECT_EQ((*diffs)[2].path, "$.b");
  EXPECT_TRUE((*diffs)[2].value.empty());
}

TEST(JsonDiffVectorTest, EmptyVectorHasNoDiffs) {
  auto diffs = ParseJsonDiffVector({});
  ASSERT_TRUE(diffs);
  EXPECT_TRUE(diffs->empty());
}

TEST(JsonDiffVectorTest, EveryTruncationInsideAnEntryIsDataLoss) {
  const std::string first = Diff(JsonDiffOperation::kReplace, "$.a", kString);
  const std::string v = first + Diff(JsonDiffOperation::kRemove, "$.b");
  for (size_t n = 1; n < v.size(); ++n) {
    auto diffs = ParseJsonDiffVector(AsBytes(std::string_view(v).substr(0, n)));
    if (n == first.size()) {
      EXPECT_TRUE(diffs) << "a cut between entries leaves one whole entry";
      continue;
    }
    ASSERT_FALSE(diffs) << n;
    EXPECT_EQ(diffs.error().code(), StatusCode::kDataLoss);
  }
}

TEST(JsonDiffVectorTest, UnknownOperationIsDataLoss) {
  auto diffs = ParseJsonDiffVector(AsBytes(FromHex("03 03 242e61")));
  ASSERT_FALSE(diffs);
  EXPECT_EQ(diffs.error().code(), StatusCode::kDataLoss);
}

TEST(JsonDiffVectorTest, EmptyValueIsDataLoss) {
  auto diffs = ParseJsonDiffVector(AsBytes(FromHex("00 03 242e61 00")));
  ASSERT_FALSE(diffs);
  EXPECT_EQ(diffs.error().code(), StatusCode::kDataLoss);
}

TEST(ApplyJsonDiffTest, EmptyDiffLeavesTheDocumentUnchanged) {
  EXPECT_EQ(Apply(kDoc, ""), R"({"a": 1, "b": [10, 20, 30]})");
}

TEST(ApplyJsonDiffTest, ReplaceAMember) {
  EXPECT_EQ(Apply(kDoc, Diff(JsonDiffOperation::kReplace, "$.a", kString)),
            R"({"a": "hi", "b": [10, 20, 30]})");
}

TEST(ApplyJsonDiffTest, ReplaceAnArrayCellCountedFromTheEnd) {
  EXPECT_EQ(Apply(kDoc, Diff(JsonDiffOperation::kReplace, "$.b[last]", kNull)),
            R"({"a": 1, "b": [10, 20, null]})");
  EXPECT_EQ(Apply(kDoc, Diff(JsonDiffOperation::kReplace, "$.b[last-2]", kNull)),
            R"({"a": 1, "b": [null, 20, 30]})");
}

TEST(ApplyJsonDiffTest, ReplaceInsideANestedObject) {
  EXPECT_EQ(Apply(kNested, Diff(JsonDiffOperation::kReplace, R"($."x".y)", kTrue)),
            R"({"x": {"y": true}})");
}

TEST(ApplyJsonDiffTest, InsertedMembersFollowMysqlKeyOrder) {
  // Shorter keys first, then bytewise: "a" < "c" < "b1" < "zzz".
  const std::string v = Diff(JsonDiffOperation::kInsert, "$.zzz", kTrue) +
                        Diff(JsonDiffOperation::kInsert, "$.b1", kNull) +
                        Diff(JsonDiffOperation::kInsert, "$.c", kString);
  EXPECT_EQ(Apply(kDoc, v), R"({"a": 1, "b": [10, 20, 30], "c": "hi", "b1": null, "zzz": true})");
}

TEST(ApplyJsonDiffTest, InsertIntoAnArrayShiftsOrAppends) {
  EXPECT_EQ(Apply(kDoc, Diff(JsonDiffOperation::kInsert, "$.b[1]", kTrue)),
            R"({"a": 1, "b": [10, true, 20, 30]})");
  EXPECT_EQ(Apply(kDoc, Diff(JsonDiffOperation::kInsert, "$.b[9]", kTrue)),
            R"({"a": 1, "b": [10, 20, 30, true]})");
}

TEST(ApplyJsonDiffTest, InsertedContainersCanBeTargetedByLaterDiffs) {
  const std::string v = Diff(JsonDiffOperation::kInsert, "$.c", kNested) +
                        Diff(JsonDiffOperation::kReplace, "$.c.x.y", kTrue);
  EXPECT_EQ(Apply(kDoc, v), R"({"a": 1, "b": [10, 20, 30], "c": {"x": {"y": true}}})");
}

TEST(ApplyJsonDiffTest, RemoveAMemberAndAnArrayCell) {
  const std::string v =
      Diff(JsonDiffOperation::kRemove, "$.a") + Diff(JsonDiffOperation::kRemove, "$.b[0]");
  EXPECT_EQ(Apply(kDoc, v), R"({"b": [20, 30]})");
}

TEST(ApplyJsonDiffTest, DiffsThatDoNotApplyAreDataLoss) {
  const std::vector<std::string> bad = {
      Diff(JsonDiffOperation::kReplace, "$.missing", kTrue),
      Diff(JsonDiffOperation::kReplace, "$.b[3]", kTrue),
      Diff(JsonDiffOperation::kReplace, "$", kTrue),
      Diff(JsonDiffOperation::kInsert, "$.a", kTrue),
      Diff(JsonDiffOperation::kInsert, "$.a.b", kTrue),
      Diff(JsonDiffOperation::kInsert, "$[0]", kTrue),
      Diff(JsonDiffOperation::kRemove, "$.missing"),
      Diff(JsonDiffOperation::kRemove, "$.b[3]"),
      Diff(JsonDiffOperation::kRemove, "$.b.x"),
      Diff(JsonDiffOperation::kReplace, "$.*", kTrue),
      Diff(JsonDiffOperation::kReplace, "$.a", FromHex("0d")),
  };
  for (const std::string& v : bad) {
    auto r = ApplyJsonDiff(AsBytes(kDoc), AsBytes(v));
    ASSERT_FALSE(r) << *r;
    EXPECT_EQ(r.error().code(), StatusCode::kDataLoss) << r.error().ToString();
  }
}

TEST(ApplyJsonDiffTest, DiffOnAJsonNullBeforeImageIsDataLoss) {
  auto r = ApplyJsonDiff({}, AsBytes(Diff(JsonDiffOperation::kReplace, "$.a", kTrue)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
}

TEST(ApplyJsonDiffTest, EveryTruncationOfTheBeforeImageIsDataLoss) {
  const std::string v = Diff(JsonDiffOperation::kReplace, "$.a", kTrue);
  for (size_t n = 1; n < kDoc.size(); ++n) {
    auto r = ApplyJsonDiff(AsBytes(std::string_view(kDoc).substr(0, n)), AsBytes(v));
    ASSERT_FALSE(r) << n;
    EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
  }
}

TEST(ApplyJsonDiffTest, InsertBeyondTheDepthLimitIsDataLoss) {
  // 99 nested arrays, then a value of two more: 101 levels.
  std::string deep = FromHex("0200000400");
  for (int i = 1; i < 99; ++i) {
    std::string c;
    PutLe(c, 1, 2);
    PutLe(c, 7 + deep.size() - 1, 2);
    c.push_back(deep[0]);
    PutLe(c, 7, 2);
    deep = "\x02" + c + deep.substr(1);
  }
  std::string path = "$";
  for (int i = 0; i < 98; ++i) path += "[0]";
  auto ok =
      ApplyJsonDiff(AsBytes(deep),
                    AsBytes(Diff(JsonDiffOperation::kInsert, path + "[0]", FromHex("0200000400"))));
  ASSERT_TRUE(ok) << ok.error().ToString();
  auto r = ApplyJsonDiff(AsBytes(deep), AsBytes(Diff(JsonDiffOperation::kInsert, path + "[0]",
                                                     FromHex("02 0100 0b00 02 0700 0000 0400"))));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
}

// The rows of a PARTIAL_UPDATE_ROWS event on vt_commerce.customer (customer_id BIGINT, email
// VARBINARY(128), jd JSON), parsed by hand: the decoder's own support is tested elsewhere.
struct CustomerRow {
  std::string before_json;  // binary JSON
  bool partial = false;     // after_json is a diff vector
  std::string after_json;
};

Status ReadCustomerImage(ByteReader& r, uint8_t present, bool after, CustomerRow& row) {
  if (after) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t options, r.ReadLenEncInt());
    if (options & 1) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t partial_bits, r.ReadU8());
      row.partial = (partial_bits & 1) != 0;
    }
  }
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t nulls, r.ReadU8());
  int k = 0;
  for (int col = 0; col < 3; ++col) {
    if (((present >> col) & 1) == 0) continue;
    if ((nulls >> k++) & 1) continue;
    if (col == 0) {
      ROWCAST_RETURN_STATUS_IF_ERROR(r.Skip(8));
    } else if (col == 1) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t n, r.ReadU8());
      ROWCAST_RETURN_STATUS_IF_ERROR(r.Skip(n));
    } else {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t n, r.ReadU32Le());
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string_view json, r.ReadString(n));
      (after ? row.after_json : row.before_json) = json;
    }
  }
  return OkStatus();
}

StatusOr<std::vector<CustomerRow>> ParseCustomerEvent(const std::string& event) {
  ByteReader r(AsBytes(event).subspan(19));
  ROWCAST_RETURN_IF_ERROR(r.Skip(6 + 2));  // table id, flags
  ROWCAST_ASSIGN_OR_RETURN(uint16_t extra, r.ReadU16Le());
  ROWCAST_RETURN_IF_ERROR(r.Skip(extra - 2u));
  ROWCAST_ASSIGN_OR_RETURN(uint64_t width, r.ReadLenEncInt());
  if (width != 3) return std::unexpected(DataLossError("not the customer table"));
  ROWCAST_ASSIGN_OR_RETURN(uint8_t before_present, r.ReadU8());
  ROWCAST_ASSIGN_OR_RETURN(uint8_t after_present, r.ReadU8());
  std::vector<CustomerRow> rows;
  while (!r.empty()) {
    CustomerRow row;
    ROWCAST_RETURN_IF_ERROR(ReadCustomerImage(r, before_present, false, row));
    ROWCAST_RETURN_IF_ERROR(ReadCustomerImage(r, after_present, true, row));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Doc(std::string_view salary) {
  return R"({"day": "friday", "role": "manager", "color": "red", "salary": )" +
         std::string(salary) + R"(, "favorite_color": "black"})";
}

TEST(JsonDiffSamplesTest, PartialUpdatesFromMysql8040ApplyToTheirBeforeImages) {
  // before -> after per row, from the mysqlbinlog -vvv output quoted in the sample file.
  const std::map<std::string, std::vector<std::pair<std::string, std::string>>> expected = {
      {"INSERT",
       {{R"({"salary": 100})", R"({"role": "manager", "salary": 100})"},
        {R"({"salary": 99})", R"({"role": "manager", "salary": 99})"},
        {R"({"salary": 99})", R"({"role": "manager", "salary": 99})"},
        {R"({"salary": 99})", R"({"role": "manager", "salary": 99})"},
        {R"({"salary": 100})", R"({"role": "manager", "salary": 100})"}}},
      {"REPLACE", {{R"({"role": "manager", "salary": 100})", R"({"role": "IC", "salary": 100})"}}},
      {"REMOVE", {{R"({"role": "manager", "salary": 99})", R"({"role": "manager"})"}}},
      {"REMOVE and REPLACE",
       {{Doc("100"), R"({"day": "monday", "role": "manager", "color": "red", "salary": 100})"},
        {Doc("99"), R"({"day": "monday", "role": "manager", "color": "red", "salary": 99})"},
        {Doc("99"), R"({"day": "monday", "role": "manager", "color": "red", "salary": 99})"},
        {Doc("99"), R"({"day": "monday", "role": "manager", "color": "red", "salary": 99})"},
        {Doc("100"), R"({"day": "monday", "role": "manager", "color": "red", "salary": 100})"}}},
      {"INSERT and REMOVE and REPLACE",
       {{R"({"day": "monday", "role": "manager", "salary": 99, "favorite_color": "red"})",
         R"({"day": "tuesday", "role": "manager", "hobby": "skiing", "salary": 99})"}}},
      {"REPLACE with null",
       {{R"({"role": "manager", "salary": 99})", R"({"role": "manager", "salary": null})"}}},
      // The quoted mysqlbinlog output shows "salary": null before this update; the event's bytes
      // hold 99 (the Vitess samples were captured one by one), and the bytes are what counts.
      {"REPLACE 2 paths",
       {{R"({"role": "manager", "salary": 99})", R"({"role": "IC", "salary": 110})"}}},
      {"JSON null", {{Doc("100"), "null"}}},
      {"JSON object",
       {{R"({"day": "wednesday", "role": "manager", "color": "red", "salary": 100})",
         R"({"day": "wednesday", "misc": "{\"address\":\"1012 S Park\", \"town\":\"Hastings\", )"
         R"(\"state\":\"MI\"}", "role": "manager", "color": "red", "salary": 100})"}}},
  };
  size_t samples = 0;
  for (const HexBlock& b : ReadHexBlocks("partial-update-rows-json-diff-8.0.40.hex.txt")) {
    if (b.comments.empty() || !b.comments[0].starts_with("# sample: ")) continue;
    const std::string name = b.comments[0].substr(10, b.comments[0].find("  (") - 10);
    SCOPED_TRACE(name);
    auto rows = ParseCustomerEvent(b.bytes);
    ASSERT_TRUE(rows) << rows.error().ToString();
    ++samples;
    if (name == "JSON field not updated") {
      ASSERT_EQ(rows->size(), 5u);
      for (const CustomerRow& row : *rows) {
        EXPECT_TRUE(row.partial);
        EXPECT_TRUE(row.after_json.empty());
        std::string before;
        ASSERT_TRUE(AppendJsonBinaryAsText(before, AsBytes(row.before_json)).ok());
        EXPECT_EQ(Apply(row.before_json, row.after_json), before);
      }
      EXPECT_EQ(Apply((*rows)[2].before_json, (*rows)[2].after_json),
                R"({"day": "monday", "role": "manager", "color": "red", "hobby": "skiing", )"
                R"("salary": 99})");
      continue;
    }
    auto it = expected.find(name);
    ASSERT_NE(it, expected.end());
    ASSERT_EQ(rows->size(), it->second.size());
    for (size_t i = 0; i < rows->size(); ++i) {
      const CustomerRow& row = (*rows)[i];
      std::string before;
      ASSERT_TRUE(AppendJsonBinaryAsText(before, AsBytes(row.before_json)).ok());
      EXPECT_EQ(before, it->second[i].first) << "row " << i;
      std::string after;
      if (row.partial) {
        after = Apply(row.before_json, row.after_json);
      } else {
        ASSERT_TRUE(AppendJsonBinaryAsText(after, AsBytes(row.after_json)).ok());
      }
      EXPECT_EQ(after, it->second[i].second) << "row " << i;
    }
  }
  EXPECT_EQ(samples, 10u);
}

TEST(JsonDiffSamplesTest, PartialUpdateFromMysql8022MatchesItsGeneratedColumns) {
  // Table mysql.t (id INT, json_col JSON, name VARCHAR(100) AS (json_col->>'$.name'),
  // age INT AS (json_col->'$.age')): the PARTIAL_UPDATE at @3750 carries a MINIMAL before image
  // (id only) and a diff per row; the documents come from the full UPDATE before it, and the
  // server-computed generated columns in the after image say what the result must hold.
  const std::string file = ReadBinlogSample("json-rows-and-partial-update-8.0.22.binlog.b64.txt");
  Replay replay = ReplayFile(file);
  std::map<int64_t, std::string> docs;  // id -> binary JSON, last full image wins
  for (const auto& image : replay.after_images) {
    if (image.size() == 4 && image[0].kind == CellKind::kInt && image[1].kind == CellKind::kJson) {
      docs[image[0].i] = std::string(AsStringView(image[1].bytes));
    }
  }
  ASSERT_EQ(docs.size(), 6u) << replay.status.ToString();

  size_t at = 4, partial_rows = 0;
  while (at + 19 <= file.size()) {
    ByteReader h(AsBytes(std::string_view(file).substr(at, 19)));
    ASSERT_TRUE(h.Skip(4).ok());
    const uint8_t type = *h.ReadU8();
    ASSERT_TRUE(h.Skip(4).ok());
    const uint32_t size = *h.ReadU32Le();
    ASSERT_LE(at + size, file.size());
    if (type == 39) {
      // Body without header and CRC: table id, flags, extra, width 4, present 01 / 0e.
      ByteReader r(AsBytes(std::string_view(file).substr(at + 19, size - 19 - 4)));
      ASSERT_TRUE(r.Skip(6 + 2 + 2 + 1).ok());
      ASSERT_EQ(*r.ReadU8(), 0x01);
      ASSERT_EQ(*r.ReadU8(), 0x0e);
      while (!r.empty()) {
        ASSERT_EQ(*r.ReadU8(), 0);  // before null bitmap
        const int64_t id = static_cast<int32_t>(*r.ReadU32Le());
        ASSERT_EQ(*r.ReadLenEncInt(), 1u);  // PARTIAL_JSON_UPDATES
        ASSERT_EQ(*r.ReadU8(), 1);          // the JSON column's partial bit
        ASSERT_EQ(*r.ReadU8(), 0);          // after null bitmap
        const Bytes diff = *r.ReadBytes(*r.ReadU32Le());
        const std::string name(*r.ReadString(*r.ReadU16Le()));
        const int32_t age = static_cast<int32_t>(*r.ReadU32Le());
        ASSERT_TRUE(docs.contains(id));
        auto after = ApplyJsonDiff(AsBytes(docs[id]), diff);
        ASSERT_TRUE(after) << after.error().ToString();
        EXPECT_NE(after->find("\"age\": " + std::to_string(age) + ","), std::string::npos)
            << *after;
        EXPECT_NE(after->find("\"name\": \"" + name + "\""), std::string::npos) << *after;
        if (id == 1) {
          EXPECT_EQ(*after, R"({"age": 26, "data": "xxxxxxxxxx", "name": "Joe"})");
        }
        ++partial_rows;
      }
    }
    at += size;
  }
  EXPECT_EQ(partial_rows, 6u);
}

TEST(JsonDiffSamplesTest, EmptyDiffsInAPartialAfterImageLeaveDocumentsUnchanged) {
  const auto blocks = ReadHexBlocks("partial-update-after-image-empty-json.hex.txt");
  ASSERT_EQ(blocks.size(), 1u);
  // INT, INT, JSON, JSON, JSON, DATETIME2(0), DATETIME2(0), INT; all present, none NULL.
  ByteReader r(AsBytes(blocks[0].bytes));
  ASSERT_EQ(*r.ReadLenEncInt(), 1u);
  ASSERT_EQ(*r.ReadU8(), 0x07);  // the three JSON columns are partial
  ASSERT_EQ(*r.ReadU8(), 0x00);
  EXPECT_EQ(*r.ReadU32Le(), 994294u);
  EXPECT_EQ(*r.ReadU32Le(), 38842347u);
  for (int i = 0; i < 3; ++i) {
    const Bytes diff = *r.ReadBytes(*r.ReadU32Le());
    auto diffs = ParseJsonDiffVector(diff);
    ASSERT_TRUE(diffs);
    EXPECT_TRUE(diffs->empty());
    EXPECT_EQ(Apply(kDoc, std::string(AsStringView(diff))), R"({"a": 1, "b": [10, 20, 30]})");
  }
  ASSERT_TRUE(r.Skip(5 + 5).ok());
  EXPECT_EQ(*r.ReadU32Le(), 4404u);
  EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace rowcast::binlog
