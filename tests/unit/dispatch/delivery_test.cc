#include "dispatch/delivery.h"

#include <gtest/gtest.h>

#include <chrono>

namespace rowcast::dispatch {
namespace {

using std::chrono::system_clock;

RetryPolicy NoJitter(BackoffPolicy p, int64_t delay_ms, int64_t max_ms = 0) {
  RetryPolicy policy;
  policy.backoff_policy = p;
  policy.backoff_delay = Millis(delay_ms);
  policy.backoff_max = Millis(max_ms);
  policy.jitter = JitterKind::kNone;
  return policy;
}

TEST(IsoDurationTest, ParsesSecondsWithFractions) {
  EXPECT_EQ(ParseIsoDuration("PT0.2S"), Millis(200));
  EXPECT_EQ(ParseIsoDuration("PT30S"), Millis(30000));
  EXPECT_EQ(ParseIsoDuration("PT0S"), Millis(0));
  EXPECT_EQ(ParseIsoDuration("PT1,5S"), Millis(1500));
}

TEST(IsoDurationTest, ParsesDaysWeeksHoursAndMinutes) {
  EXPECT_EQ(ParseIsoDuration("PT1M"), Millis(60000));
  EXPECT_EQ(ParseIsoDuration("PT2H"), Millis(7200000));
  EXPECT_EQ(ParseIsoDuration("P1D"), Millis(86400000));
  EXPECT_EQ(ParseIsoDuration("P1W"), Millis(7 * 86400000LL));
  EXPECT_EQ(ParseIsoDuration("P1DT2H3M4.5S"), Millis(86400000 + 7200000 + 180000 + 4500));
}

TEST(IsoDurationTest, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "P", "PT", "0.2S", "PT0.2", "P1Y", "P1M", "PTS", "PT1S2M", "P1H",
                          "PT1.2.3S", "PT-1S", "1000"}) {
    auto d = ParseIsoDuration(bad);
    EXPECT_FALSE(d.has_value()) << bad;
    if (!d.has_value()) {
      EXPECT_EQ(d.error().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
}

TEST(ClassifyTest, TwoHundredsSucceed) {
  for (int s : {200, 201, 202, 204, 299}) EXPECT_EQ(Classify(s), Verdict::kSuccess) << s;
}

TEST(ClassifyTest, RetriesTransportErrorsServerErrorsAndKnativesList) {
  // §12 E2 / E4: no response, 5xx, 404, 408, 409, 429.
  for (int s : {0, 500, 502, 503, 504, 599, 404, 408, 409, 429})
    EXPECT_EQ(Classify(s), Verdict::kRetry) << s;
}

TEST(ClassifyTest, OtherStatusesAreFinal) {
  // §12 E3 plus 1xx, 3xx and 410.
  for (int s : {100, 301, 302, 304, 400, 401, 403, 405, 410, 413, 415, 422})
    EXPECT_EQ(Classify(s), Verdict::kFinal) << s;
}

TEST(BackoffTest, ExponentialDoublesFromTwiceTheDelayLikeKnative) {
  const RetryPolicy p = NoJitter(BackoffPolicy::kExponential, 100);
  EXPECT_EQ(BaseBackoff(p, 1), Millis(200));
  EXPECT_EQ(BaseBackoff(p, 2), Millis(400));
  EXPECT_EQ(BaseBackoff(p, 3), Millis(800));
  EXPECT_EQ(BaseBackoff(p, 10), Millis(102400));
}

TEST(BackoffTest, LinearGrowsByTheDelay) {
  const RetryPolicy p = NoJitter(BackoffPolicy::kLinear, 100);
  EXPECT_EQ(BaseBackoff(p, 1), Millis(100));
  EXPECT_EQ(BaseBackoff(p, 2), Millis(200));
  EXPECT_EQ(BaseBackoff(p, 3), Millis(300));
}

TEST(BackoffTest, CapLimitsEveryWait) {
  const RetryPolicy p = NoJitter(BackoffPolicy::kExponential, 100, 1000);
  EXPECT_EQ(BaseBackoff(p, 3), Millis(800));
  EXPECT_EQ(BaseBackoff(p, 4), Millis(1000));
  EXPECT_EQ(BaseBackoff(p, 60), Millis(1000));
}

TEST(BackoffTest, HugeAttemptNumbersSaturateInsteadOfOverflowing) {
  const RetryPolicy p = NoJitter(BackoffPolicy::kExponential, 300);
  for (int n : {40, 61, 62, 63, 1000, 1 << 30}) {
    EXPECT_GT(BaseBackoff(p, n).count(), 0) << n;
    EXPECT_GE(BaseBackoff(p, n), BaseBackoff(p, 30)) << n;
  }
  const RetryPolicy linear = NoJitter(BackoffPolicy::kLinear, int64_t{1} << 60);
  EXPECT_GT(BaseBackoff(linear, 1 << 30).count(), 0);
}

TEST(BackoffTest, NoJitterIsExact) {
  const RetryPolicy p = NoJitter(BackoffPolicy::kExponential, 100);
  EXPECT_EQ(NextDelay(p, 2, 503, std::nullopt, 0.0), Millis(400));
  EXPECT_EQ(NextDelay(p, 2, 503, std::nullopt, 0.99), Millis(400));
}

TEST(BackoffTest, FullJitterStaysBetweenZeroAndTheCap) {
  RetryPolicy p = NoJitter(BackoffPolicy::kExponential, 100, 1500);
  p.jitter = JitterKind::kFull;
  EXPECT_EQ(NextDelay(p, 3, 500, std::nullopt, 0.0), Millis(0));
  EXPECT_EQ(NextDelay(p, 3, 500, std::nullopt, 0.5), Millis(400));
  for (int n = 1; n < 70; ++n) {
    for (double r : {0.0, 0.25, 0.5, 0.999999}) {
      const Millis d = NextDelay(p, n, 500, std::nullopt, r);
      EXPECT_GE(d, Millis(0));
      EXPECT_LE(d, Millis(1500));
    }
  }
}

TEST(BackoffTest, ProportionalJitterStaysWithinThePercentageAndTheCap) {
  RetryPolicy p = NoJitter(BackoffPolicy::kLinear, 1000, 10000);
  ASSERT_TRUE(ParseJitter("20%", p).ok());
  EXPECT_EQ(p.jitter, JitterKind::kProportional);
  EXPECT_EQ(NextDelay(p, 1, 500, std::nullopt, 0.0), Millis(800));
  EXPECT_EQ(NextDelay(p, 1, 500, std::nullopt, 0.5), Millis(1000));
  EXPECT_LE(NextDelay(p, 1, 500, std::nullopt, 0.999999), Millis(1200));
  EXPECT_LE(NextDelay(p, 10, 500, std::nullopt, 0.999999), Millis(10000));  // capped
}

TEST(JitterTest, ParsesFullNoneAndPercentages) {
  RetryPolicy p;
  EXPECT_TRUE(ParseJitter("none", p).ok());
  EXPECT_EQ(p.jitter, JitterKind::kNone);
  EXPECT_TRUE(ParseJitter("FULL", p).ok());
  EXPECT_EQ(p.jitter, JitterKind::kFull);
  EXPECT_TRUE(ParseJitter("12.5%", p).ok());
  EXPECT_DOUBLE_EQ(p.jitter_fraction, 0.125);
  for (const char* bad : {"", "%", "150%", "-5%", "half", "20"})
    EXPECT_FALSE(ParseJitter(bad, p).ok()) << bad;
}

TEST(RetryAfterTest, ParsesDeltaSeconds) {
  const auto now = system_clock::now();
  EXPECT_EQ(ParseRetryAfter("2", now), Millis(2000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), Millis(0));
  EXPECT_EQ(ParseRetryAfter("120", now), Millis(120000));
  EXPECT_TRUE(ParseRetryAfter("99999999999999999999", now).has_value());  // huge, not UB
}

TEST(RetryAfterTest, ParsesHttpDatesInEveryFormRelativeToNow) {
  // Sun, 06 Nov 1994 08:49:37 GMT = 784111777.
  const auto now = system_clock::from_time_t(784111777 - 10);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now), Millis(10000));
  EXPECT_EQ(ParseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now), Millis(10000));
  EXPECT_EQ(ParseRetryAfter("Sun Nov  6 08:49:37 1994", now), Millis(10000));
}

