-- Sentence vectors for semantic answering (Answering:Semantic): computed once per sentence at ingest, by the model
-- named in `model`, and removed with their sentence. A changed file's sentences are new rows, so its vectors are
-- computed again; switching semantic answering on over an existing store fills in the missing ones.
CREATE TABLE fact_sentence_vectors (
    sentence_id INTEGER PRIMARY KEY REFERENCES fact_sentences (id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    vector      BLOB NOT NULL              -- float32 values, little-endian
);
