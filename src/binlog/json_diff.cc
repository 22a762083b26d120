#include "binlog/json_diff.h"

#include <algorithm>
#include <span>

#include <fmt/format.h>

#include "binlog/json_binary.h"
#include "common/text.h"

namespace rowcast::binlog {
namespace {

std::string_view OperationName(JsonDiffOperation op) {
  switch (op) {
    case JsonDiffOperation::kReplace:
      return "REPLACE";
    case JsonDiffOperation::kInsert:
      return "INSERT";
    case JsonDiffOperation::kRemove:
      return "REMOVE";
  }
  return "?";
}

Status PathError(std::string_view path, size_t at, std::string_view why) {
  return DataLossError(fmt::format("JSON diff path '{}' at {}: {}", path, at, why));
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class PathParser {
 public:
  explicit PathParser(std::string_view path) : path_(path) {}

  StatusOr<std::vector<JsonPathLeg>> Parse() {
    SkipSpace();
    if (!Take('$')) return std::unexpected(PathError(path_, pos_, "does not start with $"));
    std::vector<JsonPathLeg> legs;
    while (true) {
      SkipSpace();
      if (pos_ == path_.size()) return legs;
      JsonPathLeg leg;
      if (Take('.')) {
        ROWCAST_RETURN_IF_ERROR(ParseMember(leg));
      } else if (Take('[')) {
        ROWCAST_RETURN_IF_ERROR(ParseCell(leg));
      } else {
        return std::unexpected(PathError(path_, pos_,
                                         "expected . or [ (wildcards and ** are not "
                                         "allowed in a diff)"));
      }
      legs.push_back(std::move(leg));
    }
  }

 private:
  Status ParseMember(JsonPathLeg& leg) {
    leg.is_member = true;
    SkipSpace();
    if (Take('"')) return ParseQuoted(leg.member);
    const size_t start = pos_;
    while (pos_ < path_.size() && !IsSpace(path_[pos_]) && path_[pos_] != '.' &&
           path_[pos_] != '[') {
      ++pos_;
    }
    leg.member.assign(path_.substr(start, pos_ - start));
    if (leg.member.empty()) return PathError(path_, start, "empty member name");
    if (leg.member.find('*') != std::string::npos) {
      return PathError(path_, start, "wildcards are not allowed in a diff");
    }
    return OkStatus();
  }

  // A JSON string after its opening quote: \" \\ \/ \b \f \n \r \t \uXXXX (surrogate pairs).
  Status ParseQuoted(std::string& out) {
    while (pos_ < path_.size()) {
      const char c = path_[pos_++];
      if (c == '"') return OkStatus();
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ == path_.size()) break;
      const char e = path_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t cp, ReadHex4());
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!Take('\\') || !Take('u')) return PathError(path_, pos_, "lone high surrogate");
            ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t low, ReadHex4());
            if (low < 0xDC00 || low > 0xDFFF) return PathError(path_, pos_, "bad low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return PathError(path_, pos_, "lone low surrogate");
          }
          AppendCodePoint(out, cp);
          break;
        }
        default:
          return PathError(path_, pos_ - 1, "unknown escape");
      }
    }
    return PathError(path_, pos_, "unterminated quoted member name");
  }

  StatusOr<uint32_t> ReadHex4() {
    if (path_.size() - pos_ < 4) return std::unexpected(PathError(path_, pos_, "short \\u escape"));
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = path_[pos_++];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return std::unexpected(PathError(path_, pos_ - 1, "bad hex digit in \\u escape"));
      }
      v = v << 4 | d;
    }
    return v;
  }

  // After '[': n | last | last - n, then ']'.
  Status ParseCell(JsonPathLeg& leg) {
    SkipSpace();
    if (path_.substr(pos_).starts_with("last")) {
      pos_ += 4;
      leg.from_end = true;
      SkipSpace();
      if (Take('-')) {
        SkipSpace();
        ROWCAST_ASSIGN_OR_RETURN_STATUS(leg.index, ReadIndex());
      }
    } else {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(leg.index, ReadIndex());
    }
    SkipSpace();
    if (!Take(']')) return PathError(path_, pos_, "expected ] (ranges are not allowed in a diff)");
    return OkStatus();
  }

  StatusOr<uint32_t> ReadIndex() {
    const size_t start = pos_;
    uint64_t v = 0;
    while (pos_ < path_.size() && path_[pos_] >= '0' && path_[pos_] <= '9') {
      v = v * 10 + static_cast<uint64_t>(path_[pos_++] - '0');
      if (v > UINT32_MAX) return std::unexpected(PathError(path_, start, "array index too large"));
    }
    if (pos_ == start) return std::unexpected(PathError(path_, start, "expected an array index"));
    return static_cast<uint32_t>(v);
  }

  void SkipSpace() {
    while (pos_ < path_.size() && IsSpace(path_[pos_])) ++pos_;
  }
  bool Take(char c) {
    if (pos_ < path_.size() && path_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string_view path_;
  size_t pos_ = 0;
};

// A small DOM for applying diffs: structure only; scalars keep the text MySQL prints for them.
struct Node {
  enum class Kind : uint8_t { kScalar, kObject, kArray };
  Kind kind = Kind::kScalar;
  std::string text;               // kScalar
  std::vector<std::string> keys;  // kObject, parallel to children
  std::vector<Node> children;
};

// MySQL's member order (Json_key_comparator): shorter keys first, then bytewise.
bool KeyLess(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

class DomBuilder {
 public:
  explicit DomBuilder(size_t binary_size) : budget_(JsonTextLimit(binary_size)) {}

  Status Build(const JsonbValue& v, int depth, Node& node) {
    if (!v.is_container()) {
      node.kind = Node::Kind::kScalar;
      ROWCAST_RETURN_STATUS_IF_ERROR(v.AppendScalarText(node.text));
      return Charge(node.text.size() + 4);
    }
    if (depth >= kJsonMaxDepth) {
      return DataLossError(fmt::format("JSON document nested deeper than {}", kJsonMaxDepth));
    }
    node.kind = v.is_object() ? Node::Kind::kObject : Node::Kind::kArray;
    for (uint32_t i = 0; i < v.count(); ++i) {
      if (v.is_object()) {
        ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string_view key, v.Key(i));
        ROWCAST_RETURN_STATUS_IF_ERROR(Charge(key.size() + 4));
        node.keys.emplace_back(key);
      }
      ROWCAST_ASSIGN_OR_RETURN_STATUS(JsonbValue child, v.Element(i));
      node.children.emplace_back();
      ROWCAST_RETURN_STATUS_IF_ERROR(Build(child, depth + 1, node.children.back()));
    }
    return Charge(2);
  }

 private:
  Status Charge(size_t n) {
    if (n > budget_) {
      return DataLossError(
          "JSON document expands beyond any document MySQL writes (shared offsets)");
    }
    budget_ -= n;
    return OkStatus();
  }

  size_t budget_;
};

StatusOr<Node> BuildDom(Bytes binary) {
  Node root;
  if (binary.empty()) {
    root.text = "null";
    return root;
  }
  ROWCAST_ASSIGN_OR_RETURN(JsonbValue v, JsonbValue::ParseDocument(binary));
  DomBuilder builder(binary.size());
  ROWCAST_RETURN_IF_ERROR(builder.Build(v, 0, root));
  return root;
}

Status Render(const Node& node, int depth, std::string& out) {
  if (node.kind == Node::Kind::kScalar) {
    out.append(node.text);
    return OkStatus();
  }
  if (depth >= kJsonMaxDepth) {
    return DataLossError(fmt::format("JSON document nested deeper than {}", kJsonMaxDepth));
  }
  const bool object = node.kind == Node::Kind::kObject;
  out.push_back(object ? '{' : '[');
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) out.append(", ");
    if (object) {
      AppendMysqlJsonString(out, node.keys[i]);
      out.append(": ");
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(Render(node.children[i], depth + 1, out));
  }
  out.push_back(object ? '}' : ']');
  return OkStatus();
}

