-- Revoked devices (issue 14): an admin revokes a lost phone's installation of the app. Its
-- sessions end; their token hashes are kept so the app, at its next contact, learns that the
-- device was revoked (and wipes its local data) rather than that a session expired. A login
-- that names a revoked device is refused for the same reason.
create table revoked_devices (
    device_id text primary key,
    revoked_at text not null,
    revoked_by text references users (id),
    reason text not null,
    -- The user and browser of its last session, so the admin's list still names it.
    user_id text references users (id),
    user_agent text,
    last_used_at text
);

create table revoked_tokens (
    token_hash text primary key,
    device_id text not null references revoked_devices (device_id),
    revoked_at text not null
);

create index sessions_device on sessions (device_id);
