// Readers for the real MySQL binlog samples in ../shared/data/mysql8 (see its README): whole
// binlog files stored as base64 and hex blocks with "# " comments, read at test run time.
#pragma once

#include <cstdint>
#include <deque>
#include <fstream>
#include <string>
#include <vector>

#include "binlog/decoder.h"
#include "binlog/rows.h"
#include "binlog_events.h"

namespace rowcast::binlog::testing {

inline std::string SamplePath(const std::string& name) {
  return std::string(ROWCAST_SOURCE_DIR) + "/../shared/data/mysql8/" + name;
}

// The lines of a sample's provenance header (up to the "## ----" line).
inline std::vector<std::string> ReadSampleHeader(const std::string& name) {
  std::ifstream in(SamplePath(name));
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line) && !line.starts_with("## ----")) lines.push_back(line);
  return lines;
}

// The body of a *.binlog.b64.txt file: base64 after the "## ----" header line.
inline std::string ReadBinlogSample(const std::string& name) {
  std::ifstream in(SamplePath(name));
  std::string line, b64;
  bool body = false;
  while (std::getline(in, line)) {
    if (!body) {
      body = line.starts_with("## ----");
      continue;
    }
    b64 += line;
  }
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : b64) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// One block of a *.hex.txt file: its "#" comment lines and its bytes ("-" = empty).
struct HexBlock {
  std::vector<std::string> comments;
  std::string bytes;
};

// The blocks after the "## ----" header line, separated by blank lines. Comment-only blocks
// (section notes, appendices) are kept; they have no bytes.
inline std::vector<HexBlock> ReadHexBlocks(const std::string& name) {
  std::ifstream in(SamplePath(name));
  std::vector<HexBlock> blocks;
  std::string line;
  bool body = false, open = false;
  while (std::getline(in, line)) {
    if (!body) {
      body = line.starts_with("## ----");
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      open = false;
      continue;
    }
    if (!open) {
      blocks.emplace_back();
      open = true;
    }
    if (line.starts_with("#")) {
      blocks.back().comments.push_back(line);
    } else if (line != "-") {
      blocks.back().bytes += FromHex(line);
    }
  }
  return blocks;
}

struct Replay {
  struct Seen {
    EventHeader header;
    bool inner = false;  // from inside a TRANSACTION_PAYLOAD
  };
  Status status;
  size_t events = 0;        // every decoded event, inner ones included
  size_t inner_events = 0;  // of which inside TRANSACTION_PAYLOADs
  size_t rows = 0;
  std::vector<Seen> seen;  // every decoded event in order, inner ones after their payload
  // Row images; their byte values are copies in `storage` (payload events are decompressed into
  // a window that the next event overwrites).
  std::vector<std::vector<Cell>> before_images;
  std::vector<std::vector<Cell>> after_images;
  std::deque<std::string> storage;

  void Keep(const std::vector<Cell>& image, std::vector<std::vector<Cell>>& into) {
    into.push_back(image);
    for (Cell& c : into.back()) {
      if (c.bytes.empty()) continue;
      storage.emplace_back(AsStringView(c.bytes));
      c.bytes = AsBytes(storage.back());
    }
  }
};

// Decodes a whole binlog file (magic + events) the way the stream would deliver it, walking into
// TRANSACTION_PAYLOAD events, stopping at the first error.
inline Replay ReplayFile(const std::string& file) {
  Replay r;
  if (file.size() < 4 || file.compare(0, 4,
                                      "\xfe"
                                      "bin") != 0) {
    r.status = DataLossError("not a binlog file");
    return r;
  }
  EventDecoder decoder(ChecksumAlg::kOff);
  size_t at = 4;
  std::vector<Cell> before, after;
  auto take = [&](const Event& ev, bool inner) -> Status {
    ++r.events;
    if (inner) ++r.inner_events;
    r.seen.push_back({ev.header, inner});
    if (const auto* rows = std::get_if<RowsRef>(&ev.body)) {
      RowReader reader(rows->rows, *rows->table);
      while (!reader.done()) {
        ROWCAST_RETURN_STATUS_IF_ERROR(reader.Next(before, after));
        ++r.rows;
        if (!before.empty()) r.Keep(before, r.before_images);
        if (!after.empty()) r.Keep(after, r.after_images);
      }
    }
    return OkStatus();
  };
  while (at < file.size()) {
    ByteReader h(AsBytes(std::string_view(file).substr(at, 19)));
    (void)h.Skip(9);
    auto size = h.ReadU32Le();
    if (!size || *size < 19 || at + *size > file.size()) {
      r.status = DataLossError("bad event size");
      return r;
    }
    auto ev = decoder.Decode(AsBytes(std::string_view(file).substr(at, *size)));
    if (!ev) {
      r.status = ev.error();
      return r;
    }
    r.status = take(*ev, false);
    if (!r.status.ok()) return r;
    if (const auto* payload = std::get_if<TransactionPayloadRef>(&ev->body)) {
      PayloadReader inner(decoder, *payload);
      while (true) {
        auto next = inner.Next();
        if (!next) {
          r.status = next.error();
          return r;
        }
        if (!next->has_value()) break;
        r.status = take(**next, true);
        if (!r.status.ok()) return r;
      }
    }
    at += *size;
  }
  return r;
}

}  // namespace rowcast::binlog::testing