// Json_array_index: where an array leg points in an array of `size` elements, and whether that
// is an existing element. Past the end points at the end; before the start at 0.
struct ArrayPosition {
  size_t position;
  bool within;
};
ArrayPosition Locate(const JsonPathLeg& leg, size_t size) {
  const bool within = leg.index < size;
  if (leg.from_end) return {within ? size - 1 - leg.index : 0, within};
  return {std::min<size_t>(leg.index, size), within};
}

// The node at `legs` (no auto-wrapping), or nullptr.
Node* Seek(Node& root, std::span<const JsonPathLeg> legs) {
  Node* node = &root;
  for (const JsonPathLeg& leg : legs) {
    if (node->kind == Node::Kind::kArray && !leg.is_member) {
      const ArrayPosition at = Locate(leg, node->children.size());
      if (!at.within) return nullptr;
      node = &node->children[at.position];
    } else if (node->kind == Node::Kind::kObject && leg.is_member) {
      auto it = std::find(node->keys.begin(), node->keys.end(), leg.member);
      if (it == node->keys.end()) return nullptr;
      node = &node->children[static_cast<size_t>(it - node->keys.begin())];
    } else {
      return nullptr;
    }
  }
  return node;
}

// Applies one diff; returns why it does not apply, or an empty string.
std::string_view ApplyOne(Node& root, const std::vector<JsonPathLeg>& legs, JsonDiffOperation op,
                          Node value) {
  if (legs.empty()) return "the root is never the target of a diff";
  const std::span<const JsonPathLeg> all(legs);
  if (op == JsonDiffOperation::kReplace) {
    Node* target = Seek(root, all);
    if (target == nullptr) return "the path does not exist";
    *target = std::move(value);
    return {};
  }
  Node* parent = Seek(root, all.first(all.size() - 1));
  if (parent == nullptr) return "the parent of the path does not exist";
  const JsonPathLeg& last = legs.back();
  if (parent->kind == Node::Kind::kObject && last.is_member) {
    auto it = std::find(parent->keys.begin(), parent->keys.end(), last.member);
    if (op == JsonDiffOperation::kInsert) {
      if (it != parent->keys.end()) return "the member already exists";
      auto pos = std::lower_bound(
          parent->keys.begin(), parent->keys.end(), last.member,
          [](const std::string& a, const std::string& b) { return KeyLess(a, b); });
      const auto index = pos - parent->keys.begin();
      parent->keys.insert(pos, last.member);
      parent->children.insert(parent->children.begin() + index, std::move(value));
      return {};
    }
    if (it == parent->keys.end()) return "the member does not exist";
    const auto index = it - parent->keys.begin();
    parent->keys.erase(it);
    parent->children.erase(parent->children.begin() + index);
    return {};
  }
  if (parent->kind == Node::Kind::kArray && !last.is_member) {
    const ArrayPosition at = Locate(last, parent->children.size());
    const auto index = static_cast<std::ptrdiff_t>(at.position);
    if (op == JsonDiffOperation::kInsert) {
      parent->children.insert(parent->children.begin() + index, std::move(value));
      return {};
    }
    if (!at.within) return "the array cell does not exist";
    parent->children.erase(parent->children.begin() + index);
    return {};
  }
  return "the path does not match the document's structure";
}

}  // namespace

StatusOr<std::vector<JsonPathLeg>> ParseJsonPath(std::string_view path) {
  return PathParser(path).Parse();
}

StatusOr<std::vector<JsonDiff>> ParseJsonDiffVector(Bytes diff_vector) {
  std::vector<JsonDiff> diffs;
  ByteReader r(diff_vector);
  while (!r.empty()) {
    const size_t at = r.position();
    JsonDiff d;
    ROWCAST_ASSIGN_OR_RETURN(uint8_t op, r.ReadU8());
    if (op > static_cast<uint8_t>(JsonDiffOperation::kRemove)) {
      return std::unexpected(
          DataLossError(fmt::format("JSON diff at offset {} has unknown operation {}", at, op)));
    }
    d.operation = static_cast<JsonDiffOperation>(op);
    ROWCAST_ASSIGN_OR_RETURN(uint64_t path_length, r.ReadLenEncInt());
    if (path_length > r.remaining()) {
      return std::unexpected(DataLossError(fmt::format(
          "JSON diff at offset {}: path of {} bytes, {} left", at, path_length, r.remaining())));
    }
    ROWCAST_ASSIGN_OR_RETURN(d.path, r.ReadString(static_cast<size_t>(path_length)));
    if (d.operation != JsonDiffOperation::kRemove) {
      ROWCAST_ASSIGN_OR_RETURN(uint64_t value_length, r.ReadLenEncInt());
      if (value_length == 0 || value_length > r.remaining()) {
        return std::unexpected(
            DataLossError(fmt::format("JSON diff at offset {}: value of {} bytes, {} left", at,
                                      value_length, r.remaining())));
      }
      ROWCAST_ASSIGN_OR_RETURN(d.value, r.ReadBytes(static_cast<size_t>(value_length)));
    }
    diffs.push_back(d);
  }
  return diffs;
}

StatusOr<std::string> ApplyJsonDiff(Bytes before_binary_json, Bytes diff_vector) {
  ROWCAST_ASSIGN_OR_RETURN(std::vector<JsonDiff> diffs, ParseJsonDiffVector(diff_vector));
  std::string out;
  if (diffs.empty()) {
    ROWCAST_RETURN_IF_ERROR(AppendJsonBinaryAsText(out, before_binary_json));
    return out;
  }
  ROWCAST_ASSIGN_OR_RETURN(Node root, BuildDom(before_binary_json));
  for (size_t i = 0; i < diffs.size(); ++i) {
    const JsonDiff& d = diffs[i];
    ROWCAST_ASSIGN_OR_RETURN(std::vector<JsonPathLeg> legs, ParseJsonPath(d.path));
    Node value;
    if (d.operation != JsonDiffOperation::kRemove) {
      auto built = BuildDom(d.value);
      if (!built) {
        return std::unexpected(built.error().WithContext(
            fmt::format("value of JSON diff {} ({} {})", i, OperationName(d.operation), d.path)));
      }
      value = std::move(*built);
    }
    const std::string_view why = ApplyOne(root, legs, d.operation, std::move(value));
    if (!why.empty()) {
      return std::unexpected(
          DataLossError(fmt::format("JSON diff {} ({} {}) does not apply to the before image: {}",
                                    i, OperationName(d.operation), d.path, why)));
    }
  }
  ROWCAST_RETURN_IF_ERROR(Render(root, 0, out));
  return out;
}

}  // namespace rowcast::binlog
