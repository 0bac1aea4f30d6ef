-- Named queries read by the Orleans ADO.NET providers at start-up.
-- The providers ship no SQL, so every query they run lives in this table.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
