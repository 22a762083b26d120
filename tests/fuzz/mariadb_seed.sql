-- Statements whose binlog seeds the fuzz corpus (scripts/fuzz mariadb-binlog): one table per
-- family of column types, rows with NULLs, extremes and non-ASCII text, and every row image.
CREATE DATABASE fz;
USE fz;
CREATE TABLE num (
  id INT PRIMARY KEY, t TINYINT, tu TINYINT UNSIGNED, s SMALLINT, su SMALLINT UNSIGNED,
  m MEDIUMINT, mu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, b BIGINT, bu BIGINT UNSIGNED,
  d1 DECIMAL(4,2), d2 DECIMAL(10,4), d3 DECIMAL(65,30), d4 DECIMAL(18,0) UNSIGNED,
  f FLOAT, g DOUBLE, b1 BIT(1), b13 BIT(13), b64 BIT(64), y YEAR);
INSERT INTO num VALUES
  (1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,
   -9223372036854775808, 18446744073709551615, -99.99, 123456.7890,
   -12345678901234567890123456789012345.123456789012345678901234567890, 999999999999999999,
   -3.4e38, 1.7976931348623157e308, b'1', b'1010101010101', b'1111111111111111111111111111111111111111111111111111111111111111', 2155),
  (2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'0', b'0', b'0', 1901),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL);
UPDATE num SET d2 = -0.0001, f = 1.5, y = 0 WHERE id = 2;
CREATE TABLE tm (
  id INT PRIMARY KEY, d DATE, t0 TIME, t3 TIME(3), t6 TIME(6), dt0 DATETIME, dt3 DATETIME(3),
  dt6 DATETIME(6), ts0 TIMESTAMP NULL, ts6 TIMESTAMP(6) NULL);
SET SESSION sql_mode = '';
INSERT INTO tm VALUES
  (1, '2024-02-29', '-838:59:59', '-00:00:00.001', '123:45:06.789012', '1000-01-01 00:00:00',
   '9999-12-31 23:59:59.999', '1969-12-31 23:59:59.999999', '1970-01-01 00:00:01',
   '2038-01-19 03:14:07.999999'),
  (2, '0000-00-00', '00:00:00', '-12:00:00.5', '838:59:59', '0000-00-00 00:00:00',
   '2000-02-30 00:00:00', '1582-10-10 12:00:00.000001', NULL, '2001-01-01 00:00:00.000001'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE txt (
  id INT PRIMARY KEY, c CHAR(3) CHARACTER SET latin1, c2 CHAR(100) CHARACTER SET utf8mb4,
  v VARCHAR(300) CHARACTER SET utf8mb4, vb VARBINARY(20), bn BINARY(4), tb TINYBLOB, bl BLOB,
  mt MEDIUMTEXT, lb LONGBLOB, e ENUM('a','é','c d'), st SET('x','y','ü'), j JSON,
  u UUID, ip INET6, gm POINT);
INSERT INTO txt VALUES
  (1, 'é€', 'ab😀', REPEAT('ü', 300), x'00ff00', x'0100', x'', x'deadbeef', 'mediumtext',
   REPEAT('x', 300), 'é', 'x,ü', '{"a":[1,2.5,"é",null,true]}',
   '6ccd780c-baba-1026-9564-5b8c656024db', '::ffff:1.2.3.4', POINT(1.5, -2)),
  (2, '', '', '', '', '', NULL, '', '', '', 'c d', '', '[]', NULL, NULL, NULL);
SET SESSION binlog_row_image = MINIMAL;
UPDATE txt SET v = 'minimal' WHERE id = 2;
DELETE FROM num WHERE id = 3;
SET SESSION binlog_row_image = NOBLOB;
UPDATE txt SET c = 'nb' WHERE id = 1;
SET SESSION binlog_row_image = FULL;
DELETE FROM tm WHERE id = 2;
BEGIN;
INSERT INTO num (id, i) VALUES (10, 1), (11, 2);
UPDATE num SET i = i + 1 WHERE id >= 10;
COMMIT;
-- Compressed events (QUERY_COMPRESSED, *_ROWS_COMPRESSED_V1).
SET GLOBAL log_bin_compress_min_len = 10;
SET GLOBAL log_bin_compress = ON;
INSERT INTO txt (id, v, j) VALUES (3, REPEAT('compressed ', 20), '{"k":"v"}');
UPDATE txt SET v = 'c2' WHERE id = 3;
DELETE FROM txt WHERE id = 3;
SET GLOBAL log_bin_compress = OFF;
