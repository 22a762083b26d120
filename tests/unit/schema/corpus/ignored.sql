-- Statements a binlog QUERY event may hold that do not change table schemas.
BEGIN;
COMMIT;
ROLLBACK;
START TRANSACTION;
-- result: ignored; ignored; ignored; ignored
XA START 'x';
XA END 'x';
XA PREPARE 'x';
XA COMMIT 'x';
SAVEPOINT sp1;
RELEASE SAVEPOINT sp1;
ROLLBACK TO SAVEPOINT sp1;
-- result: ignored; ignored; ignored; ignored; ignored; ignored; ignored
INSERT INTO t VALUES (1, 'a;b'), (2, "c;d");
UPDATE t SET a = a + 1 WHERE b = ';';
DELETE FROM t WHERE id IN (SELECT id FROM u);
REPLACE INTO t (id) VALUES (3);
INSERT INTO t SELECT * FROM u ON DUPLICATE KEY UPDATE a = VALUES(a);
LOAD DATA INFILE '/tmp/x' INTO TABLE t;
-- result: ignored; ignored; ignored; ignored; ignored; ignored
GRANT SELECT, INSERT ON db.* TO 'u'@'%';
GRANT ALL PRIVILEGES ON *.* TO `admin`@`localhost` WITH GRANT OPTION;
REVOKE INSERT ON db.* FROM 'u'@'%';
CREATE USER 'u'@'%' IDENTIFIED BY 'secret';
CREATE USER IF NOT EXISTS u2 IDENTIFIED WITH mysql_native_password AS '*ABC';
ALTER USER 'u'@'%' PASSWORD EXPIRE;
DROP USER 'u'@'%';
RENAME USER 'a'@'%' TO 'b'@'%';
CREATE ROLE r1;
DROP ROLE r1;
SET ROLE r1;
SET DEFAULT ROLE r1 FOR u;
SET PASSWORD FOR 'u'@'%' = PASSWORD('x');
-- result: ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored
CREATE VIEW v AS SELECT 1;
CREATE OR REPLACE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v2` AS select `t`.`id` AS `id` from `t`;
ALTER ALGORITHM=MERGE VIEW v AS SELECT 2;
ALTER DEFINER=`root`@`%` VIEW v AS SELECT 3;
DROP VIEW IF EXISTS v, v2;
-- result: ignored; ignored; ignored; ignored; ignored
CREATE SEQUENCE s1 START WITH 1 INCREMENT BY 1;
ALTER SEQUENCE s1 RESTART 10;
DROP SEQUENCE s1;
CREATE SERVER srv FOREIGN DATA WRAPPER mysql OPTIONS (USER 'x');
DROP SERVER srv;
CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd' ENGINE=InnoDB;
ALTER TABLESPACE ts RENAME TO ts2;
DROP TABLESPACE ts2;
CREATE LOGFILE GROUP lg ADD UNDOFILE 'u.log' ENGINE=NDB;
CREATE SPATIAL REFERENCE SYSTEM 4120 NAME 'Greek' DEFINITION 'GEOGCS[]';
DROP SPATIAL REFERENCE SYSTEM 4120;
CREATE RESOURCE GROUP rg TYPE = USER VCPU = 0-1;
ALTER RESOURCE GROUP rg VCPU = 2;
DROP RESOURCE GROUP rg;
DROP PROCEDURE IF EXISTS p;
DROP FUNCTION IF EXISTS f;
DROP EVENT IF EXISTS ev;
ALTER EVENT ev DISABLE;
ALTER PROCEDURE p COMMENT 'x';
ALTER FUNCTION f COMMENT 'x';
CREATE AGGREGATE FUNCTION agg(x INT) RETURNS INT BEGIN RETURN 1; END;
CREATE FUNCTION udf RETURNS STRING SONAME 'udf.so';
-- result: ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored
FLUSH PRIVILEGES;
FLUSH TABLES WITH READ LOCK;
ANALYZE TABLE t;
OPTIMIZE NO_WRITE_TO_BINLOG TABLE t;
REPAIR TABLE t QUICK;
CHECK TABLE t;
CHECKSUM TABLE t;
INSTALL PLUGIN p SONAME 'p.so';
UNINSTALL PLUGIN p;
INSTALL COMPONENT 'file://component_validate_password';
UNINSTALL COMPONENT 'file://component_validate_password';
LOCK TABLES t WRITE, u READ;
UNLOCK TABLES;
CALL proc(1, 'x;y');
DO SLEEP(0);
ALTER INSTANCE ROTATE INNODB MASTER KEY;
SHUTDOWN;
-- result: ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored
SET NAMES utf8mb4;
SET NAMES 'latin1' COLLATE 'latin1_bin';
SET CHARACTER SET utf8;
SET character_set_client = utf8mb4;
SET @@session.collation_connection = 'utf8mb4_bin';
SET SESSION sql_mode = 'ANSI_QUOTES';
SET @x = 1;
SET GLOBAL read_only = ON;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
SET @@SESSION.GTID_NEXT = 'AUTOMATIC';
SET TIMESTAMP=1700000000/*!*/;
-- result: charset; charset; charset; charset; charset; ignored; ignored; ignored; ignored; ignored; ignored
SELECT 1;
(SELECT 1) UNION (SELECT 2);
WITH x AS (SELECT 1) SELECT * FROM x;
HANDLER t OPEN;
PREPARE stmt FROM 'SELECT 1';
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
KILL QUERY 5;
PURGE BINARY LOGS TO 'mysql-bin.000010';
RESET MASTER;
STOP SLAVE;
START SLAVE;
CHANGE MASTER TO MASTER_HOST='h';
BINLOG 'AAAA';
SHOW TABLES;
EXPLAIN SELECT 1;
BACKUP STAGE START;
BEGIN NOT ATOMIC DECLARE x INT; SET x = 1; IF x THEN SELECT 1; END IF; END;
-- result: ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored
-- Comment-only and empty statements produce no result.
;;
/* nothing */ ;
-- result:
