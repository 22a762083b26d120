#include "dispatch/delivery.h"

#include <curl/curl.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <span>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/json_writer.h"
#include "common/logging.h"

namespace rowcast::dispatch {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kMaxMillis = std::numeric_limits<int64_t>::max() / 4;
// Block mode without a configured cap still retries at least this often.
constexpr Millis kBlockCapDefault{60000};
constexpr auto kWarnEvery = std::chrono::seconds(10);

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

int64_t SaturatingMul(int64_t a, int64_t b) {
  if (a <= 0 || b <= 0) return 0;
  if (a > kMaxMillis / b) return kMaxMillis;
  return a * b;
}

}  // namespace

std::string ShownUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const size_t host = scheme + 3;
  const size_t end = url.find_first_of("/?#", host);
  const size_t at = url.substr(0, end).find('@', host);
  if (at == std::string_view::npos) return std::string(url);
  return fmt::format("{}***@{}", url.substr(0, host), url.substr(at + 1));
}

StatusOr<Millis> ParseIsoDuration(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return std::unexpected(InvalidArgumentError(fmt::format(
        "{:?} is not an ISO-8601 duration such as PT0.2S, PT30S, PT1M or P1DT2H: {}", text, why)));
  };
  std::string_view s = TrimView(text);
  if (s.empty() || (s[0] != 'P' && s[0] != 'p')) return bad("it must start with P");
  s.remove_prefix(1);
  if (s.empty()) return bad("no component after P");
  bool in_time = false;
  bool any = false;
  double ms = 0;
  std::string_view order_date = "WD";
  std::string_view order_time = "HMS";
  size_t date_at = 0, time_at = 0;
  while (!s.empty()) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    if (c == 'T') {
      if (in_time) return bad("T given twice");
      in_time = true;
      s.remove_prefix(1);
      if (s.empty()) return bad("no component after T");
      continue;
    }
    size_t n = 0;
    while (n < s.size() &&
           (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.' || s[n] == ','))
      ++n;
    if (n == 0) return bad(fmt::format("expected a number at {:?}", s));
    if (n == s.size()) return bad("a number without a unit");
    std::string number(s.substr(0, n));
    std::replace(number.begin(), number.end(), ',', '.');
    if (std::count(number.begin(), number.end(), '.') > 1 || number == ".")
      return bad(fmt::format("{:?} is not a number", number));
    const double value = std::strtod(number.c_str(), nullptr);
    const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(s[n])));
    s.remove_prefix(n + 1);
    double unit_ms = 0;
    std::string_view order = in_time ? order_time : order_date;
    size_t& at = in_time ? time_at : date_at;
    const size_t pos = order.find(unit, at);
    if (pos == std::string_view::npos) {
      if (!in_time && (unit == 'Y' || unit == 'M'))
        return bad("years and months have no fixed length; use weeks, days or hours");
      if (!in_time && (unit == 'H' || unit == 'S'))
        return bad("hours, minutes and seconds come after T");
      return bad(fmt::format("unit {} is misplaced or unknown", unit));
    }
    at = pos + 1;
    switch (unit) {
      case 'W':
        unit_ms = 7 * 86400e3;
        break;
      case 'D':
        unit_ms = 86400e3;
        break;
      case 'H':
        unit_ms = 3600e3;
        break;
      case 'M':
        unit_ms = 60e3;
        break;
      default:
        unit_ms = 1e3;
        break;
    }
    ms += value * unit_ms;
    any = true;
    if (ms > static_cast<double>(kMaxMillis)) return bad("too long");
  }
  if (!any) return bad("no component");
  return Millis(static_cast<int64_t>(std::llround(ms)));
}

Status ParseJitter(std::string_view text, RetryPolicy& policy) {
  const std::string t = Lower(TrimView(text));
  if (t == "none" || t == "0%") {
    policy.jitter = JitterKind::kNone;
    policy.jitter_fraction = 0;
    return OkStatus();
  }
  if (t == "full") {
    policy.jitter = JitterKind::kFull;
    policy.jitter_fraction = 0;
    return OkStatus();
  }
  if (t.size() >= 2 && t.back() == '%') {
    char* end = nullptr;
    const std::string number = t.substr(0, t.size() - 1);
    const double pct = std::strtod(number.c_str(), &end);
    if (end == number.c_str() + number.size() && pct > 0 && pct <= 100) {
      policy.jitter = JitterKind::kProportional;
      policy.jitter_fraction = pct / 100;
      return OkStatus();
    }
  }
  return InvalidArgumentError(fmt::format(
      "jitter {:?} is not 'full', 'none' or a percentage between 0 and 100 such as '20%'", text));
}

