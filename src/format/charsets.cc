#include "format/charsets.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <utility>

namespace rowcast::format {
namespace {

struct CharsetEntry {
  std::string_view name;
  std::string_view iconv_name;  // empty: handled without iconv
};

#include "format/collations.inc"

constexpr size_t kNoCharset = 0xFF;

constexpr auto kById = [] {
  std::array<uint8_t, 2048> t{};
  for (auto& v : t) v = kNoCharset;
  for (const auto& [id, cs] : kCollations) t[id] = cs;
  return t;
}();

const CharsetEntry* Lookup(uint32_t collation) {
  if (collation >= kById.size() || kById[collation] == kNoCharset) return nullptr;
  return &kCharsets[kById[collation]];
}

}  // namespace

uint32_t DefaultCollation(std::string_view charset) {
  if (charset == "utf8") charset = "utf8mb3";
  for (const auto& [id, cs] : kCollations) {
    if (kCharsets[cs].name == charset) return id;
  }
  return 0;
}

namespace {

// cp1252 0x80..0x9F; MySQL maps the five undefined bytes to the C1 controls.
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendCodePoint(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void AppendCp1252(std::string& out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // ASCII is the same in cp1252 and UTF-8: copy runs of it at once.
    size_t run = i;
    while (run < text.size() && static_cast<unsigned char>(text[run]) < 0x80) ++run;
    out.append(text.data() + i, run - i);
    if (run == text.size()) break;
    const auto b = static_cast<unsigned char>(text[run]);
    AppendCodePoint(out, b < 0xA0 ? kCp1252High[b - 0x80] : b);
    i = run + 1;
  }
}

// One iconv descriptor per charset and thread, opened on first use.
class Converters {
 public:
  ~Converters() {
    for (iconv_t cd : cds_) {
      if (cd != Unset() && cd != Failed()) iconv_close(cd);
    }
  }
  iconv_t For(size_t index) {
    if (cds_[index] == Unset()) {
      cds_[index] = iconv_open("UTF-8", std::string(kCharsets[index].iconv_name).c_str());
    }
    return cds_[index];
  }
  static iconv_t Failed() { return reinterpret_cast<iconv_t>(-1); }

 private:
  static iconv_t Unset() { return nullptr; }
  std::array<iconv_t, std::size(kCharsets)> cds_{};
};

void AppendWithIconv(std::string& out, std::string_view text, size_t index) {
  thread_local Converters converters;
  iconv_t cd = converters.For(index);
  if (cd == Converters::Failed()) {
    out.append(text);  // the C library lacks the charset: pass the bytes through
    return;
  }
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  char* in = const_cast<char*>(text.data());
  size_t in_left = text.size();
  char buf[1024];
  while (in_left > 0) {
    char* o = buf;
    size_t o_left = sizeof buf;
    const size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf, sizeof buf - o_left);
    if (r == static_cast<size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ / EINVAL: an invalid or truncated sequence; replace one byte and go on.
      out.append("\xEF\xBF\xBD");
      ++in;
      --in_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
}

}  // namespace

std::string_view CharsetName(uint32_t collation) {
  const CharsetEntry* e = Lookup(collation);
  return e == nullptr ? std::string_view() : e->name;
}

bool IsUtf8Collation(uint32_t collation) {
  const CharsetEntry* e = Lookup(collation);
  return e == nullptr || e->name == "utf8mb4" || e->name == "utf8mb3" || e->name == "ascii";
}

void AppendUtf8(std::string& out, std::string_view text, uint32_t collation) {
  const CharsetEntry* e = Lookup(collation);
  if (e == nullptr || e->iconv_name.empty()) {
    if (e != nullptr && e->name == "latin1") {
      AppendCp1252(out, text);
    } else {
      out.append(text);  // UTF-8 family, ascii, unknown (the JSON writer repairs invalid UTF-8)
    }
    return;
  }
  AppendWithIconv(out, text, static_cast<size_t>(e - kCharsets));
}

}  // namespace rowcast::format
