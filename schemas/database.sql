PRAGMA user_version = 5;
CREATE TABLE documents (
    id TEXT PRIMARY KEY,            -- sha256 of the file content
    file TEXT, path TEXT, kind TEXT,
    number TEXT, doc_type TEXT, issuer TEXT, place TEXT, date TEXT, year INTEGER, title TEXT,
    signer_name TEXT, signer_position TEXT, signer_authority TEXT,
    province TEXT,
    node_id INTEGER,
    warnings TEXT,                  -- JSON list
    record TEXT,                    -- the full JSON record
    pipeline_version TEXT
);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER, mtime REAL, sha256 TEXT, format TEXT,
    status TEXT NOT NULL,           -- ok | failed | deleted
    error TEXT,                     -- one-line reason when failed
    document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    pipeline_version TEXT,
    seen_at REAL,
    json_bytes INTEGER              -- size of the JSON record written for it (a torn or edited one differs)
, [json_path] TEXT);
CREATE TABLE nodes (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE,                -- number|year|issuer, or unresolved:… / doc:…
    number TEXT, number_norm TEXT, doc_type TEXT, year INTEGER, issuer TEXT,
    resolved INTEGER NOT NULL DEFAULT 1,
    document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    cited_count INTEGER NOT NULL DEFAULT 0  -- citing documents; kept by the triggers below
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    citing_document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    citing_node_id INTEGER REFERENCES nodes(id),
    cited_node_id INTEGER REFERENCES nodes(id),
    basis INTEGER,
    number TEXT, doc_type TEXT, date TEXT, issuer TEXT, title TEXT,
    mentions TEXT                   -- JSON list of provenance
);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    value TEXT, value_num REAL, value_max TEXT,
    unit TEXT, unit_canonical TEXT, kind TEXT, text TEXT, action TEXT, "of" TEXT, bound TEXT,
    period TEXT, responsible TEXT,
    year INTEGER,                   -- the year the target is for: its period's, else the document's
    start INTEGER, "end" INTEGER, source_start INTEGER, source_end INTEGER, page INTEGER
);
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    department TEXT, role TEXT, tasks TEXT, deadline TEXT,
    start INTEGER, "end" INTEGER, source_start INTEGER, source_end INTEGER
);
CREATE TABLE [node_labels] (
   [node_id] INTEGER NOT NULL,
   [field] TEXT NOT NULL,
   [value] TEXT NOT NULL,
   [n] INTEGER NOT NULL,
   PRIMARY KEY ([node_id], [field], [value])
);
CREATE TABLE search (document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, title_folded TEXT, body_folded TEXT, meta_folded TEXT, body TEXT);
CREATE VIRTUAL TABLE [search_fts] USING FTS5 (
    [title_folded], [meta_folded], [body_folded],
    tokenize='unicode61',
    content=[search]
);
CREATE TABLE 'search_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'search_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'search_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'search_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE INDEX citations_citing ON citations(citing_node_id, cited_node_id);
CREATE INDEX citations_cited ON citations(cited_node_id, citing_node_id);
CREATE INDEX citations_doc ON citations(citing_document_id);
CREATE INDEX nodes_number_norm ON nodes(number_norm);
CREATE INDEX nodes_document ON nodes(document_id);
CREATE INDEX documents_node ON documents(node_id);
CREATE INDEX files_document ON files(document_id);
CREATE INDEX files_sha256 ON files(sha256);
CREATE INDEX targets_doc ON targets(document_id);
CREATE INDEX targets_unit ON targets(unit_canonical, kind);
CREATE INDEX assignments_doc ON assignments(document_id);
CREATE INDEX nodes_cited ON nodes(cited_count DESC);
CREATE INDEX nodes_level ON nodes(year IS NULL, year, coalesce(number, ''), id);
CREATE INDEX nodes_year_cited ON nodes(year, cited_count DESC);
CREATE INDEX nodes_missing ON nodes(cited_count DESC) WHERE document_id IS NULL AND number IS NOT NULL;
CREATE TRIGGER citations_count_insert AFTER INSERT ON citations BEGIN
    UPDATE nodes SET cited_count = cited_count + 1 WHERE id = NEW.cited_node_id;
END;
CREATE TRIGGER citations_count_delete AFTER DELETE ON citations BEGIN
    UPDATE nodes SET cited_count = cited_count - 1 WHERE id = OLD.cited_node_id;
END;
CREATE TRIGGER citations_label_insert AFTER INSERT ON citations BEGIN
    INSERT INTO node_labels (node_id, field, value, n) SELECT NEW.cited_node_id, 'doc_type', NEW.doc_type, 1
        WHERE NEW.doc_type IS NOT NULL ON CONFLICT (node_id, field, value) DO UPDATE SET n = n + 1;
    INSERT INTO node_labels (node_id, field, value, n) SELECT NEW.cited_node_id, 'issuer', NEW.issuer, 1
        WHERE NEW.issuer IS NOT NULL ON CONFLICT (node_id, field, value) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER citations_label_delete AFTER DELETE ON citations BEGIN
    UPDATE node_labels SET n = n - 1 WHERE node_id = OLD.cited_node_id
        AND ((field = 'doc_type' AND value = OLD.doc_type) OR (field = 'issuer' AND value = OLD.issuer));
    DELETE FROM node_labels WHERE node_id = OLD.cited_node_id AND n <= 0;
