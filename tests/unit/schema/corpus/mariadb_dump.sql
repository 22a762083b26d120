-- server: latin1 latin1_swedish_ci
/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: shop
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1-log

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Current Database: `shop`
--

CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci */;

USE `shop`;

--
-- Table structure for table `counters`
--

DROP TABLE IF EXISTS `counters`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `counters` (
  `k` varchar(64) NOT NULL,
  `v` bigint(20) NOT NULL DEFAULT 0,
  `b` tinyint(1) DEFAULT 0,
  `s` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  PRIMARY KEY (`k`),
  UNIQUE KEY `s` (`s`)
) ENGINE=MyISAM AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `counters`
--

LOCK TABLES `counters` WRITE;
/*!40000 ALTER TABLE `counters` DISABLE KEYS */;
INSERT INTO `counters` VALUES
('x',1,0,1);
/*!40000 ALTER TABLE `counters` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `customers`
--

DROP TABLE IF EXISTS `customers`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `customers` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `name` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL,
  `country` char(2) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT 'US',
  `created_at` timestamp NOT NULL DEFAULT current_timestamp(),
  `updated_at` datetime(3) DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
  `balance` decimal(12,2) unsigned DEFAULT 0.00,
  `flags` set('vip','blocked') DEFAULT '',
  `status` enum('new','active','gone') NOT NULL DEFAULT 'new' COMMENT 'lifecycle',
  `notes` text DEFAULT NULL,
  `prefs` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`prefs`)),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_email` (`email`),
  KEY `idx_name_country` (`name`(20),`country`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='customer master';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `customers`
--

LOCK TABLES `customers` WRITE;
/*!40000 ALTER TABLE `customers` DISABLE KEYS */;
INSERT INTO `customers` VALUES
(1,'a@x','A','US','2026-11-21 17:29:34','2026-11-21 17:29:34.662',0.00,'','new',NULL,NULL),
(2,'b@x','B\'s','US','2026-11-21 17:29:34','2026-11-21 17:29:34.662',0.00,'','new',NULL,NULL);
/*!40000 ALTER TABLE `customers` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `events`
--

DROP TABLE IF EXISTS `events`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `events` (
  `id` int(11) NOT NULL,
  `happened` datetime NOT NULL,
  `payload` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`payload`)),
  `u` uuid DEFAULT NULL,
  `ip` inet6 DEFAULT NULL,
  `ip4` inet4 DEFAULT NULL,
  PRIMARY KEY (`id`,`happened`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci
 PARTITION BY RANGE (year(`happened`))
(PARTITION `p2020` VALUES LESS THAN (2021) ENGINE = InnoDB,
 PARTITION `p2021` VALUES LESS THAN (2022) ENGINE = InnoDB,
 PARTITION `pmax` VALUES LESS THAN MAXVALUE ENGINE = InnoDB);
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `events`
--

LOCK TABLES `events` WRITE;
/*!40000 ALTER TABLE `events` DISABLE KEYS */;
/*!40000 ALTER TABLE `events` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `orders`
--

DROP TABLE IF EXISTS `orders`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `orders` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `customer_id` int(11) NOT NULL,
  `total` double NOT NULL DEFAULT 0,
  `note` varchar(200) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,
  `placed` date DEFAULT NULL,
  `qty` smallint(5) unsigned zerofill DEFAULT NULL,
  `tax` float(7,3) DEFAULT NULL,
  `code` binary(16) DEFAULT NULL,
  `raw` varbinary(64) DEFAULT NULL,
  `pic` mediumblob DEFAULT NULL,
  `yr` year(4) DEFAULT NULL,
  `t` time(6) DEFAULT NULL,
  `active` bit(1) DEFAULT b'1',
  `total_x2` double GENERATED ALWAYS AS (`total` * 2) VIRTUAL,
  PRIMARY KEY (`id`),
  KEY `fk_customer` (`customer_id`),
  CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE,
  CONSTRAINT `CONSTRAINT_1` CHECK (`total` >= 0)
) ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `orders`
--

LOCK TABLES `orders` WRITE;
/*!40000 ALTER TABLE `orders` DISABLE KEYS */;
/*!40000 ALTER TABLE `orders` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `places`
--

DROP TABLE IF EXISTS `places`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `places` (
  `id` int(11) NOT NULL,
  `loc` point NOT NULL,
  `body` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  SPATIAL KEY `sp_loc` (`loc`),
  FULLTEXT KEY `ft` (`body`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `places`
--

LOCK TABLES `places` WRITE;
/*!40000 ALTER TABLE `places` DISABLE KEYS */;
/*!40000 ALTER TABLE `places` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2026-11-21 17:29:34
-- expect: shop.counters (k VARCHAR(64) NOT NULL [utf8mb3/utf8mb3_general_ci], v BIGINT(20) NOT NULL DEFAULT '0', b TINYINT(1) DEFAULT '0', s BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT) PK(k) UNIQUE s(s) charset=utf8mb3/utf8mb3_general_ci engine=MyISAM
-- expect: shop.customers (id INT(11) NOT NULL AUTO_INCREMENT, email VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], name VARCHAR(100) DEFAULT NULL [utf8mb4/utf8mb4_bin], country CHAR(2) NOT NULL DEFAULT 'US' [ascii/ascii_general_ci], created_at TIMESTAMP NOT NULL DEFAULT 'current_timestamp()', updated_at DATETIME(3) DEFAULT 'current_timestamp(3)', balance DECIMAL(12,2) UNSIGNED DEFAULT '0.00', flags SET('vip','blocked') DEFAULT '' [utf8mb4/utf8mb4_unicode_ci], status ENUM('new','active','gone') NOT NULL DEFAULT 'new' [utf8mb4/utf8mb4_unicode_ci] COMMENT 'lifecycle', notes TEXT DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], prefs LONGTEXT DEFAULT NULL [utf8mb4/utf8mb4_bin]) PK(id) UNIQUE uq_email(email) KEY idx_name_country(name,country) charset=utf8mb4/utf8mb4_unicode_ci engine=InnoDB comment='customer master'
-- expect: shop.events (id INT(11) NOT NULL, happened DATETIME NOT NULL, payload LONGTEXT DEFAULT NULL [utf8mb4/utf8mb4_bin], u UUID DEFAULT NULL, ip INET6 DEFAULT NULL, ip4 INET4 DEFAULT NULL) PK(id,happened) charset=latin1/latin1_swedish_ci engine=InnoDB
-- expect: shop.orders (id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT, customer_id INT(11) NOT NULL, total DOUBLE NOT NULL DEFAULT '0', note VARCHAR(200) DEFAULT NULL [latin1/latin1_swedish_ci], placed DATE DEFAULT NULL, qty SMALLINT(5) UNSIGNED ZEROFILL DEFAULT NULL, tax FLOAT(7,3) DEFAULT NULL, code BINARY(16) DEFAULT NULL, raw VARBINARY(64) DEFAULT NULL, pic MEDIUMBLOB DEFAULT NULL, yr YEAR(4) DEFAULT NULL, t TIME(6) DEFAULT NULL, active BIT(1) DEFAULT 'b''1''', total_x2 DOUBLE AS (`total` * 2) VIRTUAL) PK(id) KEY fk_customer(customer_id) FK fk_customer(customer_id) charset=utf8mb4/utf8mb4_unicode_ci engine=InnoDB
-- expect: shop.places (id INT(11) NOT NULL, loc POINT NOT NULL, body TEXT DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci]) PK(id) SPATIAL sp_loc(loc) FULLTEXT ft(body) charset=utf8mb4/utf8mb4_unicode_ci engine=InnoDB
