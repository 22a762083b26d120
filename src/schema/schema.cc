#include "schema/schema.h"

#include <algorithm>
#include <atomic>
#include <set>

namespace rowcast::schema {

namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
           };
           return lower(x) == lower(y);
         });
}

// Versions come from one process-wide counter, so that they stay unique across copies of a
// catalog (the schema tracker applies DDL to a copy and keeps it only on success).
std::atomic<uint64_t> g_next_version{1};

}  // namespace

std::string_view DataTypeName(DataType t) {
  switch (t) {
    case DataType::kTinyInt:
      return "TINYINT";
    case DataType::kSmallInt:
      return "SMALLINT";
    case DataType::kMediumInt:
      return "MEDIUMINT";
    case DataType::kInt:
      return "INT";
    case DataType::kBigInt:
      return "BIGINT";
    case DataType::kDecimal:
      return "DECIMAL";
    case DataType::kFloat:
      return "FLOAT";
    case DataType::kDouble:
      return "DOUBLE";
    case DataType::kBit:
      return "BIT";
    case DataType::kBool:
      return "BOOL";
    case DataType::kDate:
      return "DATE";
    case DataType::kTime:
      return "TIME";
    case DataType::kDateTime:
      return "DATETIME";
    case DataType::kTimestamp:
      return "TIMESTAMP";
    case DataType::kYear:
      return "YEAR";
    case DataType::kChar:
      return "CHAR";
    case DataType::kVarChar:
      return "VARCHAR";
    case DataType::kBinary:
      return "BINARY";
    case DataType::kVarBinary:
      return "VARBINARY";
    case DataType::kTinyText:
      return "TINYTEXT";
    case DataType::kText:
      return "TEXT";
    case DataType::kMediumText:
      return "MEDIUMTEXT";
    case DataType::kLongText:
      return "LONGTEXT";
    case DataType::kTinyBlob:
      return "TINYBLOB";
    case DataType::kBlob:
      return "BLOB";
    case DataType::kMediumBlob:
      return "MEDIUMBLOB";
    case DataType::kLongBlob:
      return "LONGBLOB";
    case DataType::kEnum:
      return "ENUM";
    case DataType::kSet:
      return "SET";
    case DataType::kJson:
      return "JSON";
    case DataType::kGeometry:
      return "GEOMETRY";
    case DataType::kPoint:
      return "POINT";
    case DataType::kLineString:
      return "LINESTRING";
    case DataType::kPolygon:
      return "POLYGON";
    case DataType::kMultiPoint:
      return "MULTIPOINT";
    case DataType::kMultiLineString:
      return "MULTILINESTRING";
    case DataType::kMultiPolygon:
      return "MULTIPOLYGON";
    case DataType::kGeometryCollection:
      return "GEOMETRYCOLLECTION";
    case DataType::kUuid:
      return "UUID";
    case DataType::kInet4:
      return "INET4";
    case DataType::kInet6:
      return "INET6";
    case DataType::kVector:
      return "VECTOR";
  }
  return "UNKNOWN";
}

bool IsCharacterType(DataType t) {
  switch (t) {
    case DataType::kChar:
    case DataType::kVarChar:
    case DataType::kTinyText:
    case DataType::kText:
    case DataType::kMediumText:
    case DataType::kLongText:
    case DataType::kEnum:
    case DataType::kSet:
      return true;
    default:
      return false;
  }
}

bool IsBinaryStringType(DataType t) {
  switch (t) {
    case DataType::kBinary:
    case DataType::kVarBinary:
    case DataType::kTinyBlob:
    case DataType::kBlob:
    case DataType::kMediumBlob:
    case DataType::kLongBlob:
      return true;
    default:
      return false;
  }
}

bool IsIntegerType(DataType t) {
  switch (t) {
    case DataType::kTinyInt:
    case DataType::kSmallInt:
    case DataType::kMediumInt:
    case DataType::kInt:
    case DataType::kBigInt:
    case DataType::kBool:
      return true;
    default:
      return false;
  }
}

int Table::FindColumn(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (EqualsNoCase(columns[i].name, column)) return static_cast<int>(i);
  }
  return -1;
}

Catalog::Catalog() = default;
Catalog::Catalog(const Catalog&) = default;
Catalog& Catalog::operator=(const Catalog&) = default;
Catalog::~Catalog() = default;

void Catalog::SetServerDefaults(std::string charset, std::string collation) {
  server_charset_ = std::move(charset);
  server_collation_ = std::move(collation);
  if (server_charset_ == "utf8") server_charset_ = "utf8mb3";
  if (server_collation_.starts_with("utf8_")) server_collation_.insert(4, "mb3");
}

const Database* Catalog::FindDatabase(std::string_view db) const {
  auto it = databases_.find(db);
  return it == databases_.end() ? nullptr : &it->second;
}

std::shared_ptr<const Table> Catalog::FindTable(std::string_view db, std::string_view table) const {
  auto it = tables_.find(std::pair<std::string, std::string>(db, table));
  return it == tables_.end() ? nullptr : it->second.table;
}

uint64_t Catalog::TableVersion(std::string_view db, std::string_view table) const {
  auto it = tables_.find(std::pair<std::string, std::string>(db, table));
  return it == tables_.end() ? 0 : it->second.version;
}

void Catalog::PutDatabase(Database db) {
  std::string name = db.name;
  databases_.insert_or_assign(std::move(name), std::move(db));
}

void Catalog::DropDatabase(std::string_view db) {
  if (auto it = databases_.find(db); it != databases_.end()) databases_.erase(it);
  for (auto it = tables_.begin(); it != tables_.end();) {
    if (it->first.first == db) {
      it = tables_.erase(it);
    } else {
      ++it;
    }
  }
}

void Catalog::PutTable(Table table) {
  auto key = std::make_pair(table.db, table.name);
  Entry e;
  e.version = g_next_version.fetch_add(1, std::memory_order_relaxed);
  e.table = std::make_shared<const Table>(std::move(table));
  tables_.insert_or_assign(std::move(key), std::move(e));
}

void Catalog::DropTable(std::string_view db, std::string_view table) {
  auto it = tables_.find(std::pair<std::string, std::string>(db, table));
  if (it != tables_.end()) tables_.erase(it);
}

std::vector<std::string> Catalog::DatabaseNames() const {
  std::set<std::string> names;
  for (const auto& [name, db] : databases_) names.insert(name);
  for (const auto& [key, entry] : tables_) names.insert(key.first);
  return {names.begin(), names.end()};
}

std::vector<std::shared_ptr<const Table>> Catalog::Tables(std::string_view db) const {
  std::vector<std::shared_ptr<const Table>> out;
  for (const auto& [key, entry] : tables_) {
    if (key.first == db) out.push_back(entry.table);
  }
  return out;
}

size_t Catalog::table_count() const { return tables_.size(); }

}  // namespace rowcast::schema