END;
CREATE TRIGGER citations_title_insert AFTER INSERT ON citations WHEN NEW.title IS NOT NULL BEGIN
    INSERT INTO node_labels (node_id, field, value, n) VALUES (NEW.cited_node_id, 'title', NEW.title, 1)
        ON CONFLICT (node_id, field, value) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER citations_title_delete AFTER DELETE ON citations WHEN OLD.title IS NOT NULL BEGIN
    UPDATE node_labels SET n = n - 1 WHERE node_id = OLD.cited_node_id AND field = 'title' AND value = OLD.title;
    DELETE FROM node_labels WHERE node_id = OLD.cited_node_id AND field = 'title' AND n <= 0;
END;
CREATE TRIGGER [search_ai] AFTER INSERT ON [search] BEGIN
  INSERT INTO [search_fts] (rowid, [title_folded], [meta_folded], [body_folded]) VALUES (new.rowid, new.[title_folded], new.[meta_folded], new.[body_folded]);
END;
CREATE TRIGGER [search_ad] AFTER DELETE ON [search] BEGIN
  INSERT INTO [search_fts] ([search_fts], rowid, [title_folded], [meta_folded], [body_folded]) VALUES('delete', old.rowid, old.[title_folded], old.[meta_folded], old.[body_folded]);
END;
CREATE TRIGGER [search_au] AFTER UPDATE ON [search] BEGIN
  INSERT INTO [search_fts] ([search_fts], rowid, [title_folded], [meta_folded], [body_folded]) VALUES('delete', old.rowid, old.[title_folded], old.[meta_folded], old.[body_folded]);
  INSERT INTO [search_fts] (rowid, [title_folded], [meta_folded], [body_folded]) VALUES (new.rowid, new.[title_folded], new.[meta_folded], new.[body_folded]);
END;
CREATE VIEW department_rollup AS
    SELECT department, role, COUNT(*) AS assignments, COUNT(DISTINCT document_id) AS documents
    FROM assignments GROUP BY department, role;
CREATE VIEW target_rollup AS 
    SELECT t.unit_canonical, t.kind, t.year, d.issuer, d.province, COUNT(*) AS n,
           SUM(CASE WHEN t.unit_canonical IN ('%') THEN NULL ELSE t.value_num END) AS total,
           AVG(CASE WHEN t.unit_canonical IN ('%') THEN t.value_num END) AS mean
    FROM targets t JOIN documents d ON d.id = t.document_id
    GROUP BY t.unit_canonical, t.kind, t.year, d.issuer, d.province;
CREATE VIEW graph_edges AS 
-- One row per citation: src cites dst. Both ends with their number, year, issuer and whether
-- they are in the archive; basis = 1 when cited in the "Căn cứ" clause. Filter on src or dst.
SELECT c.id AS citation_id, c.citing_node_id AS src, c.cited_node_id AS dst, c.basis,
       c.citing_document_id,
       s.number AS src_number, s.doc_type AS src_doc_type, s.year AS src_year, s.issuer AS src_issuer,
       s.document_id IS NOT NULL AS src_in_archive,
       d.number AS dst_number, d.doc_type AS dst_doc_type, d.year AS dst_year, d.issuer AS dst_issuer,
       d.document_id IS NOT NULL AS dst_in_archive
FROM citations c
JOIN nodes s ON s.id = c.citing_node_id
JOIN nodes d ON d.id = c.cited_node_id;
CREATE VIEW most_cited AS 
-- Every cited node, most cited first: times_cited = citation rows pointing at it,
-- citing_documents = distinct archived documents citing it. Add WHERE year = … / LIMIT.
SELECT n.id AS node_id, n.number, n.doc_type, n.year, n.issuer,
       n.document_id IS NOT NULL AS in_archive, doc.file,
       COUNT(*) AS times_cited, COUNT(DISTINCT c.citing_document_id) AS citing_documents
FROM citations c
JOIN nodes n ON n.id = c.cited_node_id
LEFT JOIN documents doc ON doc.id = n.document_id
GROUP BY n.id
ORDER BY times_cited DESC, n.id;
CREATE VIEW missing_documents AS 
-- Cited but not in the archive (nodes.document_id IS NULL), with a number to look for:
-- the acquisition list, most cited first. resolved = 0: year or issuer unknown, so the same
-- document may appear more than once.
SELECT n.id AS node_id, n.number, n.doc_type, n.year, n.issuer, n.resolved,
       COUNT(*) AS times_cited, COUNT(DISTINCT c.citing_document_id) AS citing_documents
FROM citations c
JOIN nodes n ON n.id = c.cited_node_id
WHERE n.document_id IS NULL AND n.number IS NOT NULL
GROUP BY n.id
ORDER BY times_cited DESC, n.id;