TEST(RetryAfterTest, DateInThePastIsZeroAndGarbageIsNothing) {
  const auto now = system_clock::from_time_t(784111777 + 60);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now), Millis(0));
  EXPECT_EQ(ParseRetryAfter("soon", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("1.5", now), std::nullopt);
}

TEST(RetryAfterTest, HonouredFor429And503UpToTheMaximum) {
  RetryPolicy p = NoJitter(BackoffPolicy::kExponential, 100);
  p.retry_after_max = Millis(5000);
  EXPECT_EQ(NextDelay(p, 1, 429, Millis(2000), 0.5), Millis(2000));
  EXPECT_EQ(NextDelay(p, 1, 503, Millis(2000), 0.5), Millis(2000));
  EXPECT_EQ(NextDelay(p, 1, 429, Millis(60000), 0.5), Millis(5000));  // too large: capped
  // Never shorter than the backoff.
  EXPECT_EQ(NextDelay(p, 6, 429, Millis(1000), 0.5), Millis(6400));
  // Other statuses do not carry a meaningful Retry-After.
  EXPECT_EQ(NextDelay(p, 1, 500, Millis(2000), 0.5), Millis(200));
}

TEST(RetryAfterTest, ZeroMaximumIgnoresRetryAfter) {
  RetryPolicy p = NoJitter(BackoffPolicy::kExponential, 100);
  p.retry_after_max = Millis(0);
  EXPECT_EQ(NextDelay(p, 1, 429, Millis(2000), 0.5), Millis(200));
}

