CREATE TABLE IF NOT EXISTS documents (
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
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER, mtime REAL, sha256 TEXT, format TEXT,
    status TEXT NOT NULL,           -- ok | failed | deleted
    error TEXT,                     -- one-line reason when failed
    document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    pipeline_version TEXT,
    seen_at REAL,
    json_bytes INTEGER              -- size of the JSON record written for it (a torn or edited one differs)
);
CREATE TABLE IF NOT EXISTS nodes (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE,                -- number|year|issuer, or unresolved:… / doc:…
    number TEXT, number_norm TEXT, doc_type TEXT, year INTEGER, issuer TEXT,
    resolved INTEGER NOT NULL DEFAULT 1,
    document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    cited_count INTEGER NOT NULL DEFAULT 0  -- citing documents; kept by the triggers below
);
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY,
    citing_document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    citing_node_id INTEGER REFERENCES nodes(id),
    cited_node_id INTEGER REFERENCES nodes(id),
    basis INTEGER,
    number TEXT, doc_type TEXT, date TEXT, issuer TEXT, title TEXT,
    mentions TEXT                   -- JSON list of provenance
);
CREATE TABLE IF NOT EXISTS targets (
    id INTEGER PRIMARY KEY,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    value TEXT, value_num REAL, value_max TEXT,
    unit TEXT, unit_canonical TEXT, kind TEXT, text TEXT, action TEXT, "of" TEXT, bound TEXT,
    period TEXT, responsible TEXT,
    year INTEGER,                   -- the year the target is for: its period's, else the document's
    start INTEGER, "end" INTEGER, source_start INTEGER, source_end INTEGER, page INTEGER
);
CREATE TABLE IF NOT EXISTS assignments (
    id INTEGER PRIMARY KEY,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    department TEXT, role TEXT, tasks TEXT, deadline TEXT,
    start INTEGER, "end" INTEGER, source_start INTEGER, source_end INTEGER
);
CREATE INDEX IF NOT EXISTS citations_citing ON citations(citing_node_id, cited_node_id);
CREATE INDEX IF NOT EXISTS citations_cited ON citations(cited_node_id, citing_node_id);
CREATE INDEX IF NOT EXISTS citations_doc ON citations(citing_document_id);
CREATE INDEX IF NOT EXISTS nodes_number_norm ON nodes(number_norm);
CREATE INDEX IF NOT EXISTS nodes_document ON nodes(document_id);
CREATE INDEX IF NOT EXISTS documents_node ON documents(node_id);
CREATE INDEX IF NOT EXISTS files_document ON files(document_id);
CREATE INDEX IF NOT EXISTS files_sha256 ON files(sha256);
CREATE INDEX IF NOT EXISTS targets_doc ON targets(document_id);
CREATE INDEX IF NOT EXISTS targets_unit ON targets(unit_canonical, kind);
CREATE INDEX IF NOT EXISTS assignments_doc ON assignments(document_id);
CREATE INDEX IF NOT EXISTS nodes_cited ON nodes(cited_count DESC);
-- the order of the rows at one depth of a walk (graph.LEVEL_ORDER, graph.LEVEL_INDEX_SQL)
CREATE INDEX IF NOT EXISTS nodes_level ON nodes(year IS NULL, year, coalesce(number, ''), id);
CREATE INDEX IF NOT EXISTS nodes_year_cited ON nodes(year, cited_count DESC);
CREATE INDEX IF NOT EXISTS nodes_missing ON nodes(cited_count DESC) WHERE document_id IS NULL AND number IS NOT NULL;
CREATE TRIGGER IF NOT EXISTS citations_count_insert AFTER INSERT ON citations BEGIN
    UPDATE nodes SET cited_count = cited_count + 1 WHERE id = NEW.cited_node_id;
END;
CREATE TRIGGER IF NOT EXISTS citations_count_delete AFTER DELETE ON citations BEGIN
    UPDATE nodes SET cited_count = cited_count - 1 WHERE id = OLD.cited_node_id;
END;
CREATE VIEW IF NOT EXISTS target_rollup AS
    SELECT t.unit_canonical, t.kind, t.year, d.issuer, d.province,
           COUNT(*) AS n, SUM(t.value_num) AS total
    FROM targets t JOIN documents d ON d.id = t.document_id
    GROUP BY t.unit_canonical, t.kind, t.year, d.issuer, d.province;
CREATE VIEW IF NOT EXISTS department_rollup AS
    SELECT department, role, COUNT(*) AS assignments, COUNT(DISTINCT document_id) AS documents
    FROM assignments GROUP BY department, role;
