-- Keys, indexes and constraints, and the names the server gives unnamed ones.
CREATE TABLE k1 (id INT NOT NULL, a INT, b VARCHAR(20), c TEXT, PRIMARY KEY (id), KEY (a), KEY idx_b (b(10)), UNIQUE (a, b), UNIQUE KEY (a), INDEX (a DESC, b ASC), FULLTEXT (c), FULLTEXT INDEX ft_bc (b, c));
-- expect: test.k1 (id INT NOT NULL, a INT DEFAULT NULL, b VARCHAR(20) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], c TEXT DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) PK(id) KEY a(a) KEY idx_b(b) UNIQUE a_2(a,b) UNIQUE a_3(a) KEY a_4(a,b) FULLTEXT c(c) FULLTEXT ft_bc(b,c) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE k2 (a INT, b INT, c INT, CONSTRAINT pk_k2 PRIMARY KEY (a, b), CONSTRAINT uq_c UNIQUE (c), CONSTRAINT UNIQUE INDEX named_idx (b), CONSTRAINT uq_c2 UNIQUE KEY idx_explicit (c, a));
-- expect: test.k2 (a INT NOT NULL, b INT NOT NULL, c INT DEFAULT NULL) PK(a,b) UNIQUE uq_c(c) UNIQUE named_idx(b) UNIQUE idx_explicit(c,a) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE k3 (id INT, g GEOMETRY NOT NULL, p POINT NOT NULL SRID 0, SPATIAL INDEX (g), SPATIAL KEY sp (p), PRIMARY KEY USING BTREE (id));
-- expect: test.k3 (id INT NOT NULL, g GEOMETRY NOT NULL, p POINT NOT NULL SRID 0) PK(id) SPATIAL g(g) SPATIAL sp(p) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE k4 (a INT, b INT, KEY ab USING HASH (a, b) COMMENT 'hash', KEY (b) USING BTREE KEY_BLOCK_SIZE=8 INVISIBLE, UNIQUE KEY u (a) VISIBLE, KEY i_ign (a) IGNORED, KEY i_nign (b) NOT IGNORED, KEY kb (b) KEY_BLOCK_SIZE 4 ENGINE_ATTRIBUTE='{}', INDEX TYPE BTREE (a));
-- expect: test.k4 (a INT DEFAULT NULL, b INT DEFAULT NULL) KEY ab(a,b) KEY b(b) UNIQUE u(a) KEY i_ign(a) KEY i_nign(b) KEY kb(b) KEY a(a) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE k5 (id INT PRIMARY KEY, doc JSON, name VARCHAR(50), INDEX ((CAST(doc->>'$.x' AS UNSIGNED))), INDEX fn_name ((LOWER(name)), id), UNIQUE KEY ((id + 1)));
-- expect: test.k5 (id INT NOT NULL, doc JSON DEFAULT NULL, name VARCHAR(50) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) PK(id) KEY functional_index() KEY fn_name(id) UNIQUE functional_index_2() charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE parent (id INT PRIMARY KEY, code VARCHAR(10), UNIQUE KEY (code));
-- expect: test.parent (id INT NOT NULL, code VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) PK(id) UNIQUE code(code) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, code VARCHAR(10), other INT, FOREIGN KEY (parent_id) REFERENCES parent (id), CONSTRAINT fk_code FOREIGN KEY (code) REFERENCES parent (code) ON DELETE CASCADE ON UPDATE NO ACTION, FOREIGN KEY fk_idx (other) REFERENCES parent (id) ON DELETE RESTRICT, CONSTRAINT FOREIGN KEY (id) REFERENCES parent (id) ON UPDATE SET DEFAULT);
-- expect: test.child (id INT NOT NULL, parent_id INT DEFAULT NULL, code VARCHAR(10) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], other INT DEFAULT NULL) PK(id) FK child_ibfk_1(parent_id) FK fk_code(code) FK fk_idx(other) FK child_ibfk_2(id) KEY parent_id(parent_id) KEY fk_code(code) KEY fk_idx(other) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE child2 (id INT, pid INT, KEY idx_pid_id (pid, id), CONSTRAINT c2_fk FOREIGN KEY (pid) REFERENCES parent (id));
-- expect: test.child2 (id INT DEFAULT NULL, pid INT DEFAULT NULL) KEY idx_pid_id(pid,id) FK c2_fk(pid) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE k6 (a INT, b INT, PRIMARY KEY (a), KEY PRIMARY_x (b), KEY (a, b), KEY (a));
-- expect: test.k6 (a INT NOT NULL, b INT DEFAULT NULL) PK(a) KEY PRIMARY_x(b) KEY a(a,b) KEY a_2(a) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE k7 (`Col` INT, KEY (`col`), KEY `Col_2` (col), KEY (COL));
-- expect: test.k7 (Col INT DEFAULT NULL) KEY Col(Col) KEY Col_2(Col) KEY Col_3(Col) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE k8 (a INT NOT NULL, b INT NOT NULL, c INT, UNIQUE KEY uq (a, b), CONSTRAINT chk CHECK (c > 0), KEY IF NOT EXISTS ki (c));
-- expect: test.k8 (a INT NOT NULL, b INT NOT NULL, c INT DEFAULT NULL) UNIQUE uq(a,b) KEY ki(c) charset=utf8mb4/utf8mb4_general_ci
