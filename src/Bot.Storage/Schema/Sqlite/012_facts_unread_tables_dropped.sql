-- Paragraphs, dates and quantities were written at every ingest and never read: the in-memory index finds dates and
-- quantities in the sentence text itself (FactIndex), and paragraph numbers are on each sentence. Dropping them took
-- ~170,000 rows and the extraction off each 16 MB ingest.
DROP TABLE fact_dates;
DROP TABLE fact_quantities;
DROP TABLE fact_paragraphs;
