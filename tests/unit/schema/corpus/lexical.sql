-- Quoting, comments, versioned comments and odd spacing.
CREATE TABLE`q1`(`a`INT,`b`VARCHAR(3)NOT NULL,PRIMARY KEY(`a`))ENGINE=InnoDB;
-- expect: test.q1 (a INT NOT NULL, b VARCHAR(3) NOT NULL [utf8mb4/utf8mb4_general_ci]) PK(a) charset=utf8mb4/utf8mb4_general_ci engine=InnoDB
CREATE TABLE "q2" ("a" INT DEFAULT "5", "b" VARCHAR(5) COMMENT "it's", "c" ENUM("x","y") DEFAULT "x");
-- expect: test.q2 (a INT DEFAULT '5', b VARCHAR(5) DEFAULT NULL [utf8mb4/utf8mb4_general_ci] COMMENT 'it''s', c ENUM('x','y') DEFAULT 'x' [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE "test"."q3" (id INT);
CREATE TABLE `test`.`q4` (id INT);
CREATE TABLE test.`q5` (id INT);
CREATE TABLE `te``st`.`q``6` (`i``d` INT);
-- result: table create:test.q3; table create:test.q4; table create:test.q5; table create:te`st.q`6
-- expect: te`st.q`6 (i`d INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE
  TABLE
    q7   (
  a   INT   -- trailing comment, with a ; inside
    , b # hash comment ; too
    INT /* block ; comment */ NOT /* between */ NULL
  , c VARCHAR(10) DEFAULT 'semi;colon'
  , d VARCHAR(10) DEFAULT '-- not a comment'
  , e VARCHAR(10) DEFAULT '/* not a comment */'
  , `f;g` INT
);
-- expect: test.q7 (a INT DEFAULT NULL, b INT NOT NULL, c VARCHAR(10) DEFAULT 'semi;colon' [utf8mb4/utf8mb4_general_ci], d VARCHAR(10) DEFAULT '-- not a comment' [utf8mb4/utf8mb4_general_ci], e VARCHAR(10) DEFAULT '/* not a comment */' [utf8mb4/utf8mb4_general_ci], f;g INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
/*!40101 SET @saved_cs_client = @@character_set_client */;
/*!40000 ALTER TABLE `q7` DISABLE KEYS */;
/*!50503 SET NAMES utf8mb4 */;
/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */ /*!50001 VIEW `v` AS select 1 AS `x` */;
-- result: ignored; table; charset; ignored
CREATE TABLE q8 (a INT) /*M!100100 COMMENT 'maria' */ /*!50100 PARTITION BY HASH (a) PARTITIONS 2 */;
-- expect: test.q8 (a INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci comment='maria'
CREATE TABLE q9 (a INT /*! UNSIGNED */, b INT /*!80023 INVISIBLE */, c INT /*M!100301 INVISIBLE */, d INT /* UNSIGNED */);
-- expect: test.q9 (a INT UNSIGNED DEFAULT NULL, b INT DEFAULT NULL INVISIBLE, c INT DEFAULT NULL INVISIBLE, d INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE q10 (a VARCHAR(20) DEFAULT 'a\'b\\c', b VARCHAR(20) DEFAULT 'x''y', c VARCHAR(20) DEFAULT "q""r", e VARCHAR(20) DEFAULT 'per\%cent');
-- expect: test.q10 (a VARCHAR(20) DEFAULT 'a''b\c' [utf8mb4/utf8mb4_general_ci], b VARCHAR(20) DEFAULT 'x''y' [utf8mb4/utf8mb4_general_ci], c VARCHAR(20) DEFAULT 'q"r' [utf8mb4/utf8mb4_general_ci], e VARCHAR(20) DEFAULT 'per\%cent' [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE q11 (a BINARY(2) DEFAULT X'0A0B', b BIT(4) DEFAULT B'0101', c VARBINARY(4) DEFAULT 0xCAFE, d BIT(2) DEFAULT 0b11, e VARCHAR(4) DEFAULT _binary 'ab', f VARCHAR(4) DEFAULT _utf8mb4 0x6869);
-- expect: test.q11 (a BINARY(2) DEFAULT 'X''0A0B''', b BIT(4) DEFAULT 'B''0101''', c VARBINARY(4) DEFAULT '0xCAFE', d BIT(2) DEFAULT '0b11', e VARCHAR(4) DEFAULT 'ab' [utf8mb4/utf8mb4_general_ci], f VARCHAR(4) DEFAULT '0x6869' [utf8mb4/utf8mb4_general_ci]) charset=utf8mb4/utf8mb4_general_ci
create table lower_case (id int primary key auto_increment, name varchar(10) character set utf8 collate utf8_unicode_ci not null default 'n');
-- expect: test.lower_case (id INT NOT NULL AUTO_INCREMENT, name VARCHAR(10) NOT NULL DEFAULT 'n' [utf8mb3/utf8mb3_unicode_ci]) PK(id) charset=utf8mb4/utf8mb4_general_ci
CrEaTe TaBlE MiXeD ( Id InT NoT NuLl , PrImArY KeY ( iD ) ) ;
-- expect: test.MiXeD (Id INT NOT NULL) PK(Id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE q12(a DECIMAL(10 , 2),b INT(11)UNSIGNED ZEROFILL,c FLOAT( 5,2 ));
-- expect: test.q12 (a DECIMAL(10,2) DEFAULT NULL, b INT(11) UNSIGNED ZEROFILL DEFAULT NULL, c FLOAT(5,2) DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
-- Case matters for table and database names, not for columns.
CREATE TABLE Q13 (A INT);
CREATE TABLE q13 (a INT);
ALTER TABLE Q13 ADD b INT;
-- expect: test.Q13 (A INT DEFAULT NULL, b INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
-- expect: test.q13 (a INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE q13 MODIFY A BIGINT;
-- expect: test.q13 (A BIGINT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
-- Several statements in one text; a ';' ends each.
CREATE TABLE m1 (a INT); ALTER TABLE m1 ADD b INT;DROP TABLE m1 ; CREATE TABLE m1 (c INT)
-- result: table create:test.m1; table alter:test.m1; table drop:test.m1; table create:test.m1
-- expect: test.m1 (c INT DEFAULT NULL) charset=utf8mb4/utf8mb4_general_ci
