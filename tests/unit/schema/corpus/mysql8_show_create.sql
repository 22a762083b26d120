-- SHOW CREATE TABLE and mysqldump output of MySQL 8.0 / 8.4.
-- server: utf8mb4 utf8mb4_0900_ai_ci
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
SET @MYSQLDUMP_TEMP_LOG_BIN = @@SESSION.SQL_LOG_BIN;
SET @@SESSION.SQL_LOG_BIN= 0;
SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5';
-- result: ignored; charset; ignored; ignored; ignored; ignored; ignored; ignored; ignored
DROP TABLE IF EXISTS `accounts`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `accounts` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `uuid` binary(16) NOT NULL DEFAULT (uuid_to_bin(uuid())),
  `name` varchar(255) COLLATE utf8mb4_unicode_ci NOT NULL,
  `plan` enum('free','pro','enterprise') CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL DEFAULT 'free',
  `settings` json DEFAULT NULL,
  `balance` decimal(15,4) NOT NULL DEFAULT '0.0000',
  `flags` bit(8) NOT NULL DEFAULT b'0',
  `created_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `deleted_at` datetime(6) DEFAULT NULL,
  `name_lower` varchar(255) COLLATE utf8mb4_unicode_ci GENERATED ALWAYS AS (lower(`name`)) VIRTUAL,
  `location` point NOT NULL /*!80003 SRID 4326 */,
  `secret` varchar(64) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL /*!80023 INVISIBLE */,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_uuid` (`uuid`),
  KEY `idx_name` (`name`(100)),
  KEY `idx_expr` ((lower(`name`))),
  KEY `idx_created` (`created_at` DESC) /*!80000 INVISIBLE */,
  SPATIAL KEY `sp_location` (`location`),
  FULLTEXT KEY `ft_name` (`name`) /*!50100 WITH PARSER `ngram` */ ,
  CONSTRAINT `chk_balance` CHECK ((`balance` >= 0))
) ENGINE=InnoDB AUTO_INCREMENT=12345 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC COMMENT='Accounts';
/*!40101 SET character_set_client = @saved_cs_client */;
-- expect: test.accounts (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, uuid BINARY(16) NOT NULL DEFAULT '(uuid_to_bin(uuid()))', name VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], plan ENUM('free','pro','enterprise') NOT NULL DEFAULT 'free' [utf8mb4/utf8mb4_0900_ai_ci], settings JSON DEFAULT NULL, balance DECIMAL(15,4) NOT NULL DEFAULT '0.0000', flags BIT(8) NOT NULL DEFAULT 'b''0''', created_at TIMESTAMP NOT NULL DEFAULT 'CURRENT_TIMESTAMP', updated_at TIMESTAMP NOT NULL DEFAULT 'CURRENT_TIMESTAMP', deleted_at DATETIME(6) DEFAULT NULL, name_lower VARCHAR(255) [utf8mb4/utf8mb4_unicode_ci] AS (lower(`name`)) VIRTUAL, location POINT NOT NULL SRID 4326, secret VARCHAR(64) DEFAULT NULL [ascii/ascii_bin] INVISIBLE) PK(id) UNIQUE uk_uuid(uuid) KEY idx_name(name) KEY idx_expr() KEY idx_created(created_at) SPATIAL sp_location(location) FULLTEXT ft_name(name) charset=utf8mb4/utf8mb4_unicode_ci engine=InnoDB comment='Accounts'
LOCK TABLES `accounts` WRITE;
/*!40000 ALTER TABLE `accounts` DISABLE KEYS */;
INSERT INTO `accounts` VALUES (1,0x11EE,'Acme','pro','{\"a\": 1}',10.0000,_binary '\0','2024-01-01 00:00:00','2024-01-01 00:00:00',NULL,_binary 'x',NULL);
/*!40000 ALTER TABLE `accounts` ENABLE KEYS */;
UNLOCK TABLES;
-- result: ignored; table; ignored; table; ignored
CREATE TABLE `orders` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `account_id` bigint unsigned NOT NULL,
  `status` varchar(20) NOT NULL DEFAULT 'new',
  `total` decimal(10,2) NOT NULL,
  `placed_at` datetime NOT NULL,
  PRIMARY KEY (`id`,`placed_at`),
  KEY `fk_orders_account` (`account_id`),
  CONSTRAINT `fk_orders_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci
/*!50100 PARTITION BY RANGE (year(`placed_at`))
(PARTITION p2023 VALUES LESS THAN (2024) ENGINE = InnoDB,
 PARTITION p2024 VALUES LESS THAN (2025) ENGINE = InnoDB,
 PARTITION pmax VALUES LESS THAN MAXVALUE ENGINE = InnoDB) */;
-- expect: test.orders (id BIGINT NOT NULL AUTO_INCREMENT, account_id BIGINT UNSIGNED NOT NULL, status VARCHAR(20) NOT NULL DEFAULT 'new' [utf8mb4/utf8mb4_0900_ai_ci], total DECIMAL(10,2) NOT NULL, placed_at DATETIME NOT NULL) PK(id,placed_at) KEY fk_orders_account(account_id) FK fk_orders_account(account_id) charset=utf8mb4/utf8mb4_0900_ai_ci engine=InnoDB
CREATE TABLE `legacy` (
  `id` int NOT NULL,
  `title` varchar(100) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci DEFAULT NULL,
  `body` mediumtext CHARACTER SET latin1 COLLATE latin1_swedish_ci,
  `data` longblob,
  `ts` timestamp NULL DEFAULT NULL,
  `yr` year DEFAULT NULL,
  `f` float DEFAULT NULL,
  `d` double(10,3) unsigned DEFAULT NULL,
  PRIMARY KEY (`id`) USING BTREE
) ENGINE=MyISAM DEFAULT CHARSET=latin1 STATS_PERSISTENT=0;
-- expect: test.legacy (id INT NOT NULL, title VARCHAR(100) DEFAULT NULL [utf8mb3/utf8mb3_general_ci], body MEDIUMTEXT DEFAULT NULL [latin1/latin1_swedish_ci], data LONGBLOB DEFAULT NULL, ts TIMESTAMP DEFAULT NULL, yr YEAR DEFAULT NULL, f FLOAT DEFAULT NULL, d DOUBLE(10,3) UNSIGNED DEFAULT NULL) PK(id) charset=latin1/latin1_swedish_ci engine=MyISAM
CREATE TABLE `t_json_idx` (
  `id` int NOT NULL,
  `doc` json DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_tags` ((cast(json_extract(`doc`,_utf8mb4'$.tags') as char(32) array)))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci SECONDARY_ENGINE=RAPID;
