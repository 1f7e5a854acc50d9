"""The tables of the SQLite index (`lucli.records.index`) and the format number that names them.

Any change to what a table holds, or how a value in it is written, takes a new `INDEX_FORMAT`: an index of
another format is not read, and the next load writes it afresh.
"""

from __future__ import annotations

import json
from typing import Any

INDEX_FORMAT = 14

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, day TEXT, latest TEXT);
CREATE TABLE texts (path TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (path, source)) WITHOUT ROWID;
CREATE TABLE sources (id TEXT PRIMARY KEY, record TEXT NOT NULL, linked INTEGER NOT NULL, published TEXT NOT NULL,
                      publishers TEXT NOT NULL, findings INTEGER NOT NULL);
CREATE TABLE findings (source TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL,
                       PRIMARY KEY (source, seq)) WITHOUT ROWID;
CREATE TABLE finding_on (principle TEXT NOT NULL, source TEXT NOT NULL, seq INTEGER NOT NULL,
                         PRIMARY KEY (principle, source, seq)) WITHOUT ROWID;
CREATE TABLE names (key TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER);
CREATE TABLE links (source TEXT NOT NULL, other TEXT NOT NULL, PRIMARY KEY (source, other)) WITHOUT ROWID;
CREATE TABLE addresses (principle TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (principle, source)) WITHOUT ROWID;
CREATE TABLE publishes (organisation TEXT NOT NULL, source TEXT NOT NULL,
                        PRIMARY KEY (organisation, source)) WITHOUT ROWID;
CREATE TABLE facts (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE kept (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE measures (source TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE responses (source TEXT NOT NULL, target TEXT NOT NULL, finding TEXT, seq INTEGER NOT NULL,
                        said TEXT NOT NULL, statement TEXT NOT NULL, tseq INTEGER, heard TEXT, heard_statement TEXT);
CREATE TABLE heads (source TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, published TEXT NOT NULL,
                    publishers TEXT NOT NULL, addressed TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE tally (source TEXT NOT NULL, organisation TEXT NOT NULL, principle TEXT NOT NULL, supports INTEGER,
                    opposes INTEGER, qualifies INTEGER, findings INTEGER, empirical INTEGER,
                    PRIMARY KEY (source, principle)) WITHOUT ROWID;
CREATE TABLE org_tally (organisation TEXT NOT NULL, principle TEXT NOT NULL, supports INTEGER, opposes INTEGER,
                        qualifies INTEGER, findings INTEGER, empirical INTEGER, sources INTEGER,
                        PRIMARY KEY (organisation, principle)) WITHOUT ROWID;
CREATE TABLE search (seq INTEGER PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                     field TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE compared (source TEXT PRIMARY KEY, first INTEGER NOT NULL, count INTEGER NOT NULL, value TEXT)
                       WITHOUT ROWID;
CREATE TABLE related (principle TEXT NOT NULL, source TEXT NOT NULL, value TEXT NOT NULL,
                      PRIMARY KEY (principle, source)) WITHOUT ROWID;
CREATE TABLE vocabulary (word TEXT PRIMARY KEY, capital INTEGER NOT NULL, lower INTEGER NOT NULL,
                         starts INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE words (source TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
HEADS_KEY = ""
"""The `source` under which the search texts and words of organisations.yaml and principles.yaml are kept (no
source has an empty id; it sorts first, as the principles' labels come first in `search`)."""
INDEXES = """
CREATE INDEX names_by_key ON names (key);
CREATE INDEX names_by_id ON names (id);
CREATE INDEX sources_by_date ON sources (published, id, publishers, findings);
CREATE INDEX responses_by_source ON responses (source);
CREATE INDEX responses_by_target ON responses (target);
CREATE INDEX search_by_source ON search (source);
"""


def stored(value: Any) -> str:
    """A value as the index stores it: compact JSON, text as it is (not escaped to ASCII)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
