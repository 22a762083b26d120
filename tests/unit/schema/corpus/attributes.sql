-- Column attributes: nullability, defaults, generated columns, visibility, comments, checks.
CREATE TABLE nulls (a INT NULL, b INT NOT NULL, c INT NULL DEFAULT NULL, d INT NOT NULL DEFAULT 5, e INT NOT NULL DEFAULT (2));
-- expect: test.nulls (a INT DEFAULT NULL, b INT NOT NULL, c INT DEFAULT NULL, d INT NOT NULL DEFAULT '5', e INT NOT NULL DEFAULT '(2)') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE defaults (a INT DEFAULT -1, b DECIMAL(5,2) DEFAULT +1.50, c VARCHAR(10) DEFAULT 'it''s', d VARCHAR(10) DEFAULT "dq", e VARCHAR(10) DEFAULT '', f VARCHAR(10) DEFAULT _utf8mb4'x', g VARCHAR(10) DEFAULT N'n', h DOUBLE DEFAULT 1e3, i VARCHAR(20) DEFAULT 'a\nb', j INT DEFAULT '7');
-- expect: test.defaults (a INT DEFAULT '-1', b DECIMAL(5,2) DEFAULT '1.50', c VARCHAR(10) DEFAULT 'it''s' [utf8mb4/utf8mb4_general_ci], d VARCHAR(10) DEFAULT 'dq' [utf8mb4/utf8mb4_general_ci], e VARCHAR(10) DEFAULT '' [utf8mb4/utf8mb4_general_ci], f VARCHAR(10) DEFAULT 'x' [utf8mb4/utf8mb4_general_ci], g VARCHAR(10) DEFAULT 'n' [utf8mb4/utf8mb4_general_ci], h DOUBLE DEFAULT '1e3', i VARCHAR(20) DEFAULT 'a\nb' [utf8mb4/utf8mb4_general_ci], j INT DEFAULT '7') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE time_defaults (a TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, b DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), c TIMESTAMP NULL DEFAULT NOW(), d DATETIME DEFAULT LOCALTIME, e DATETIME DEFAULT LOCALTIMESTAMP(), f DATETIME DEFAULT current_timestamp() ON UPDATE current_timestamp(), g DATE DEFAULT '2000-01-01', h DATETIME DEFAULT '0000-00-00 00:00:00', i DATE DEFAULT (CURRENT_DATE), j TIMESTAMP NOT NULL DEFAULT '2020-01-01 00:00:00' ON UPDATE NOW());
-- expect: test.time_defaults (a TIMESTAMP NOT NULL DEFAULT 'CURRENT_TIMESTAMP', b DATETIME(6) NOT NULL DEFAULT 'CURRENT_TIMESTAMP(6)', c TIMESTAMP DEFAULT 'NOW()', d DATETIME DEFAULT 'LOCALTIME', e DATETIME DEFAULT 'LOCALTIMESTAMP()', f DATETIME DEFAULT 'current_timestamp()', g DATE DEFAULT '2000-01-01', h DATETIME DEFAULT '0000-00-00 00:00:00', i DATE DEFAULT '(CURRENT_DATE)', j TIMESTAMP NOT NULL DEFAULT '2020-01-01 00:00:00') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE expr_defaults (a BINARY(16) DEFAULT (UUID_TO_BIN(UUID())), b JSON DEFAULT (JSON_ARRAY()), c INT DEFAULT (1 + (2 * 3)), d VARCHAR(36) DEFAULT (uuid()), e BIGINT DEFAULT NEXT VALUE FOR seq1, f DATE DEFAULT DATE '2024-02-29');
-- expect: test.expr_defaults (a BINARY(16) DEFAULT '(UUID_TO_BIN(UUID()))', b JSON DEFAULT '(JSON_ARRAY())', c INT DEFAULT '(1 + (2 * 3))', d VARCHAR(36) DEFAULT '(uuid())' [utf8mb4/utf8mb4_general_ci], e BIGINT DEFAULT 'NEXT VALUE FOR seq1', f DATE DEFAULT '2024-02-29') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE autoinc (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));
-- expect: test.autoinc (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT) PK(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE autoinc2 (id INT AUTO_INCREMENT PRIMARY KEY, x INT);
-- expect: test.autoinc2 (id INT NOT NULL AUTO_INCREMENT, x INT DEFAULT NULL) PK(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE column_keys (a INT KEY, b INT UNIQUE, c INT UNIQUE KEY, d INT);
-- expect: test.column_keys (a INT NOT NULL, b INT DEFAULT NULL, c INT DEFAULT NULL, d INT DEFAULT NULL) PK(a) UNIQUE b(b) UNIQUE c(c) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE comments (a INT COMMENT 'the a', b VARCHAR(5) NOT NULL COMMENT "double" COMMENT 'last wins', c INT COMMENT '');
-- expect: test.comments (a INT DEFAULT NULL COMMENT 'the a', b VARCHAR(5) NOT NULL [utf8mb4/utf8mb4_general_ci] COMMENT 'last wins', c INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE generated (a INT, b INT GENERATED ALWAYS AS (a + 1) VIRTUAL, c INT AS (a * 2) STORED, d VARCHAR(10) AS (CONCAT('x', a)) PERSISTENT, e INT GENERATED ALWAYS AS ((a)) NOT NULL, f JSON, g INT AS (f->>'$.id') STORED NOT NULL COMMENT 'from json');
-- expect: test.generated (a INT DEFAULT NULL, b INT AS (a + 1) VIRTUAL, c INT AS (a * 2) STORED, d VARCHAR(10) [utf8mb4/utf8mb4_general_ci] AS (CONCAT('x', a)) STORED, e INT NOT NULL AS ((a)) VIRTUAL, f JSON DEFAULT NULL, g INT NOT NULL AS (f->>'$.id') STORED COMMENT 'from json') charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE visibility (a INT, b INT INVISIBLE, c INT VISIBLE, d INT NOT NULL DEFAULT 0 INVISIBLE);
-- expect: test.visibility (a INT DEFAULT NULL, b INT DEFAULT NULL INVISIBLE, c INT DEFAULT NULL, d INT NOT NULL DEFAULT '0' INVISIBLE) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE storage_format (a INT COLUMN_FORMAT FIXED, b VARCHAR(5) COLUMN_FORMAT DYNAMIC STORAGE DISK, c TEXT COLUMN_FORMAT DEFAULT STORAGE MEMORY, d BLOB COMPRESSED, e VARCHAR(100) COMPRESSED=zlib);
-- expect: test.storage_format (a INT DEFAULT NULL, b VARCHAR(5) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c TEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci], d BLOB DEFAULT NULL, e VARCHAR(100) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE checks (a INT CHECK (a > 0), b INT CONSTRAINT b_pos CHECK (b >= 0) NOT ENFORCED, c INT CHECK (c IN (1, 2, (3))) ENFORCED, CHECK (a < b), CONSTRAINT named CHECK (c <> 0));
-- expect: test.checks (a INT DEFAULT NULL, b INT DEFAULT NULL, c INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE inline_refs (id INT PRIMARY KEY, parent INT REFERENCES inline_refs (id) ON DELETE SET NULL ON UPDATE CASCADE, other INT REFERENCES other_db.t (x) MATCH FULL);
-- expect: test.inline_refs (id INT NOT NULL, parent INT DEFAULT NULL, other INT DEFAULT NULL) PK(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE engine_attrs (a INT ENGINE_ATTRIBUTE '{"x": 1}', b INT SECONDARY_ENGINE_ATTRIBUTE = '{}', c INT NOT SECONDARY);
-- expect: test.engine_attrs (a INT DEFAULT NULL, b INT DEFAULT NULL, c INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE versioning (a INT WITH SYSTEM VERSIONING, b INT WITHOUT SYSTEM VERSIONING, s TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, e TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME (s, e)) WITH SYSTEM VERSIONING;
-- expect: test.versioning (a INT DEFAULT NULL, b INT DEFAULT NULL, s TIMESTAMP(6) NOT NULL INVISIBLE, e TIMESTAMP(6) NOT NULL INVISIBLE) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE app_periods (id INT, ds DATE NOT NULL, de DATE NOT NULL, PERIOD FOR valid (ds, de));
-- expect: test.app_periods (id INT DEFAULT NULL, ds DATE NOT NULL, de DATE NOT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE pk_null (a INT NULL, b VARCHAR(3) DEFAULT NULL, PRIMARY KEY (a, b));
-- expect: test.pk_null (a INT NOT NULL, b VARCHAR(3) NOT NULL [utf8mb4/utf8mb4_general_ci]) PK(a,b) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE attr_order (a INT UNSIGNED NOT NULL COMMENT 'x' AUTO_INCREMENT UNIQUE, b VARCHAR(5) NOT NULL COLLATE utf8mb4_bin DEFAULT 'q', c CHAR(3) DEFAULT 'abc' CHARACTER SET latin1);
-- expect: test.attr_order (a INT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'x', b VARCHAR(5) NOT NULL DEFAULT 'q' [utf8mb4/utf8mb4_bin], c CHAR(3) DEFAULT 'abc' [latin1/latin1_swedish_ci]) UNIQUE a(a) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE ref_system (g GEOMETRY NOT NULL REF_SYSTEM_ID = 4326);
-- expect: test.ref_system (g GEOMETRY NOT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE qualified_cols (test.qualified_cols.a INT, qualified_cols.b INT);
-- expect: test.qualified_cols (a INT DEFAULT NULL, b INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