Verdict Classify(int http_status) {
  if (http_status >= 200 && http_status < 300) return Verdict::kSuccess;
  if (http_status == 0 || http_status >= 500) return Verdict::kRetry;
  switch (http_status) {
    case 404:
    case 408:
    case 409:
    case 429:
      return Verdict::kRetry;
    default:
      return Verdict::kFinal;
  }
}

Millis BaseBackoff(const RetryPolicy& policy, int n) {
  const int64_t d = std::max<int64_t>(policy.backoff_delay.count(), 0);
  n = std::max(n, 1);
  int64_t wait = 0;
  if (policy.backoff_policy == BackoffPolicy::kLinear) {
    wait = SaturatingMul(d, n);
  } else {
    wait = n >= 62 ? (d > 0 ? kMaxMillis : 0) : SaturatingMul(d, int64_t{1} << n);
  }
  if (policy.backoff_max.count() > 0) wait = std::min(wait, policy.backoff_max.count());
  return Millis(wait);
}

Millis NextDelay(const RetryPolicy& policy, int n, int http_status,
                 std::optional<Millis> retry_after, double unit_random) {
  const double r = std::clamp(unit_random, 0.0, 1.0);
  const int64_t base = BaseBackoff(policy, n).count();
  int64_t wait = base;
  switch (policy.jitter) {
    case JitterKind::kNone:
      break;
    case JitterKind::kFull:
      wait = static_cast<int64_t>(std::floor(static_cast<double>(base) * r));
      break;
    case JitterKind::kProportional: {
      const double f = std::clamp(policy.jitter_fraction, 0.0, 1.0);
      wait = static_cast<int64_t>(std::llround(static_cast<double>(base) * (1 + f * (2 * r - 1))));
      if (policy.backoff_max.count() > 0) wait = std::min(wait, policy.backoff_max.count());
      break;
    }
  }
  wait = std::clamp<int64_t>(wait, 0, kMaxMillis);
  if ((http_status == 429 || http_status == 503) && retry_after.has_value() &&
      policy.retry_after_max.count() > 0) {
    wait = std::max(wait, std::min(retry_after->count(), policy.retry_after_max.count()));
  }
  return Millis(wait);
}

std::optional<Millis> ParseRetryAfter(std::string_view value,
                                      std::chrono::system_clock::time_point now) {
  value = TrimView(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 12) return Millis(kMaxMillis);
    int64_t seconds = 0;
    for (char c : value) seconds = seconds * 10 + (c - '0');
    return Millis(seconds * 1000);
  }
  // HTTP-date: IMF-fixdate, RFC 850, asctime (strptime's names are the C locale's, which is
  // what HTTP uses).
  const std::string text(value);
  for (const char* format :
       {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    struct tm tm {};
    const char* end = ::strptime(text.c_str(), format, &tm);
    if (end == nullptr || *end != '\0') continue;
    const time_t at = ::timegm(&tm);
    if (at == static_cast<time_t>(-1)) continue;
    const auto when = std::chrono::system_clock::from_time_t(at);
    if (when <= now) return Millis(0);
    return std::chrono::duration_cast<Millis>(when - now);
  }
  return std::nullopt;
}

format::CloudEvent DeadLetterEvent(format::CloudEvent event, std::string_view url,
                                   const FailureInfo& failure) {
  auto set = [&](std::string name, std::string value) {
    auto& ext = event.extensions;
    auto it = std::lower_bound(
        ext.begin(), ext.end(), name,
        [](const format::CloudEventAttribute& a, const std::string& n) { return a.name < n; });
    if (it != ext.end() && it->name == name) {
      it->value = std::move(value);
      it->type = format::CloudEventValueType::kString;
    } else {
      ext.insert(it, format::CloudEventAttribute{std::move(name), std::move(value),
                                                 format::CloudEventValueType::kString});
    }
  };
  set("knativeerrordest", std::string(url));
  if (failure.http_status != 0) {
    set("knativeerrorcode", std::to_string(failure.http_status));
    if (!failure.body.empty()) {
      const std::string_view body =
          std::string_view(failure.body).substr(0, std::min(failure.body.size(), kMaxErrorData));
      std::string data;
      AppendBase64(data, std::as_bytes(std::span(body.data(), body.size())));
      set("knativeerrordata", std::move(data));
    }
    for (const auto& [name, value] : failure.headers) {
      if (name.size() <= 4 || !EqualsIgnoreCase(name.substr(0, 4), "kne-")) continue;
      std::string ext = Lower(name.substr(4));
      const bool valid = std::all_of(ext.begin(), ext.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      });
      if (!valid || ext == "data" || event.Find(ext) != nullptr) continue;
      set(std::move(ext), value);
    }
  }
  return event;
}

Status CheckDeliveryOptions(const DeliveryOptions& o) {
  auto check_url = [](std::string_view what, const std::string& url) -> Status {
    if (url.starts_with("http://") && url.size() > 7) return OkStatus();
    if (url.starts_with("https://") && url.size() > 8) return OkStatus();
    return InvalidArgumentError(
        fmt::format("{} {:?} is not an http:// or https:// URL", what, url));
  };
  ROWCAST_RETURN_STATUS_IF_ERROR(check_url("the sink URL", o.url));
  if (!o.dead_letter_url.empty())
    ROWCAST_RETURN_STATUS_IF_ERROR(check_url("the dead-letter sink URL", o.dead_letter_url));
  if (o.policy.retry < 0)
    return InvalidArgumentError(fmt::format("retry must be 0 or more, not {}", o.policy.retry));
  if (o.policy.timeout.count() <= 0)
    return InvalidArgumentError("the request timeout must be longer than 0");
  if (o.max_in_flight < 1 || o.max_in_flight > 1024)
    return InvalidArgumentError(
        fmt::format("max in flight must be between 1 and 1024, not {}", o.max_in_flight));
  for (const auto& [what, path] :
       {std::pair{"CA file", o.ca_file}, std::pair{"bearer token file", o.bearer_token_file}}) {
    if (path.empty()) continue;
    std::ifstream in(path);
    if (!in) {
      return FailedPreconditionError(
          fmt::format("the {} {} cannot be read: {}", what, path, std::strerror(errno)));
    }
  }
  return OkStatus();
}

// The bearer token, read from a file and read again whenever its mtime or size changes (token
// rotation: Kubernetes replaces projected files atomically). Never logged.
class TokenSource {
 public:
  explicit TokenSource(std::string path) : path_(std::move(path)) {}

  StatusOr<std::string> Get() {
    std::lock_guard lock(mu_);
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
      if (!token_.empty()) return token_;  // gone for a moment during a rotation: keep the last
      return std::unexpected(FailedPreconditionError(
          fmt::format("the bearer token file {} cannot be read: {}", path_, std::strerror(errno))));
    }
    if (!token_.empty() && st.st_mtim.tv_sec == mtime_.tv_sec &&
        st.st_mtim.tv_nsec == mtime_.tv_nsec && st.st_size == size_) {
      return token_;
    }
    std::ifstream in(path_, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string token(TrimView(text.str()));
    if (!in || token.empty()) {
      if (!token_.empty()) return token_;
      return std::unexpected(
          FailedPreconditionError(fmt::format("the bearer token file {} is empty", path_)));
    }
    if (!token_.empty()) spdlog::info("bearer token file {} changed: using the new token", path_);
    token_ = token;
    mtime_ = st.st_mtim;
    size_ = st.st_size;
    return token_;
  }

 private:
  std::mutex mu_;
  std::string path_;
  std::string token_;
  struct timespec mtime_ {};
  off_t size_ = 0;
};

struct Response {
  int status = 0;  // 0: no response
  FailureInfo failure;
  std::optional<Millis> retry_after;
};

class DeliveryEngine::Impl {
 public:
  Impl(DeliveryOptions options, DoneCallback done)
      : o_(std::move(options)),
        url_shown_(ShownUrl(o_.url)),
        dls_shown_(ShownUrl(o_.dead_letter_url)),
        done_(std::move(done)),
        rng_(std::random_device{}()) {
    if (!o_.bearer_token_file.empty()) token_.emplace(o_.bearer_token_file);
  }

