#include "snapshot/progress.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_writer.h"

namespace rowcast::snapshot {

namespace {

std::string Hex(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size() / 2);
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

std::string HumanCount(double n) {
  if (n >= 1e9) return fmt::format("{:.1f}G", n / 1e9);
  if (n >= 1e6) return fmt::format("{:.1f}M", n / 1e6);
  if (n >= 1e4) return fmt::format("{:.0f}k", n / 1e3);
  return fmt::format("{:.0f}", n);
}

std::string Duration(double s) {
  const auto t = static_cast<int64_t>(s + 0.5);
  if (t >= 3600) return fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
  return fmt::format("{}:{:02}", t / 60, t % 60);
}

}  // namespace

std::string WorkToJson(const SnapshotWork& work) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("kind");
  w.String(work.kind == SnapshotKind::kInitial ? "initial" : "incremental");
  if (!work.id.empty()) {
    w.Key("id");
    w.String(work.id);
  }
  if (work.first_emitted) {
    w.Key("first");
    w.Bool(true);
  }
  w.Key("tables");
  w.BeginArray();
  for (const TableWork& t : work.tables) {
    w.BeginObject();
    w.Key("table");
    w.String(t.db + "." + t.table);
    if (!t.after.empty()) {
      w.Key("after");
      w.BeginArray();
      for (const auto& v : t.after) {
        if (v) {
          w.String(Hex(*v));
        } else {
          w.Null();
        }
      }
      w.EndArray();
    }
    if (!t.filter.empty()) {
      w.Key("filter");
      w.String(t.filter);
    }
    w.Key("rows");
    w.Uint(t.rows);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

StatusOr<SnapshotWork> WorkFromJson(std::string_view json) {
  auto bad = [&](std::string_view why) {
    return std::unexpected(DataLossError(
        fmt::format("the snapshot progress in the stored offset is malformed ({}): {}", why,
                    json.substr(0, 300))));
  };
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  SnapshotWork w;
  try {
    const std::string kind = j.value("kind", "initial");
    if (kind == "initial") {
      w.kind = SnapshotKind::kInitial;
    } else if (kind == "incremental") {
      w.kind = SnapshotKind::kIncremental;
    } else {
      return bad("unknown kind");
    }
    w.id = j.value("id", "");
    w.first_emitted = j.value("first", false);
    for (const auto& t : j.at("tables")) {
      TableWork tw;
      const std::string name = t.at("table").get<std::string>();
      const size_t dot = name.find('.');
      if (dot == std::string::npos) return bad("table without a database");
      tw.db = name.substr(0, dot);
      tw.table = name.substr(dot + 1);
      if (auto it = t.find("after"); it != t.end()) {
        for (const auto& v : *it) {
          if (v.is_null()) {
            tw.after.emplace_back(std::nullopt);
          } else {
            auto raw = Unhex(v.get<std::string>());
            if (!raw) return bad("a key value is not hex");
            tw.after.emplace_back(std::move(*raw));
          }
        }
      }
      tw.filter = t.value("filter", "");
      tw.rows = t.value("rows", uint64_t{0});
      w.tables.push_back(std::move(tw));
    }
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
  return w;
}

void SnapshotStatus::Start(SnapshotKind kind, std::vector<TableStatus> tables) {
  std::lock_guard lock(mu_);
  running_ = true;
  kind_ = kind;
  tables_ = std::move(tables);
  index_.clear();
  for (size_t i = 0; i < tables_.size(); ++i) index_[tables_[i].name] = i;
  started_ = std::chrono::steady_clock::now();
}

void SnapshotStatus::AddRows(std::string_view table, uint64_t n) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(table); it != index_.end()) tables_[it->second].rows += n;
}

void SnapshotStatus::SetChunked(std::string_view table, bool chunked) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(table); it != index_.end()) tables_[it->second].chunked = chunked;
}

void SnapshotStatus::Finish(std::string_view table) {
  std::lock_guard lock(mu_);
  if (auto it = index_.find(table); it != index_.end()) tables_[it->second].done = true;
}

void SnapshotStatus::End() {
  std::lock_guard lock(mu_);
  if (!running_) return;
  running_ = false;
  seconds_at_end_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

SnapshotStatus::View SnapshotStatus::Get() const {
  std::lock_guard lock(mu_);
  View v;
  v.running = running_;
  v.kind = kind_;
  v.tables = tables_;
  for (const auto& t : tables_) {
    v.rows += t.rows;
    // A finished table's estimate is what it turned out to be.
    v.estimated += t.done ? t.rows : std::max(t.estimated, t.rows);
  }
  v.seconds =
      running_ ? std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count()
               : seconds_at_end_;
  if (v.seconds > 0) v.rate = static_cast<double>(v.rows) / v.seconds;
  if (v.rate > 0 && v.estimated >= v.rows) {
    v.eta_seconds = static_cast<double>(v.estimated - v.rows) / v.rate;
  }
  return v;
}

std::string SnapshotStatus::Line(const View& v) {
  std::string out;
  size_t shown = 0, done = 0;
  for (const auto& t : v.tables) {
    if (t.done) {
      ++done;
      continue;
    }
    if (t.rows == 0 || shown >= 4) continue;  // the tables being read, at most four
    if (!out.empty()) out += ", ";
    const uint64_t est = std::max(t.estimated, t.rows);
    out += fmt::format("{} {}/~{} ({}%)", t.name, HumanCount(static_cast<double>(t.rows)),
                       HumanCount(static_cast<double>(est)), est == 0 ? 100 : t.rows * 100 / est);
    ++shown;
  }
  if (!out.empty()) out += "; ";
  out += fmt::format("{}/{} tables done, {} rows, {} rows/s", done, v.tables.size(),
                     HumanCount(static_cast<double>(v.rows)), HumanCount(v.rate));
  if (v.running && v.eta_seconds >= 0) out += ", ETA " + Duration(v.eta_seconds);
  if (!v.running) out += ", took " + Duration(v.seconds);
  return out;
}

}  // namespace rowcast::snapshot