format::CloudEvent SampleEvent() {
  format::CloudEvent e;
  e.attributes = {
      {"specversion", "1.0"}, {"id", "name:p;file:f;pos:4;row:0"}, {"source", "/s"}, {"type", "t"}};
  e.extensions = {{"iodebeziumop", "c"}, {"iodebeziumtable", "t1"}};
  e.data = "{\"a\":1}";
  return e;
}

TEST(DeadLetterEventTest, AddsTheKnativeErrorExtensions) {
  FailureInfo f;
  f.http_status = 400;
  f.body = "bad";
  f.headers = {{"Content-Type", "text/plain"}, {"Kne-Foo", "bar"}, {"kne-not_valid", "x"}};
  const format::CloudEvent e = DeadLetterEvent(SampleEvent(), "http://fn/", f);
  EXPECT_EQ(e.Get("knativeerrordest"), "http://fn/");
  EXPECT_EQ(e.Get("knativeerrorcode"), "400");
  EXPECT_EQ(e.Get("knativeerrordata"), "YmFk");  // Base64("bad")
  EXPECT_EQ(e.Get("foo"), "bar");
  EXPECT_EQ(e.Find("not_valid"), nullptr);
  EXPECT_EQ(e.Get("id"), "name:p;file:f;pos:4;row:0");
  EXPECT_EQ(e.data, SampleEvent().data);
  for (size_t i = 1; i < e.extensions.size(); ++i)
    EXPECT_LT(e.extensions[i - 1].name, e.extensions[i].name);
}

TEST(DeadLetterEventTest, ErrorDataIsTheFirst1024BytesInBase64) {
  FailureInfo f;
  f.http_status = 500;
  f.body = std::string(1024, 'x');
  const format::CloudEvent e = DeadLetterEvent(SampleEvent(), "http://fn/", f);
  EXPECT_EQ(e.Get("knativeerrordata").size(), 4 * ((1024 + 2) / 3));
}

TEST(DeadLetterEventTest, NoResponseGivesOnlyTheDestination) {
  FailureInfo f;
  f.error = "Couldn't connect to server";
  const format::CloudEvent e = DeadLetterEvent(SampleEvent(), "http://fn/", f);
  EXPECT_EQ(e.Get("knativeerrordest"), "http://fn/");
  EXPECT_EQ(e.Find("knativeerrorcode"), nullptr);
  EXPECT_EQ(e.Find("knativeerrordata"), nullptr);
}

TEST(DeliveryOptionsTest, RejectsUrlsThatAreNotHttp) {
  DeliveryOptions o;
  o.url = "ftp://x/";
  EXPECT_EQ(CheckDeliveryOptions(o).code(), StatusCode::kInvalidArgument);
  o.url = "http://127.0.0.1:1/";
  EXPECT_TRUE(CheckDeliveryOptions(o).ok());
  o.dead_letter_url = "dls";
  EXPECT_EQ(CheckDeliveryOptions(o).code(), StatusCode::kInvalidArgument);
  o.dead_letter_url = "";
  o.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(CheckDeliveryOptions(o).code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace rowcast::dispatch
