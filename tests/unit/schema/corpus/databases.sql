-- CREATE/ALTER/DROP DATABASE, USE, and the charset each level inherits.
-- server: latin1 latin1_swedish_ci
CREATE DATABASE shop;
-- result: db:shop
CREATE DATABASE IF NOT EXISTS shop CHARACTER SET utf8mb4;
-- result: db:shop
USE shop;
-- result: use:shop
CREATE TABLE t1 (a VARCHAR(5), b INT);
-- expect: shop.t1 (a VARCHAR(5) DEFAULT NULL [latin1/latin1_swedish_ci], b INT DEFAULT NULL) charset=latin1/latin1_swedish_ci
CREATE SCHEMA `uni` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE TABLE uni.t2 (a TEXT, b CHAR(1) CHARACTER SET utf8mb4, c CHAR(1) COLLATE utf8mb4_bin, d CHAR(1) CHARSET latin1 COLLATE latin1_bin);
-- expect: uni.t2 (a TEXT DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], b CHAR(1) DEFAULT NULL [utf8mb4/], c CHAR(1) DEFAULT NULL [utf8mb4/utf8mb4_bin], d CHAR(1) DEFAULT NULL [latin1/latin1_bin]) charset=utf8mb4/utf8mb4_unicode_ci
CREATE DATABASE d3 COLLATE utf8mb3_general_ci;
CREATE TABLE d3.t (a VARCHAR(1));
-- expect: d3.t (a VARCHAR(1) DEFAULT NULL [utf8mb3/utf8mb3_general_ci]) charset=utf8mb3/utf8mb3_general_ci
CREATE DATABASE d4 CHARSET = utf8;
CREATE TABLE d4.t (a VARCHAR(1));
-- expect: d4.t (a VARCHAR(1) DEFAULT NULL [utf8mb3/utf8mb3_general_ci]) charset=utf8mb3/utf8mb3_general_ci
CREATE DATABASE d5 DEFAULT COLLATE = utf8_unicode_ci;
CREATE TABLE d5.t (a VARCHAR(1)) COLLATE latin1_german2_ci;
CREATE TABLE d5.u (a VARCHAR(1));
-- expect: d5.t (a VARCHAR(1) DEFAULT NULL [latin1/latin1_german2_ci]) charset=latin1/latin1_german2_ci
-- expect: d5.u (a VARCHAR(1) DEFAULT NULL [utf8mb3/utf8mb3_unicode_ci]) charset=utf8mb3/utf8mb3_unicode_ci
ALTER DATABASE d5 CHARACTER SET latin2;
CREATE TABLE d5.v (a VARCHAR(1));
-- expect: d5.v (a VARCHAR(1) DEFAULT NULL [latin2/latin2_general_ci]) charset=latin2/latin2_general_ci
-- expect: d5.u (a VARCHAR(1) DEFAULT NULL [utf8mb3/utf8mb3_unicode_ci]) charset=utf8mb3/utf8mb3_unicode_ci
USE d5;
ALTER DATABASE COLLATE cp1251_bin;
-- result: use:d5; db:d5
CREATE TABLE w (a CHAR(2));
-- expect: d5.w (a CHAR(2) DEFAULT NULL [cp1251/cp1251_bin]) charset=cp1251/cp1251_bin
ALTER SCHEMA d5 UPGRADE DATA DIRECTORY NAME;
-- result: db:d5
CREATE DATABASE /*!32312 IF NOT EXISTS*/ `dumped` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */;
CREATE TABLE dumped.t (a VARCHAR(1));
-- expect: dumped.t (a VARCHAR(1) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE DATABASE `mysql8` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */;
CREATE TABLE mysql8.t (a VARCHAR(1), b VARCHAR(1) CHARACTER SET latin1, c VARCHAR(1) CHARACTER SET utf8mb4);
-- expect: mysql8.t (a VARCHAR(1) DEFAULT NULL [utf8mb4/utf8mb4_0900_ai_ci], b VARCHAR(1) DEFAULT NULL [latin1/latin1_swedish_ci], c VARCHAR(1) DEFAULT NULL [utf8mb4/]) charset=utf8mb4/utf8mb4_0900_ai_ci
CREATE TABLE mysql8.u (a VARCHAR(1)) CHARSET utf8mb4;
-- expect: mysql8.u (a VARCHAR(1) DEFAULT NULL [utf8mb4/]) charset=utf8mb4/
USE shop;
DROP DATABASE IF EXISTS d5;
-- result: use:shop; db:d5 drop:d5.t drop:d5.u drop:d5.v drop:d5.w
-- absent: d5.u
DROP SCHEMA uni;
-- result: db:uni drop:uni.t2
DROP DATABASE IF EXISTS never_existed;
-- result: db:never_existed
CREATE DATABASE shop2 DEFAULT CHARSET ascii;
CREATE TABLE shop2.t (a CHAR(1), b CHAR(1) BINARY, c CHAR(1) CHARACTER SET binary, d TEXT CHARSET binary);
-- expect: shop2.t (a CHAR(1) DEFAULT NULL [ascii/ascii_general_ci], b CHAR(1) DEFAULT NULL [ascii/ascii_bin], c BINARY(1) DEFAULT NULL [binary/], d BLOB DEFAULT NULL [binary/]) charset=ascii/ascii_general_ci
-- Without a database: the table name must be qualified.
USE shop2;
DROP DATABASE shop2;
CREATE TABLE t (a INT);
-- error: InvalidArgument no database selected for table t
