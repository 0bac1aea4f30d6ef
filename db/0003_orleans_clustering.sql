-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet (silos and clients).
-- The version row per cluster is the only ETag: every membership change must bump
-- it atomically, and the bump is what serializes concurrent silos.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_VersionTable FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Each provider call is its own autocommit transaction, so atomicity comes from
-- ordering: lock the version row, leave on any failure BEFORE writing anything,
-- and bump the version only after the member write succeeded. This does not depend
-- on ASSERT (plpgsql.check_asserts may be off). Concurrent callers queue on the
-- lock and the loser sees the bumped version, returns 0, re-reads and retries.
CREATE OR REPLACE FUNCTION orleans_insert_membership
(
    _DeploymentId text,
    _Address      text,
    _Port         integer,
    _Generation   integer,
    _SiloName     text,
    _HostName     text,
    _Status       integer,
    _ProxyPort    integer,
    _StartTime    timestamptz,
    _IAmAliveTime timestamptz,
    _Version      integer
)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    _CurrentVersion integer;
    _Rows           integer;
BEGIN
    SELECT v.Version INTO _CurrentVersion
      FROM OrleansMembershipVersionTable v
     WHERE v.DeploymentId = _DeploymentId
       FOR UPDATE;

    IF NOT FOUND OR _CurrentVersion IS DISTINCT FROM _Version THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status,
         ProxyPort, SuspectTimes, StartTime, IAmAliveTime)
    VALUES
        (_DeploymentId, _Address, _Port, _Generation, _SiloName, _HostName, _Status,
         _ProxyPort, NULL, _StartTime, _IAmAliveTime)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

    GET DIAGNOSTICS _Rows = ROW_COUNT;
    IF _Rows = 0 THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
       SET Version   = Version + 1,
           Timestamp = now()
     WHERE DeploymentId = _DeploymentId;

    RETURN 1;
END
$$;

-- Same ordering as orleans_insert_membership.
CREATE OR REPLACE FUNCTION orleans_update_membership
(
    _DeploymentId text,
    _Address      text,
    _Port         integer,
    _Generation   integer,
    _Status       integer,
    _SuspectTimes text,
    _IAmAliveTime timestamptz,
    _Version      integer
)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    _CurrentVersion integer;
    _Rows           integer;
BEGIN
    SELECT v.Version INTO _CurrentVersion
      FROM OrleansMembershipVersionTable v
     WHERE v.DeploymentId = _DeploymentId
       FOR UPDATE;

    IF NOT FOUND OR _CurrentVersion IS DISTINCT FROM _Version THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
       SET Status       = _Status,
           SuspectTimes = _SuspectTimes,
           IAmAliveTime = _IAmAliveTime
     WHERE DeploymentId = _DeploymentId
       AND Address      = _Address
       AND Port         = _Port
       AND Generation   = _Generation;

    GET DIAGNOSTICS _Rows = ROW_COUNT;
    IF _Rows = 0 THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
       SET Version   = Version + 1,
           Timestamp = now()
     WHERE DeploymentId = _DeploymentId;

    RETURN 1;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Exactly one row and one column even when the row already exists.
    'InsertMembershipVersionKey',
    'WITH inserted AS
     (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
     )
     SELECT count(*)::integer FROM inserted'
),
(
    'InsertMembershipKey',
    'SELECT orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation,
        @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)'
),
(
    'UpdateMembershipKey',
    'SELECT orleans_update_membership(@DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version)'
),
(
    -- Heartbeat: touches only the calling silo row, never the version row.
    'UpdateIAmAlivetimeKey',
    'UPDATE OrleansMembershipTable
        SET IAmAliveTime = @IAmAliveTime
      WHERE DeploymentId = @DeploymentId
        AND Address      = @Address
        AND Port         = @Port
        AND Generation   = @Generation'
),
(
    -- Driven from the version row so the table version comes back even with no member.
    'MembershipReadRowKey',
    'SELECT m.StartTime, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
            m.Status, m.ProxyPort, m.SuspectTimes, m.IAmAliveTime, v.Version
       FROM OrleansMembershipVersionTable v
       LEFT JOIN OrleansMembershipTable m
              ON m.DeploymentId = v.DeploymentId
             AND m.Address      = @Address
             AND m.Port         = @Port
             AND m.Generation   = @Generation
      WHERE v.DeploymentId = @DeploymentId'
),
(
    'MembershipReadAllKey',
    'SELECT m.StartTime, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
            m.Status, m.ProxyPort, m.SuspectTimes, m.IAmAliveTime, v.Version
       FROM OrleansMembershipVersionTable v
       LEFT JOIN OrleansMembershipTable m
              ON m.DeploymentId = v.DeploymentId
      WHERE v.DeploymentId = @DeploymentId'
),
(
    'GatewaysQueryKey',
    'SELECT Address, ProxyPort, Generation
       FROM OrleansMembershipTable
      WHERE DeploymentId = @DeploymentId
        AND Status       = @Status
        AND ProxyPort    > 0'
),
(
    -- Member rows go first in the same statement, as the foreign key requires.
    'DeleteMembershipTableEntriesKey',
    'WITH members AS
     (
        DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId
     )
     DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId'
),
(
    -- Status 3 = Active: a live silo is never removed, however stale its heartbeat.
    'CleanupDefunctSiloEntriesKey',
    'DELETE FROM OrleansMembershipTable
      WHERE DeploymentId = @DeploymentId
        AND IAmAliveTime < @IAmAliveTime
        AND Status      <> 3'
),
(
    -- Deletes only if the row is still Dead (6) and unchanged since the provider
    -- read it; parameters are rounded to the column precision before comparing.
    'CleanupDefunctSiloEntryKey',
    'DELETE FROM OrleansMembershipTable
      WHERE DeploymentId = @DeploymentId
        AND Address      = @Address
        AND Port         = @Port
        AND Generation   = @Generation
        AND Status       = 6
        AND StartTime    = CAST(@StartTime AS timestamptz(3))
        AND IAmAliveTime = CAST(@IAmAliveTime AS timestamptz(3))
        AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes'
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