-- expect: test.t_json_idx (id INT NOT NULL, doc JSON DEFAULT NULL) PK(id) KEY idx_tags() charset=utf8mb4/utf8mb4_0900_ai_ci engine=InnoDB
-- MariaDB 10.11 SHOW CREATE TABLE forms not in the dump file.
CREATE TABLE `m` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j`)),
  `ts` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  `s` varchar(36) DEFAULT uuid(),
  `n` int(11) DEFAULT (1 + 1),
  `v` int(11) GENERATED ALWAYS AS (`n` * 2) STORED,
  `p` int(11) GENERATED ALWAYS AS (`n` + 1) VIRTUAL INVISIBLE,
  `row_start` timestamp(6) GENERATED ALWAYS AS ROW START INVISIBLE,
  `row_end` timestamp(6) GENERATED ALWAYS AS ROW END INVISIBLE,
  PRIMARY KEY (`id`,`row_end`),
  KEY `k_ign` (`n`) IGNORED,
  PERIOD FOR SYSTEM_TIME (`row_start`, `row_end`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci PAGE_COMPRESSED='ON' WITH SYSTEM VERSIONING;
-- expect: test.m (id INT(11) NOT NULL AUTO_INCREMENT, j LONGTEXT DEFAULT NULL [utf8mb4/utf8mb4_bin], ts TIMESTAMP NOT NULL DEFAULT 'current_timestamp()', s VARCHAR(36) DEFAULT 'uuid()' [utf8mb4/utf8mb4_general_ci], n INT(11) DEFAULT '(1 + 1)', v INT(11) AS (`n` * 2) STORED, p INT(11) AS (`n` + 1) VIRTUAL INVISIBLE, row_start TIMESTAMP(6) NOT NULL INVISIBLE, row_end TIMESTAMP(6) NOT NULL INVISIBLE) PK(id,row_end) KEY k_ign(n) charset=utf8mb4/utf8mb4_general_ci engine=InnoDB
