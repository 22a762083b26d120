#include "capture/replay.h"

#include <gtest/gtest.h>

namespace rowcast::capture {
namespace {

TEST(ParseDatetimeTest, ReadsUtcDatetimesAndDates) {
  EXPECT_EQ(*ParseDatetime("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(*ParseDatetime("2024-01-02T03:04:05"), 1704164645);
  EXPECT_EQ(*ParseDatetime("2024-01-02"), 1704153600);
}

TEST(ParseDatetimeTest, RejectsWhatIsNotADatetime) {
  EXPECT_FALSE(ParseDatetime("yesterday").has_value());
  EXPECT_FALSE(ParseDatetime("2024-13-01 00:00:00").has_value());
  EXPECT_FALSE(ParseDatetime("2024-01-01 25:00:00").has_value());
}

TEST(ReplaySettingsTest, NeedsNoConnectionProperties) {
  auto s = ReplaySettings(R"({"name": "x", "config": {"database.server.name": "legacy",
                              "decimal.handling.mode": "string"}})");
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(s->topic_prefix, "legacy");
  EXPECT_EQ(s->decimal_mode, config::DecimalMode::kString);
}

TEST(ReplaySettingsTest, StillRejectsBadValues) {
  auto s = ReplaySettings(R"({"name": "x", "config": {"decimal.handling.mode": "exact"}})");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message().find("decimal.handling.mode"), std::string::npos);
}

}  // namespace
}  // namespace rowcast::capture
