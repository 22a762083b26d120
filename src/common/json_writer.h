// A small streaming JSON writer for the hot path: appends straight into a caller-owned string,
// no DOM, no allocation beyond the string's own growth. Not thread-safe; one writer per record.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace rowcast {

// Appends `s` as a quoted JSON string. Invalid UTF-8 sequences become U+FFFD, so the output is
// always valid JSON whatever bytes the database held.
void AppendJsonString(std::string& out, std::string_view s);
void AppendJsonInt(std::string& out, int64_t v);
void AppendJsonUint(std::string& out, uint64_t v);
// Shortest text that reads back to the same value; integral values keep a ".0" like Java does.
void AppendJsonDouble(std::string& out, double v);
void AppendJsonFloat(std::string& out, float v);

enum class Base64Alphabet { kStandard, kUrlSafe };
void AppendBase64(std::string& out, std::span<const std::byte> data,
                  Base64Alphabet alphabet = Base64Alphabet::kStandard);
void AppendHex(std::string& out, std::span<const std::byte> data);

// Comma bookkeeping for nested objects and arrays.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() {
    Separate();
    out_.push_back('{');
    Push();
  }
  void EndObject() {
    out_.push_back('}');
    Pop();
  }
  void BeginArray() {
    Separate();
    out_.push_back('[');
    Push();
  }
  void EndArray() {
    out_.push_back(']');
    Pop();
  }
  // Writes "key": — the next value call writes the value.
  void Key(std::string_view key) {
    Separate();
    AppendJsonString(out_, key);
    out_.push_back(':');
    after_key_ = true;
  }
  void String(std::string_view v) {
    Separate();
    AppendJsonString(out_, v);
  }
  void Int(int64_t v) {
    Separate();
    AppendJsonInt(out_, v);
  }
  void Uint(uint64_t v) {
    Separate();
    AppendJsonUint(out_, v);
  }
  void Double(double v) {
    Separate();
    AppendJsonDouble(out_, v);
  }
  void Float(float v) {
    Separate();
    AppendJsonFloat(out_, v);
  }
  void Bool(bool v) {
    Separate();
    out_.append(v ? "true" : "false");
  }
  void Null() {
    Separate();
    out_.append("null");
  }
  // Appends already-serialised JSON as one value.
  void Raw(std::string_view json) {
    Separate();
    out_.append(json);
  }
  // Begins a value whose text the caller appends to out() itself.
  std::string& RawValue() {
    Separate();
    return out_;
  }
  std::string& out() { return out_; }

 private:
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) {
      if (has_item_[depth_ - 1]) out_.push_back(',');
      has_item_[depth_ - 1] = true;
    }
  }
  void Push() {
    if (depth_ < kMaxDepth) has_item_[depth_++] = false;
  }
  void Pop() {
    if (depth_ > 0) --depth_;
  }

  static constexpr int kMaxDepth = 64;
  std::string& out_;
  bool has_item_[kMaxDepth] = {};
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace rowcast
