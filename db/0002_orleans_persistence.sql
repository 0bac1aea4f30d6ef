-- Grain state for Microsoft.Orleans.Persistence.AdoNet.
-- Row identity is (ServiceId, state name, N0, N1, extension); the hash columns are
-- kept only because the provider sends them, and no predicate relies on them, so a
-- change of hash function cannot orphan rows.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL,
    Version                integer      NULL
);

-- The provider reads with SingleOrDefault, so a race must never create a second row.
-- NULL and '' extensions are one identity (integer/GUID keys send NULL); every
-- predicate below repeats this exact COALESCE so this index also serves the lookups.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Identity
    ON OrleansStorage (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
                       (COALESCE(GrainIdExtensionString, '')));

-- Returns the new version, or NULL on any conflict (the provider then raises
-- InconsistentStateException). Insert and update are each one statement, so a
-- racing first write waits on the unique index and then loses cleanly.
CREATE OR REPLACE FUNCTION orleans_write_to_storage
(
    _GrainIdHash            integer,
    _GrainIdN0              bigint,
    _GrainIdN1              bigint,
    _GrainTypeHash          integer,
    _GrainTypeString        text,
    _GrainIdExtensionString text,
    _ServiceId              text,
    _GrainStateVersion      integer,
    _PayloadBinary          bytea
)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    _NewVersion integer;
BEGIN
    IF _GrainStateVersion IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (_GrainIdHash, _GrainIdN0, _GrainIdN1, _GrainTypeHash, _GrainTypeString,
             _GrainIdExtensionString, _ServiceId, _PayloadBinary, now(), 1)
        ON CONFLICT (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
                     (COALESCE(GrainIdExtensionString, '')))
        DO NOTHING
        RETURNING Version INTO _NewVersion;
    ELSE
        -- Hashes are refreshed so they stay derived from the current hasher.
        UPDATE OrleansStorage
           SET PayloadBinary = _PayloadBinary,
               ModifiedOn    = now(),
               Version       = Version + 1,
               GrainIdHash   = _GrainIdHash,
               GrainTypeHash = _GrainTypeHash
         WHERE ServiceId       = _ServiceId
           AND GrainTypeString = _GrainTypeString
           AND GrainIdN0       = _GrainIdN0
           AND GrainIdN1       = _GrainIdN1
           AND COALESCE(GrainIdExtensionString, '') = COALESCE(_GrainIdExtensionString, '')
           AND Version         = _GrainStateVersion
        RETURNING Version INTO _NewVersion;
    END IF;

    RETURN _NewVersion;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'WriteToStorageKey',
    'SELECT orleans_write_to_storage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
        @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion,
        @PayloadBinary) AS NewGrainStateVersion'
),
(
    -- No payload filter: a cleared row must still hand back its version, or the
    -- next write would take the insert path and conflict forever.
    'ReadFromStorageKey',
    'SELECT PayloadBinary, Version
       FROM OrleansStorage
      WHERE ServiceId       = @ServiceId
        AND GrainTypeString = @GrainTypeString
        AND GrainIdN0       = @GrainIdN0
        AND GrainIdN1       = @GrainIdN1
        AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')'
),
(
    -- Always one row; NULL signals a version conflict.
    'ClearStorageKey',
    'WITH cleared AS
     (
        UPDATE OrleansStorage
           SET PayloadBinary = NULL,
               ModifiedOn    = now(),
               Version       = Version + 1
         WHERE ServiceId       = @ServiceId
           AND GrainTypeString = @GrainTypeString
           AND GrainIdN0       = @GrainIdN0
           AND GrainIdN1       = @GrainIdN1
           AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
           AND Version         = @GrainStateVersion
        RETURNING Version
     )
     SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion'
),
(
    -- Returns version+1 so the provider sees an advanced version; NULL on conflict.
    'DeleteStorageKey',
    'WITH deleted AS
     (
        DELETE FROM OrleansStorage
         WHERE ServiceId       = @ServiceId
           AND GrainTypeString = @GrainTypeString
           AND GrainIdN0       = @GrainIdN0
           AND GrainIdN1       = @GrainIdN1
           AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
           AND Version         = @GrainStateVersion
        RETURNING Version
     )
     SELECT (SELECT Version + 1 FROM deleted) AS NewGrainStateVersion'
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
