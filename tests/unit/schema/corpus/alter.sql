-- ALTER TABLE clauses, applied one after the other to the same table.
CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, a INT, b VARCHAR(10), KEY idx_a (a));
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, a INT DEFAULT NULL, b VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) PK(id) KEY idx_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ADD COLUMN c DATETIME NOT NULL;
-- result: table alter:test.t
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, a INT DEFAULT NULL, b VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c DATETIME NOT NULL) PK(id) KEY idx_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ADD d INT FIRST, ADD COLUMN e CHAR(2) AFTER a;
-- expect: test.t (d INT DEFAULT NULL, id INT NOT NULL AUTO_INCREMENT, a INT DEFAULT NULL, e CHAR(2) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], b VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c DATETIME NOT NULL) PK(id) KEY idx_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t DROP COLUMN d, DROP e;
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, a INT DEFAULT NULL, b VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c DATETIME NOT NULL) PK(id) KEY idx_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ADD COLUMN (f INT, g INT NOT NULL DEFAULT 0);
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, a INT DEFAULT NULL, b VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c DATETIME NOT NULL, f INT DEFAULT NULL, g INT NOT NULL DEFAULT '0') PK(id) KEY idx_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t MODIFY b VARCHAR(50) NOT NULL, MODIFY COLUMN c DATETIME(3) NULL AFTER id;
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, c DATETIME(3) DEFAULT NULL, a INT DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT DEFAULT NULL, g INT NOT NULL DEFAULT '0') PK(id) KEY idx_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t CHANGE a a_renamed BIGINT UNSIGNED, CHANGE COLUMN f f INT NOT NULL;
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, c DATETIME(3) DEFAULT NULL, a_renamed BIGINT UNSIGNED DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT NOT NULL, g INT NOT NULL DEFAULT '0') PK(id) KEY idx_a(a_renamed) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t RENAME COLUMN a_renamed TO a, RENAME INDEX idx_a TO ix_a;
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT NOT NULL, g INT NOT NULL DEFAULT '0') PK(id) KEY ix_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ALTER COLUMN g SET DEFAULT 42, ALTER f SET DEFAULT (f + 1), ALTER COLUMN b DROP DEFAULT, ALTER a DROP DEFAULT;
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT '42') PK(id) KEY ix_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ALTER COLUMN c SET INVISIBLE, ALTER COLUMN g SET DEFAULT 'x';
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, c DATETIME(3) DEFAULT NULL INVISIBLE, a BIGINT UNSIGNED DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x') PK(id) KEY ix_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ALTER COLUMN c SET VISIBLE;
ALTER TABLE t ADD UNIQUE KEY uq_b (b), ADD INDEX (f, g), ADD FULLTEXT INDEX ft (b), ADD CONSTRAINT chk CHECK (g > 0);
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x') PK(id) KEY ix_a(a) UNIQUE uq_b(b) KEY f(f,g) FULLTEXT ft(b) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t DROP INDEX ft, DROP KEY f, DROP CHECK chk;
-- expect: test.t (id INT NOT NULL AUTO_INCREMENT, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x') PK(id) KEY ix_a(a) UNIQUE uq_b(b) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t MODIFY id INT NOT NULL, DROP PRIMARY KEY, ADD PRIMARY KEY (id, b);
-- expect: test.t (id INT NOT NULL, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, b VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci], f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x') PK(id,b) KEY ix_a(a) UNIQUE uq_b(b) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t DROP COLUMN b;
-- expect: test.t (id INT NOT NULL, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x') PK(id) KEY ix_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ADD COLUMN IF NOT EXISTS a INT, ADD COLUMN IF NOT EXISTS h INT, DROP COLUMN IF EXISTS zz, DROP INDEX IF EXISTS nope, MODIFY COLUMN IF EXISTS zz INT;
-- expect: test.t (id INT NOT NULL, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x', h INT DEFAULT NULL) PK(id) KEY ix_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t ALGORITHM=INPLACE, LOCK=NONE, ADD COLUMN i INT;
-- expect: test.t (id INT NOT NULL, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x', h INT DEFAULT NULL, i INT DEFAULT NULL) PK(id) KEY ix_a(a) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE t DROP COLUMN i, ALGORITHM=INSTANT;
ALTER TABLE t ENGINE=InnoDB;
ALTER TABLE t FORCE;
ALTER TABLE t ENGINE = MyISAM, COMMENT = 'now myisam', AUTO_INCREMENT = 10 ROW_FORMAT=DYNAMIC;
-- expect: test.t (id INT NOT NULL, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x', h INT DEFAULT NULL) PK(id) KEY ix_a(a) charset=utf8mb4/utf8mb4_general_ci engine=MyISAM comment='now myisam'
ALTER TABLE t DISABLE KEYS;
ALTER TABLE t ENABLE KEYS;
ALTER TABLE t ORDER BY a, id DESC;
ALTER TABLE t DISCARD TABLESPACE;
ALTER TABLE t IMPORT TABLESPACE;
ALTER ONLINE TABLE t ADD COLUMN j TINYINT;
ALTER IGNORE TABLE t ADD UNIQUE (j);
ALTER TABLE IF EXISTS t WAIT 10 ADD COLUMN k INT;
ALTER TABLE t NOWAIT DROP COLUMN k;
-- expect: test.t (id INT NOT NULL, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x', h INT DEFAULT NULL, j TINYINT DEFAULT NULL) PK(id) KEY ix_a(a) UNIQUE j(j) charset=utf8mb4/utf8mb4_general_ci engine=MyISAM comment='now myisam'
ALTER TABLE t RENAME TO t2;
-- result: table alter:test.t>test.t2
-- absent: test.t
ALTER TABLE t2 RENAME AS other_db.t3, ADD COLUMN z INT;
-- result: table alter:test.t2>other_db.t3
-- expect: other_db.t3 (id INT NOT NULL, c DATETIME(3) DEFAULT NULL, a BIGINT UNSIGNED DEFAULT NULL, f INT NOT NULL DEFAULT '(f + 1)', g INT NOT NULL DEFAULT 'x', h INT DEFAULT NULL, j TINYINT DEFAULT NULL, z INT DEFAULT NULL) PK(id) KEY ix_a(a) UNIQUE j(j) charset=utf8mb4/utf8mb4_general_ci engine=MyISAM comment='now myisam'
ALTER TABLE other_db.t3 RENAME test.t;
-- result: table alter:other_db.t3>test.t
-- Swapping two columns resolves both names against the table before the statement.
CREATE TABLE sw (x INT, y VARCHAR(5), KEY kx (x), KEY ky (y));
ALTER TABLE sw CHANGE x y VARCHAR(5), CHANGE y x INT;
-- expect: test.sw (y VARCHAR(5) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], x INT DEFAULT NULL) KEY kx(y) KEY ky(x) charset=utf8mb4/utf8mb4_general_ci
-- Dropping columns shrinks keys; a key left empty is dropped.
-- (MariaDB refuses to drop a column of a composite PRIMARY or UNIQUE key; MySQL shrinks them.)
CREATE TABLE dk (a INT NOT NULL, b INT NOT NULL, c INT, PRIMARY KEY (a, b), KEY k_bc (b, c), KEY k_c (c));
ALTER TABLE dk DROP COLUMN c;
-- expect: test.dk (a INT NOT NULL, b INT NOT NULL) PK(a,b) KEY k_bc(b) charset=utf8mb4/utf8mb4_general_ci
-- Column attributes that add keys, in ADD, MODIFY and CHANGE.
CREATE TABLE ck (a INT, b INT);
ALTER TABLE ck MODIFY a INT PRIMARY KEY, ADD COLUMN c INT UNIQUE, CHANGE b bb INT UNIQUE KEY;
-- expect: test.ck (a INT NOT NULL, bb INT DEFAULT NULL, c INT DEFAULT NULL) PK(a) UNIQUE c(c) UNIQUE bb(bb) charset=utf8mb4/utf8mb4_general_ci
-- A primary key makes its columns NOT NULL, also when added later.
CREATE TABLE pk_later (a INT, b VARCHAR(3));
ALTER TABLE pk_later ADD PRIMARY KEY (a, b);
-- expect: test.pk_later (a INT NOT NULL, b VARCHAR(3) NOT NULL [utf8mb4/utf8mb4_general_ci]) PK(a,b) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE pk_later ADD CONSTRAINT pk PRIMARY KEY USING BTREE (b), DROP PRIMARY KEY;
-- expect: test.pk_later (a INT NOT NULL, b VARCHAR(3) NOT NULL [utf8mb4/utf8mb4_general_ci]) PK(b) charset=utf8mb4/utf8mb4_general_ci
-- Foreign keys in ALTER.
CREATE TABLE fp (id INT PRIMARY KEY);
CREATE TABLE fc (id INT PRIMARY KEY, pid INT);
ALTER TABLE fc ADD CONSTRAINT fk_p FOREIGN KEY (pid) REFERENCES fp (id) ON DELETE CASCADE;
-- expect: test.fc (id INT NOT NULL, pid INT DEFAULT NULL) PK(id) FK fk_p(pid) KEY fk_p(pid) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE fc DROP FOREIGN KEY fk_p;
-- expect: test.fc (id INT NOT NULL, pid INT DEFAULT NULL) PK(id) KEY fk_p(pid) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE fc ADD FOREIGN KEY (pid) REFERENCES fp (id), DROP INDEX fk_p;
-- expect: test.fc (id INT NOT NULL, pid INT DEFAULT NULL) PK(id) FK fc_ibfk_1(pid) KEY pid(pid) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE fc DROP CONSTRAINT fc_ibfk_1, ADD CONSTRAINT u_pid UNIQUE (pid);
-- expect: test.fc (id INT NOT NULL, pid INT DEFAULT NULL) PK(id) KEY pid(pid) UNIQUE u_pid(pid) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE fc DROP CONSTRAINT u_pid, ALTER INDEX pid INVISIBLE;
-- expect: test.fc (id INT NOT NULL, pid INT DEFAULT NULL) PK(id) KEY pid(pid) charset=utf8mb4/utf8mb4_general_ci
-- Table charset changes do not touch existing columns; CONVERT TO does.
CREATE TABLE cv (a VARCHAR(10), b TEXT, c TINYTEXT, d MEDIUMTEXT, e ENUM('x'), f VARBINARY(5), g INT) DEFAULT CHARSET=latin1;
ALTER TABLE cv DEFAULT CHARACTER SET = utf8mb3;
-- expect: test.cv (a VARCHAR(10) DEFAULT NULL [latin1/latin1_swedish_ci], b TEXT DEFAULT NULL [latin1/latin1_swedish_ci], c TINYTEXT DEFAULT NULL [latin1/latin1_swedish_ci], d MEDIUMTEXT DEFAULT NULL [latin1/latin1_swedish_ci], e ENUM('x') DEFAULT NULL [latin1/latin1_swedish_ci], f VARBINARY(5) DEFAULT NULL, g INT DEFAULT NULL) charset=utf8mb3/utf8mb3_general_ci
ALTER TABLE cv ADD COLUMN h CHAR(1);
-- expect: test.cv (a VARCHAR(10) DEFAULT NULL [latin1/latin1_swedish_ci], b TEXT DEFAULT NULL [latin1/latin1_swedish_ci], c TINYTEXT DEFAULT NULL [latin1/latin1_swedish_ci], d MEDIUMTEXT DEFAULT NULL [latin1/latin1_swedish_ci], e ENUM('x') DEFAULT NULL [latin1/latin1_swedish_ci], f VARBINARY(5) DEFAULT NULL, g INT DEFAULT NULL, h CHAR(1) DEFAULT NULL [utf8mb3/utf8mb3_general_ci]) charset=utf8mb3/utf8mb3_general_ci
ALTER TABLE cv CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
-- expect: test.cv (a VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], b MEDIUMTEXT DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], c TEXT DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], d LONGTEXT DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], e ENUM('x') DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], f VARBINARY(5) DEFAULT NULL, g INT DEFAULT NULL, h CHAR(1) DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci]) charset=utf8mb4/utf8mb4_unicode_ci
ALTER TABLE cv CONVERT TO CHARSET latin1;
-- expect: test.cv (a VARCHAR(10) DEFAULT NULL [latin1/latin1_swedish_ci], b MEDIUMTEXT DEFAULT NULL [latin1/latin1_swedish_ci], c TEXT DEFAULT NULL [latin1/latin1_swedish_ci], d LONGTEXT DEFAULT NULL [latin1/latin1_swedish_ci], e ENUM('x') DEFAULT NULL [latin1/latin1_swedish_ci], f VARBINARY(5) DEFAULT NULL, g INT DEFAULT NULL, h CHAR(1) DEFAULT NULL [latin1/latin1_swedish_ci]) charset=latin1/latin1_swedish_ci
ALTER TABLE cv COLLATE utf8mb4_bin;
-- expect: test.cv (a VARCHAR(10) DEFAULT NULL [latin1/latin1_swedish_ci], b MEDIUMTEXT DEFAULT NULL [latin1/latin1_swedish_ci], c TEXT DEFAULT NULL [latin1/latin1_swedish_ci], d LONGTEXT DEFAULT NULL [latin1/latin1_swedish_ci], e ENUM('x') DEFAULT NULL [latin1/latin1_swedish_ci], f VARBINARY(5) DEFAULT NULL, g INT DEFAULT NULL, h CHAR(1) DEFAULT NULL [latin1/latin1_swedish_ci]) charset=utf8mb4/utf8mb4_bin
ALTER TABLE cv CONVERT TO CHARACTER SET utf8mb4;
-- expect: test.cv (a VARCHAR(10) DEFAULT NULL [utf8mb4/], b LONGTEXT DEFAULT NULL [utf8mb4/], c MEDIUMTEXT DEFAULT NULL [utf8mb4/], d LONGTEXT DEFAULT NULL [utf8mb4/], e ENUM('x') DEFAULT NULL [utf8mb4/], f VARBINARY(5) DEFAULT NULL, g INT DEFAULT NULL, h CHAR(1) DEFAULT NULL [utf8mb4/]) charset=utf8mb4/
-- Partition maintenance does not change columns.
CREATE TABLE pt (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d)) PARTITION BY RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN (2020), PARTITION p1 VALUES LESS THAN (2030));
ALTER TABLE pt ADD PARTITION (PARTITION p2 VALUES LESS THAN MAXVALUE);
ALTER TABLE pt DROP PARTITION p0, p1;
ALTER TABLE pt TRUNCATE PARTITION p2;
ALTER TABLE pt TRUNCATE PARTITION ALL;
ALTER TABLE pt REORGANIZE PARTITION p2 INTO (PARTITION p2a VALUES LESS THAN (2040), PARTITION p2b VALUES LESS THAN MAXVALUE);
ALTER TABLE pt ANALYZE PARTITION p2a;
ALTER TABLE pt CHECK PARTITION ALL;
ALTER TABLE pt OPTIMIZE PARTITION p2a, p2b;
ALTER TABLE pt REBUILD PARTITION p2a;
ALTER TABLE pt REPAIR PARTITION p2b;
ALTER TABLE pt DISCARD PARTITION p2a TABLESPACE;
ALTER TABLE pt IMPORT PARTITION p2a TABLESPACE;
ALTER TABLE pt EXCHANGE PARTITION p2a WITH TABLE pt_swap WITHOUT VALIDATION;
ALTER TABLE pt REMOVE PARTITIONING;
ALTER TABLE pt PARTITION BY HASH (id) PARTITIONS 4;
ALTER TABLE pt COALESCE PARTITION 2;
ALTER TABLE pt ADD PARTITION PARTITIONS 2;
ALTER TABLE pt PARTITION BY KEY ALGORITHM=2 (id) PARTITIONS 3;
ALTER TABLE pt UPGRADE PARTITIONING;
ALTER TABLE pt ADD COLUMN note VARCHAR(5) PARTITION BY LINEAR HASH (id);
-- expect: test.pt (id INT NOT NULL, d DATE NOT NULL, note VARCHAR(5) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) PK(id,d) charset=utf8mb4/utf8mb4_general_ci
-- MariaDB 10.7: a partition becomes a table and back.
ALTER TABLE pt CONVERT PARTITION p0 TO TABLE pt_old;
-- result: table create:test.pt_old
-- expect: test.pt_old (id INT NOT NULL, d DATE NOT NULL, note VARCHAR(5) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) PK(id,d) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE pt CONVERT TABLE pt_old TO PARTITION p0 VALUES LESS THAN (2020);
-- result: table drop:test.pt_old
-- absent: test.pt_old