  ~Impl() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
    }
    closing_flag_.store(true);
    work_cv_.notify_all();
    space_cv_.notify_all();
    idle_cv_.notify_all();
    for (std::thread& t : workers_) {
      if (t.joinable()) t.join();
    }
    if (share_ != nullptr) curl_share_cleanup(share_);
  }

  CURL* NewHandle() {
    CURL* curl = curl_easy_init();
    if (curl != nullptr) curl_easy_setopt(curl, CURLOPT_SHARE, share_);
    return curl;
  }

  static void ShareLock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->share_mu_[static_cast<size_t>(data) % kShareLocks].lock();
  }
  static void ShareUnlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Impl*>(user)->share_mu_[static_cast<size_t>(data) % kShareLocks].unlock();
  }

  Status Start() {
    if (token_) {
      auto t = token_->Get();
      if (!t.has_value()) return t.error();
    }
    // DNS answers and TLS sessions are shared between the workers (a worker that reconnects
    // resumes its TLS session); connections are not: libcurl's shared connection cache is not
    // safe across threads.
    share_ = curl_share_init();
    if (share_ == nullptr) return InternalError("curl_share_init failed");
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &Impl::ShareLock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &Impl::ShareUnlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    const std::string ctx = CurrentLogContext();
    for (int i = 0; i < o_.max_in_flight; ++i) {
      CURL* curl = NewHandle();
      if (curl == nullptr) return InternalError("curl_easy_init failed");
      workers_.emplace_back([this, curl, ctx]() mutable {
        LogContext log_context(ctx);
        Work(curl);
        curl_easy_cleanup(curl);
      });
    }
    return OkStatus();
  }

  Status Submit(uint64_t tag, std::string key, format::CloudEvent event) {
    auto item = std::make_unique<Item>();
    item->tag = tag;
    item->id = std::string(event.Get("id"));
    item->bytes = (event.data ? event.data->size() : 0) + 256;
    for (const auto& a : event.attributes) item->bytes += a.value.size();
    for (const auto& a : event.extensions) item->bytes += a.value.size();
    item->event = std::move(event);
    if (key.empty()) key = fmt::format("\x01{}", next_anonymous_++);
    item->key = key;
    std::unique_lock lock(mu_);
    Clock::time_point waiting_since{};
    Clock::time_point next_report{};
    while (!closing_ && failure_.ok() && pending_ > 0 &&
           (pending_ >= o_.max_queued || queued_bytes_ + item->bytes > o_.max_queued_bytes)) {
      const auto now = Clock::now();
      if (waiting_since == Clock::time_point{}) {
        waiting_since = now;
        next_report = now + std::chrono::seconds(30);
      } else if (now >= next_report) {
        spdlog::warn("waiting for {} for {} s: {} event(s) not yet delivered fill the queue",
                     url_shown_,
                     std::chrono::duration_cast<std::chrono::seconds>(now - waiting_since).count(),
                     pending_);
        next_report = now + std::chrono::seconds(30);
      }
      space_cv_.wait_for(lock, std::chrono::seconds(1));
    }
    if (!failure_.ok()) return failure_;
    if (closing_) return CancelledError("the HTTP delivery engine is closing");
    ++pending_;
    queued_bytes_ += item->bytes;
    KeyQueue& q = keys_[key];
    Item* raw = item.get();
    q.items.push_back(std::move(item));
    if (q.items.size() == 1) {
      ready_.push_back(raw);
      work_cv_.notify_one();
    }
    return OkStatus();
  }

  std::vector<uint64_t> Cancel(const std::function<bool(uint64_t)>& which) {
    std::lock_guard lock(mu_);
    std::unordered_set<const Item*> waiting(ready_.begin(), ready_.end());
    for (const auto& [when, item] : delayed_) waiting.insert(item);
    std::vector<uint64_t> cancelled;
    for (auto it = keys_.begin(); it != keys_.end();) {
      auto& items = it->second.items;
      Item* const old_front = items.empty() ? nullptr : items.front().get();
      const bool front_waiting = old_front != nullptr && waiting.contains(old_front);
      std::deque<std::unique_ptr<Item>> kept;
      for (size_t i = 0; i < items.size(); ++i) {
        Item* item = items[i].get();
        const bool in_flight = i == 0 && !front_waiting;
        if (in_flight && which(item->tag)) item->cancelled = true;
        if (in_flight || !which(item->tag)) {
          kept.push_back(std::move(items[i]));
          continue;
        }
        if (i == 0) {
          std::erase(ready_, item);
          std::erase_if(delayed_, [item](const auto& d) { return d.second == item; });
        }
        --pending_;
        queued_bytes_ -= item->bytes;
        cancelled.push_back(item->tag);
      }
      items = std::move(kept);
      if (items.empty()) {
        it = keys_.erase(it);
        continue;
      }
      // The new front must be scheduled unless it is the old one (in flight or waiting).
      if (items.front().get() != old_front) {
        ready_.push_back(items.front().get());
        work_cv_.notify_one();
      }
      ++it;
    }
    if (!cancelled.empty()) {
      space_cv_.notify_all();
      idle_cv_.notify_all();
    }
    return cancelled;
  }

  Status WaitIdle(Millis deadline) {
    std::unique_lock lock(mu_);
    idle_cv_.wait_for(lock, deadline, [&] { return pending_ == 0 || !failure_.ok(); });
    if (!failure_.ok()) return failure_;
    if (pending_ == 0) return OkStatus();
    return UnavailableError(fmt::format("{} event(s) not delivered to {} within {} ms", pending_,
                                        url_shown_, deadline.count()));
  }

  Status failure() const {
    std::lock_guard lock(mu_);
    return failure_;
  }
  size_t pending() const {
    std::lock_guard lock(mu_);
    return pending_;
  }
  Counters counters() const {
    std::lock_guard lock(mu_);
    return counters_;
  }

 private:
  enum class Phase { kPrimary, kDeadLetter, kBlocked };

  struct Item {
    uint64_t tag = 0;
    std::string key;
    std::string id;
    size_t bytes = 0;
    format::CloudEvent event;
    Phase phase = Phase::kPrimary;
    int attempt = 0;  // retries made in this phase
    int total_attempts = 0;
    int rounds = 0;  // kBlocked rounds
    FailureInfo last;
    Clock::time_point blocked_since{};
    bool cancelled = false;  // by Cancel() while in flight: not retried, not reported
  };

  struct KeyQueue {
    std::deque<std::unique_ptr<Item>> items;  // the front one is scheduled
  };

  struct Transition {
    bool done = false;
    DeliveryReport report;
    std::optional<Millis> delay;  // when not done
  };

  double Random() {
    std::uniform_real_distribution<double> dist(0.0, 1.0);
    return dist(rng_);
  }

  // `curl` is this worker's handle; it is replaced (closing its connection) when the worker
  // goes idle, so idle workers hold no keep-alive connections: a sink that serves a thread per
  // connection (cpp-httplib's 8 by default, many small servers) sees about as many connections
  // as requests in flight. libcurl cannot share one connection cache between threads safely,
  // so this is the way to bound them.
  void Work(CURL*& curl) {
    std::unique_lock lock(mu_);
    bool connected = false;
    for (;;) {
      if (closing_) return;
      const auto now = Clock::now();
      while (!delayed_.empty() && delayed_.begin()->first <= now) {
        ready_.push_back(delayed_.begin()->second);
        delayed_.erase(delayed_.begin());
      }
      if (ready_.empty() && connected) {
        lock.unlock();
        if (CURL* fresh = NewHandle(); fresh != nullptr) {
          curl_easy_cleanup(curl);
          curl = fresh;
        }
        connected = false;
        lock.lock();
        continue;
      }
      if (ready_.empty() || !failure_.ok()) {
        if (!delayed_.empty() && failure_.ok()) {
          work_cv_.wait_until(lock, delayed_.begin()->first);
        } else {
          work_cv_.wait(lock);
        }
        continue;
      }
      Item* item = ready_.front();
      ready_.pop_front();
      lock.unlock();
      Transition t = Attempt(curl, *item);
      connected = true;
      lock.lock();
      if (closing_) return;
      if (!t.done && item->cancelled) {
        Remove(*item);
        continue;
      }
      if (!t.done) {
        delayed_.emplace(Clock::now() + *t.delay, item);
        // Idle workers recompute how long to sleep (one of them serves it when due).
        work_cv_.notify_all();
        continue;
      }
      Finish(*item, t.report);
      lock.unlock();
      done_(t.report);
      lock.lock();
    }
  }

  // Called with mu_ held: removes the item, schedules the next of its key.
  void Finish(Item& item, const DeliveryReport& report) {
    switch (report.result) {
      case DeliveryResult::kDelivered:
        ++counters_.delivered;
        break;
      case DeliveryResult::kDeadLettered:
        ++counters_.dead_lettered;
        break;
      case DeliveryResult::kDropped:
        ++counters_.dropped;
        break;
      case DeliveryResult::kFailed:
        ++counters_.failed;
        if (failure_.ok()) failure_ = report.status;
        break;
    }
    Remove(item);
  }

  // Called by a worker with mu_ held: removes `item`, the front of its key, and schedules the
  // next one of the key. No other worker is woken for it: this one looks at ready_ again
  // before it waits (a wakeup per event would cost a context switch each).
  void Remove(Item& item) {
    --pending_;
    queued_bytes_ -= item.bytes;
    auto it = keys_.find(item.key);
    it->second.items.pop_front();  // `item` is gone from here on
    if (it->second.items.empty()) {
      keys_.erase(it);
    } else {
      ready_.push_back(it->second.items.front().get());
    }
    space_cv_.notify_all();
    idle_cv_.notify_all();
  }

  bool ShouldWarn() {
    std::lock_guard lock(warn_mu_);
    const auto now = Clock::now();
    if (now < next_warn_) return false;
    next_warn_ = now + kWarnEvery;
    return true;
  }

  double LockedRandom() {
    std::lock_guard lock(mu_);
    return Random();
  }

  static std::string Describe(const Response& r) {
    if (r.status != 0) return fmt::format("HTTP status {}", r.status);
    return r.failure.error.empty() ? "no response" : r.failure.error;
  }

  Millis BlockDelay(const Item& item, const Response& r) {
    RetryPolicy p = o_.policy;
    if (p.backoff_max.count() <= 0) p.backoff_max = kBlockCapDefault;
    const int n = std::min(std::max(p.retry, 1) + item.rounds, 62);
    return NextDelay(p, n, r.status, r.retry_after, LockedRandom());
  }

  Transition Done(const Item& item, DeliveryResult result, Status status = OkStatus()) {
    Transition t;
    t.done = true;
    t.report = DeliveryReport{item.tag, result, item.total_attempts, std::move(status)};
    return t;
  }
  static Transition Later(Millis delay) {
    Transition t;
    t.delay = delay;
    return t;
  }

  // A final failure stops the user (FailedPrecondition: retrying from the same offset would
  // meet the same answer); the message says what to do.
  Status FinalError(const Item& item, const Response& r, std::string_view why) {
    return FailedPreconditionError(fmt::format(
        "the HTTP sink {} did not take CloudEvent id {:?} ({}{}){}; no dead-letter sink is "
        "configured: fix the function or set a dead-letter sink, then restart (the event is "
        "sent again)",
        url_shown_, item.id, Describe(r),
        r.failure.body.empty()
            ? ""
            : fmt::format(", body {:?}", std::string_view(r.failure.body).substr(0, 200)),
        why));
  }

  Transition Attempt(CURL* curl, Item& item) {
    const int retry = o_.policy.retry;
    switch (item.phase) {
      case Phase::kPrimary: {
        Response r = Post(curl, o_.url, item.event);
        ++item.total_attempts;
        const Verdict v = Classify(r.status);
        if (v == Verdict::kSuccess) return Done(item, DeliveryResult::kDelivered);
        if (v == Verdict::kRetry && item.attempt < retry) {
          ++item.attempt;
          const Millis delay =
              NextDelay(o_.policy, item.attempt, r.status, r.retry_after, LockedRandom());
          {
            std::lock_guard lock(mu_);
            ++counters_.retries;
          }
          if (ShouldWarn()) {
            spdlog::warn("{} answered {} for CloudEvent id {}: retry {} of {} in {} ms", url_shown_,
                         Describe(r), item.id, item.attempt, retry, delay.count());
          }
          return Later(delay);
        }
        item.last = std::move(r.failure);
        item.last.http_status = r.status;
        if (!o_.dead_letter_url.empty()) {
          item.phase = Phase::kDeadLetter;
          item.attempt = 0;
          spdlog::warn("{} answered {} for CloudEvent id {}{}: sending it to the dead-letter sink",
                       url_shown_, Describe(r), item.id,
                       v == Verdict::kFinal ? " (not retried)" : " after every retry");
          return Later(Millis(0));
        }
        if (o_.on_failure == OnFailure::kDrop) {
          spdlog::error(
              "dropped CloudEvent id {}: {} answered {}{} and there is no dead-letter sink "
              "(on failure: drop)",
              item.id, url_shown_, Describe(r),
              v == Verdict::kFinal ? "" : fmt::format(" after {} retries", retry));
          return Done(item, DeliveryResult::kDropped);
        }
        if (v == Verdict::kFinal && !o_.block_on_final_status) {
          return Done(item, DeliveryResult::kFailed,
                      FinalError(item, r, ": a status that is not retried"));
        }
        item.phase = Phase::kBlocked;
        item.blocked_since = Clock::now();
        spdlog::warn(
            "{} answered {} for CloudEvent id {} after {} retries and there is no dead-letter "
            "sink: blocking (retrying at the capped backoff) until it takes the event",
            url_shown_, Describe(r), item.id, retry);
        return Later(BlockDelay(item, r));
      }
      case Phase::kDeadLetter: {
        Response r =
            Post(curl, o_.dead_letter_url, DeadLetterEvent(item.event, url_shown_, item.last));
        ++item.total_attempts;
        const Verdict v = Classify(r.status);
        if (v == Verdict::kSuccess) {
          spdlog::warn("CloudEvent id {} went to the dead-letter sink {} ({} from {})", item.id,
                       dls_shown_,
                       item.last.http_status != 0 ? fmt::format("status {}", item.last.http_status)
                                                  : item.last.error,
                       url_shown_);
          return Done(item, DeliveryResult::kDeadLettered);
        }
        if (v == Verdict::kRetry && item.attempt < retry) {
          ++item.attempt;
          {
            std::lock_guard lock(mu_);
            ++counters_.retries;
          }
          return Later(NextDelay(o_.policy, item.attempt, r.status, r.retry_after, LockedRandom()));
        }
        if (o_.on_failure == OnFailure::kDrop) {
          spdlog::error(
              "dropped CloudEvent id {}: {} answered {} and the dead-letter sink {} answered {} "
              "(on dead-letter failure: drop)",
              item.id, url_shown_,
              item.last.http_status != 0 ? fmt::format("status {}", item.last.http_status)
                                         : item.last.error,
              dls_shown_, Describe(r));
          return Done(item, DeliveryResult::kDropped);
        }
        item.phase = Phase::kBlocked;
        item.blocked_since = Clock::now();
        spdlog::warn(
            "CloudEvent id {}: {} answered {} and the dead-letter sink {} answered {}: blocking "
            "(retrying both at the capped backoff; nothing is dropped)",
            item.id, url_shown_,
            item.last.http_status != 0 ? fmt::format("status {}", item.last.http_status)
                                       : item.last.error,
            dls_shown_, Describe(r));
        return Later(BlockDelay(item, r));
      }
      case Phase::kBlocked: {
        ++item.rounds;
        Response r = Post(curl, o_.url, item.event);
        ++item.total_attempts;
        const Verdict v = Classify(r.status);
        if (v == Verdict::kSuccess) {
          spdlog::info(
              "{} took CloudEvent id {} after {} s of blocking", url_shown_, item.id,
              std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - item.blocked_since)
                  .count());
          return Done(item, DeliveryResult::kDelivered);
        }
        if (o_.dead_letter_url.empty() && v == Verdict::kFinal && !o_.block_on_final_status) {
          return Done(item, DeliveryResult::kFailed,
                      FinalError(item, r, ": a status that is not retried"));
        }
        Response dls;
        if (!o_.dead_letter_url.empty()) {
          FailureInfo f = r.failure;
          f.http_status = r.status;
          dls = Post(curl, o_.dead_letter_url, DeadLetterEvent(item.event, url_shown_, f));
          ++item.total_attempts;
          if (Classify(dls.status) == Verdict::kSuccess) {
            spdlog::warn(
                "CloudEvent id {} went to the dead-letter sink {} after {} s of blocking", item.id,
                dls_shown_,
                std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - item.blocked_since)
                    .count());
            return Done(item, DeliveryResult::kDeadLettered);
          }
        }
        const Millis delay = BlockDelay(item, dls.status != 0 ? dls : r);
        if (ShouldWarn()) {
          size_t waiting = 0;
          {
            std::lock_guard lock(mu_);
            waiting = pending_;
          }
          spdlog::warn(
              "delivery blocked for {} s: CloudEvent id {} not taken by {} ({}){}; retrying in "
              "{} ms; {} event(s) wait",
              std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - item.blocked_since)
                  .count(),
              item.id, url_shown_, Describe(r),
              o_.dead_letter_url.empty()
                  ? std::string()
                  : fmt::format(" nor by the dead-letter sink {} ({})", dls_shown_, Describe(dls)),
              delay.count(), waiting);
        }
        return Later(delay);
      }
    }
    return Later(Millis(0));
  }

  static size_t OnBody(char* data, size_t size, size_t n, void* user) {
    auto* body = static_cast<std::string*>(user);
    const size_t len = size * n;
    if (body->size() < kMaxErrorData) {
      body->append(data, std::min(len, kMaxErrorData - body->size()));
    }
    return len;  // the rest is read and discarded (replies are not used, §6.9)
  }

  static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
    auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    const size_t len = size * n;
    std::string_view line(data, len);
    if (line.starts_with("HTTP/")) {
      headers->clear();  // a new response (after 100 Continue)
      return len;
    }
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && headers->size() < 200) {
      headers->emplace_back(std::string(TrimView(line.substr(0, colon))),
                            std::string(TrimView(line.substr(colon + 1))));
    }
    return len;
  }

  static int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;  // 1 aborts
  }

  Response Post(CURL* curl, const std::string& url, const format::CloudEvent& event) {
    Response r;
    std::string body;
    format::HeaderList headers;
    if (o_.mode == EventMode::kStructured) {
      format::AppendStructuredJson(body, event);
      headers.emplace_back("Content-Type", std::string(format::kCloudEventsJsonContentType));
    } else {
      headers = format::BinaryHttpHeaders(event);
      if (event.data) body = *event.data;
    }
    bool content_type = false;
    struct curl_slist* list = nullptr;
    for (const auto& [name, value] : headers) {
      content_type = content_type || EqualsIgnoreCase(name, "content-type");
      list = curl_slist_append(list, fmt::format("{}: {}", name, value).c_str());
    }
    if (!content_type) list = curl_slist_append(list, "Content-Type:");  // not curl's form type
    list = curl_slist_append(list, "Expect:");
    for (const auto& [name, value] : o_.extra_headers) {
      list = curl_slist_append(list, fmt::format("{}: {}", name, value).c_str());
    }
    if (token_) {
      auto token = token_->Get();
      if (!token.has_value()) {
        curl_slist_free_all(list);
        r.failure.error = token.error().message();
        return r;
      }
      list = curl_slist_append(list, fmt::format("Authorization: Bearer {}", *token).c_str());
    }
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // 3xx is a final failure (§3.6)
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(o_.policy.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.failure.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.failure.headers);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &Impl::OnProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &closing_flag_);
    if (!o_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o_.ca_file.c_str());
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (rc != CURLE_OK) {
      r.failure.error =
          fmt::format("{}{}{}", curl_easy_strerror(rc), error[0] != 0 ? ": " : "", error);
      r.failure.body.clear();
      r.failure.headers.clear();
      return r;
    }
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    r.status = static_cast<int>(code);
    r.failure.http_status = r.status;
    if (r.status == 429 || r.status == 503) {
      for (const auto& [name, value] : r.failure.headers) {
        if (EqualsIgnoreCase(name, "retry-after")) {
          r.retry_after = ParseRetryAfter(value, std::chrono::system_clock::now());
        }
      }
    }
    return r;
  }

  const DeliveryOptions o_;
  const std::string url_shown_, dls_shown_;  // without user:password@
  DoneCallback done_;
  std::optional<TokenSource> token_;
  std::vector<std::thread> workers_;
  static constexpr size_t kShareLocks = CURL_LOCK_DATA_LAST;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, kShareLocks> share_mu_;
  std::atomic<bool> closing_flag_{false};
  uint64_t next_anonymous_ = 0;  // Submit's thread only

  mutable std::mutex mu_;
  std::condition_variable work_cv_, space_cv_, idle_cv_;
  bool closing_ = false;
  Status failure_;
  size_t pending_ = 0;
  size_t queued_bytes_ = 0;
  std::unordered_map<std::string, KeyQueue> keys_;
  std::deque<Item*> ready_;
  std::multimap<Clock::time_point, Item*> delayed_;
  Counters counters_;
  std::mt19937_64 rng_;

  std::mutex warn_mu_;
  Clock::time_point next_warn_{};
};

