-- Every column type and alias of MySQL 8 / MariaDB 10.x. Tables inherit the server defaults
-- utf8mb4/utf8mb4_general_ci (no CREATE DATABASE test).
CREATE TABLE ints (a TINYINT, b SMALLINT, c MEDIUMINT, d INT, e BIGINT, f INTEGER);
-- expect: test.ints (a TINYINT DEFAULT NULL, b SMALLINT DEFAULT NULL, c MEDIUMINT DEFAULT NULL, d INT DEFAULT NULL, e BIGINT DEFAULT NULL, f INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
-- result: table create:test.ints
CREATE TABLE ints2 (a INT1, b INT2, c INT3, d INT4, e INT8, f MIDDLEINT);
-- expect: test.ints2 (a TINYINT DEFAULT NULL, b SMALLINT DEFAULT NULL, c MEDIUMINT DEFAULT NULL, d INT DEFAULT NULL, e BIGINT DEFAULT NULL, f MEDIUMINT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE ints3 (a tinyint(4) unsigned, b smallint(6) signed, c int(10) unsigned zerofill, d bigint(20) UNSIGNED NOT NULL, e INT ZEROFILL);
-- expect: test.ints3 (a TINYINT(4) UNSIGNED DEFAULT NULL, b SMALLINT(6) DEFAULT NULL, c INT(10) UNSIGNED ZEROFILL DEFAULT NULL, d BIGINT(20) UNSIGNED NOT NULL, e INT UNSIGNED ZEROFILL DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE bools (a BOOL, b BOOLEAN NOT NULL DEFAULT TRUE, c BOOLEAN DEFAULT false, d tinyint(1) NOT NULL DEFAULT '0');
-- expect: test.bools (a BOOL(1) DEFAULT NULL, b BOOL(1) NOT NULL DEFAULT 'TRUE', c BOOL(1) DEFAULT 'false', d TINYINT(1) NOT NULL DEFAULT '0') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE bits (a BIT, b BIT(1) DEFAULT b'0', c BIT(64) NOT NULL DEFAULT b'101', d bit(8) DEFAULT 0x0F);
-- expect: test.bits (a BIT DEFAULT NULL, b BIT(1) DEFAULT 'b''0''', c BIT(64) NOT NULL DEFAULT 'b''101''', d BIT(8) DEFAULT '0x0F') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE decimals (a DECIMAL, b DECIMAL(10), c DECIMAL(10,2), d DEC(5,1), e NUMERIC(20,10) UNSIGNED, f FIXED(3,0), g decimal(65,30) NOT NULL DEFAULT 0.5);
-- expect: test.decimals (a DECIMAL DEFAULT NULL, b DECIMAL(10) DEFAULT NULL, c DECIMAL(10,2) DEFAULT NULL, d DECIMAL(5,1) DEFAULT NULL, e DECIMAL(20,10) UNSIGNED DEFAULT NULL, f DECIMAL(3,0) DEFAULT NULL, g DECIMAL(65,30) NOT NULL DEFAULT '0.5') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE floats (a FLOAT, b FLOAT(7,3), c FLOAT(10), d FLOAT(30), e DOUBLE, f DOUBLE PRECISION, g REAL, h DOUBLE(16,4) UNSIGNED, i FLOAT4, j FLOAT8);
-- expect: test.floats (a FLOAT DEFAULT NULL, b FLOAT(7,3) DEFAULT NULL, c FLOAT DEFAULT NULL, d DOUBLE DEFAULT NULL, e DOUBLE DEFAULT NULL, f DOUBLE DEFAULT NULL, g DOUBLE DEFAULT NULL, h DOUBLE(16,4) UNSIGNED DEFAULT NULL, i FLOAT DEFAULT NULL, j DOUBLE DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE temporal (a DATE, b TIME, c TIME(3), d DATETIME, e DATETIME(6), f TIMESTAMP NULL, g TIMESTAMP(6) NULL DEFAULT NULL, h YEAR, i YEAR(4));
-- expect: test.temporal (a DATE DEFAULT NULL, b TIME DEFAULT NULL, c TIME(3) DEFAULT NULL, d DATETIME DEFAULT NULL, e DATETIME(6) DEFAULT NULL, f TIMESTAMP DEFAULT NULL, g TIMESTAMP(6) DEFAULT NULL, h YEAR DEFAULT NULL, i YEAR(4) DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE chars (a CHAR, b CHAR(10), c CHARACTER(5), d VARCHAR(255), e CHARACTER VARYING(20), f CHAR VARYING(3));
-- expect: test.chars (a CHAR DEFAULT NULL [utf8mb4/utf8mb4_general_ci], b CHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c CHAR(5) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], d VARCHAR(255) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], e VARCHAR(20) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], f VARCHAR(3) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE nchars (a NCHAR(10), b NATIONAL CHAR(3), c NATIONAL CHARACTER(4), d NVARCHAR(30), e NATIONAL VARCHAR(12), f NCHAR VARCHAR(7), g NATIONAL CHARACTER VARYING(8), h NCHAR VARYING(9));
-- expect: test.nchars (a CHAR(10) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], b CHAR(3) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], c CHAR(4) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], d VARCHAR(30) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], e VARCHAR(12) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], f VARCHAR(7) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], g VARCHAR(8) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], h VARCHAR(9) DEFAULT NULL [utf8mb3/utf8mb3_general_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE oracle_style (a VARCHAR2(100), b NUMBER(10,2), c CLOB, d RAW(16));
-- expect: test.oracle_style (a VARCHAR(100) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], b DECIMAL(10,2) DEFAULT NULL, c LONGTEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], d VARBINARY(16) DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE binaries (a BINARY, b BINARY(16) NOT NULL, c VARBINARY(255), d CHAR(4) BYTE, e CHAR BYTE);
-- expect: test.binaries (a BINARY DEFAULT NULL, b BINARY(16) NOT NULL, c VARBINARY(255) DEFAULT NULL, d BINARY(4) DEFAULT NULL, e BINARY DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE texts (a TINYTEXT, b TEXT, c TEXT(1000), d MEDIUMTEXT, e LONGTEXT, f LONG, g LONG VARCHAR, h LONG VARBINARY);
-- expect: test.texts (a TINYTEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], b TEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c TEXT(1000) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], d MEDIUMTEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], e LONGTEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], f MEDIUMTEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], g MEDIUMTEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], h MEDIUMBLOB DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE blobs (a TINYBLOB, b BLOB, c BLOB(100), d MEDIUMBLOB NOT NULL, e LONGBLOB);
-- expect: test.blobs (a TINYBLOB DEFAULT NULL, b BLOB DEFAULT NULL, c BLOB(100) DEFAULT NULL, d MEDIUMBLOB NOT NULL, e LONGBLOB DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE enums (a ENUM('x','y','z'), b ENUM('it''s', 'a\'b', "dq") NOT NULL DEFAULT 'it''s', c SET('r','w','x') DEFAULT 'r,w', d enum ( 'A' , 'B' ) CHARACTER SET latin1);
-- expect: test.enums (a ENUM('x','y','z') DEFAULT NULL [utf8mb4/utf8mb4_general_ci], b ENUM('it''s','a''b','dq') NOT NULL DEFAULT 'it''s' [utf8mb4/utf8mb4_general_ci], c SET('r','w','x') DEFAULT 'r,w' [utf8mb4/utf8mb4_general_ci], d ENUM('A','B') DEFAULT NULL [latin1/latin1_swedish_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE enum_introducers (a ENUM(_utf8mb4'a', _latin1 'b', N'c', 'd' 'e'));
-- expect: test.enum_introducers (a ENUM('a','b','c','de') DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE docs (j JSON, k JSON NOT NULL);
-- expect: test.docs (j JSON DEFAULT NULL, k JSON NOT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE geo (a GEOMETRY, b POINT NOT NULL, c LINESTRING, d POLYGON, e MULTIPOINT, f MULTILINESTRING, g MULTIPOLYGON, h GEOMETRYCOLLECTION, i GEOMCOLLECTION, j POINT NOT NULL SRID 4326);
-- expect: test.geo (a GEOMETRY DEFAULT NULL, b POINT NOT NULL, c LINESTRING DEFAULT NULL, d POLYGON DEFAULT NULL, e MULTIPOINT DEFAULT NULL, f MULTILINESTRING DEFAULT NULL, g MULTIPOLYGON DEFAULT NULL, h GEOMETRYCOLLECTION DEFAULT NULL, i GEOMETRYCOLLECTION DEFAULT NULL, j POINT NOT NULL SRID 4326) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE serials (id SERIAL, n INT);
-- expect: test.serials (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, n INT DEFAULT NULL) UNIQUE id(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE serial_default (id INT SERIAL DEFAULT VALUE, n INT);
-- expect: test.serial_default (id INT NOT NULL AUTO_INCREMENT, n INT DEFAULT NULL) UNIQUE id(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE serial_pk (id SERIAL PRIMARY KEY);
-- expect: test.serial_pk (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT) PK(id) UNIQUE id(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE maria_types (u UUID NOT NULL DEFAULT uuid(), i4 INET4, i6 INET6 NOT NULL, PRIMARY KEY (u));
-- expect: test.maria_types (u UUID NOT NULL DEFAULT 'uuid()', i4 INET4 DEFAULT NULL, i6 INET6 NOT NULL) PK(u) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE vectors (id INT PRIMARY KEY, v VECTOR(768) NOT NULL, w vector(3));
-- expect: test.vectors (id INT NOT NULL, v VECTOR(768) NOT NULL, w VECTOR(3) DEFAULT NULL) PK(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE upper_lower (A VarChar(5), b bIgInT UnSiGnEd, C DateTime(2));
-- expect: test.upper_lower (A VARCHAR(5) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], b BIGINT UNSIGNED DEFAULT NULL, C DATETIME(2) DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE keywords_as_names (`date` DATE, `timestamp` TIMESTAMP NULL, status INT, `key` INT, `order` INT, `select` VARCHAR(3), text TEXT, year YEAR, `name with space` INT, `back``tick` INT);
-- expect: test.keywords_as_names (date DATE DEFAULT NULL, timestamp TIMESTAMP DEFAULT NULL, status INT DEFAULT NULL, key INT DEFAULT NULL, order INT DEFAULT NULL, select VARCHAR(3) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], text TEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], year YEAR DEFAULT NULL, name with space INT DEFAULT NULL, back`tick INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE 2fa_codes (id INT, 1st_try INT, `123` INT, ünïcödé VARCHAR(3));
-- expect: test.2fa_codes (id INT DEFAULT NULL, 1st_try INT DEFAULT NULL, 123 INT DEFAULT NULL, ünïcödé VARCHAR(3) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
