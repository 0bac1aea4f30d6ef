-- Reminders for Microsoft.Orleans.Reminders.AdoNet.
-- GrainHash is the uint uniform hash reinterpreted as a signed int, so range reads
-- compare signed integers; Period (ms) may exceed int, hence bigint.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,
    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo periodically loads the reminders of its hash ring range.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

-- New rows start at version 0; every re-registration advances it.
CREATE OR REPLACE FUNCTION orleans_upsert_reminder_row
(
    _ServiceId    text,
    _GrainId      text,
    _ReminderName text,
    _StartTime    timestamptz,
    _Period       bigint,
    _GrainHash    integer
)
RETURNS integer
LANGUAGE sql
AS $$
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (_ServiceId, _GrainId, _ReminderName, _StartTime, _Period, _GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period    = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version   = r.Version + 1
    RETURNING r.Version;
$$;

-- 1 when the row existed with the given version, else 0.
CREATE OR REPLACE FUNCTION orleans_delete_reminder_row
(
    _ServiceId    text,
    _GrainId      text,
    _ReminderName text,
    _Version      integer
)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    _Rows integer;
BEGIN
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId    = _ServiceId
       AND GrainId      = _GrainId
       AND ReminderName = _ReminderName
       AND Version      = _Version;

    GET DIAGNOSTICS _Rows = ROW_COUNT;
    RETURN _Rows;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadReminderRowsKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM OrleansRemindersTable
      WHERE ServiceId = @ServiceId
        AND GrainId   = @GrainId'
),
(
    'ReadReminderRowKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM OrleansRemindersTable
      WHERE ServiceId    = @ServiceId
        AND GrainId      = @GrainId
        AND ReminderName = @ReminderName'
),
(
    -- Used when BeginHash < EndHash (signed): the range (Begin, End].
    'ReadRangeRows1Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM OrleansRemindersTable
      WHERE ServiceId = @ServiceId
        AND GrainHash > @BeginHash
        AND GrainHash <= @EndHash'
),
(
    -- Otherwise the range wraps around the end of the ring.
    'ReadRangeRows2Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM OrleansRemindersTable
      WHERE ServiceId = @ServiceId
        AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)'
),
(
    -- Period is bound as Int32 or Int64 depending on its value.
    'UpsertReminderRowKey',
    'SELECT orleans_upsert_reminder_row(@ServiceId, @GrainId, @ReminderName,
        @StartTime, CAST(@Period AS bigint), @GrainHash) AS Version'
),
(
    'DeleteReminderRowKey',
    'SELECT orleans_delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version)'
),
(
    'DeleteReminderRowsKey',
    'DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId'
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