StatusOr<std::unique_ptr<DeliveryEngine>> DeliveryEngine::Create(DeliveryOptions options,
                                                                 DoneCallback done) {
  ROWCAST_RETURN_IF_ERROR(CheckDeliveryOptions(options));
  static std::once_flag curl_init;
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  auto impl = std::make_unique<Impl>(std::move(options), std::move(done));
  ROWCAST_RETURN_IF_ERROR(impl->Start());
  return std::unique_ptr<DeliveryEngine>(new DeliveryEngine(std::move(impl)));
}

DeliveryEngine::DeliveryEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DeliveryEngine::~DeliveryEngine() = default;

Status DeliveryEngine::Submit(uint64_t tag, std::string ordering_key, format::CloudEvent event) {
  return impl_->Submit(tag, std::move(ordering_key), std::move(event));
}
Status DeliveryEngine::WaitIdle(Millis deadline) { return impl_->WaitIdle(deadline); }
Status DeliveryEngine::failure() const { return impl_->failure(); }
std::vector<uint64_t> DeliveryEngine::Cancel(const std::function<bool(uint64_t)>& which) {
  return impl_->Cancel(which);
}
size_t DeliveryEngine::pending() const { return impl_->pending(); }
DeliveryEngine::Counters DeliveryEngine::counters() const { return impl_->counters(); }

}  // namespace rowcast::dispatch
