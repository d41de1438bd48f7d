-- The fact store: documents from the corpus folder, their paragraphs and sentences with offsets into the cleaned
-- body, the dates and quantities found in each sentence, and an FTS5 index over the sentences.
CREATE TABLE fact_documents (
    id           TEXT PRIMARY KEY,          -- the file name in the corpus folder
    content_hash TEXT NOT NULL,             -- SHA-256 of the file's bytes: an unchanged file is skipped
    title        TEXT NOT NULL,
    date         TEXT,                      -- yyyy-MM-dd, or yyyy when only the year can be derived
    source       TEXT,                      -- the agency (VNA, VOV, AKP...)
    body         TEXT NOT NULL,             -- the cleaned text that sentences and paragraphs point into
    noise        TEXT NOT NULL,             -- page text dropped by cleaning (never answered; lets such questions be declined)
    ingested_at  TEXT NOT NULL
);

CREATE TABLE fact_paragraphs (
    document_id TEXT NOT NULL REFERENCES fact_documents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    length      INTEGER NOT NULL,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE fact_sentences (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES fact_documents (id) ON DELETE CASCADE,
    paragraph   INTEGER NOT NULL,
    position    INTEGER NOT NULL,           -- the sentence's number in its document
    start       INTEGER NOT NULL,           -- offset in fact_documents.body
    length      INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX ix_fact_sentences_document ON fact_sentences (document_id, position);

CREATE TABLE fact_dates (
    sentence_id INTEGER NOT NULL REFERENCES fact_sentences (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    length      INTEGER NOT NULL,
    year        INTEGER,
    month       INTEGER,
    day         INTEGER,
    end_year    INTEGER
);
CREATE INDEX ix_fact_dates_sentence ON fact_dates (sentence_id);
CREATE INDEX ix_fact_dates_day ON fact_dates (month, day);

CREATE TABLE fact_quantities (
    sentence_id INTEGER NOT NULL REFERENCES fact_sentences (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    length      INTEGER NOT NULL,
    low         REAL NOT NULL,
    high        REAL NOT NULL,
    head        TEXT NOT NULL
);
CREATE INDEX ix_fact_quantities_sentence ON fact_quantities (sentence_id);

CREATE VIRTUAL TABLE fact_sentences_fts USING fts5 (
    text,
    content = 'fact_sentences',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER fact_sentences_fts_insert AFTER INSERT ON fact_sentences BEGIN
    INSERT INTO fact_sentences_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER fact_sentences_fts_delete AFTER DELETE ON fact_sentences BEGIN
    INSERT INTO fact_sentences_fts (fact_sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
