-- Accounts, sessions and the audit log (issue 14).

-- A deactivated user can neither log in nor use a session; accounts are never deleted, as
-- their contacts name them.
alter table users add column active integer not null default 1;
alter table users add column last_login_at text;

-- Sessions get a public id (a user ends one of them by it; the token hash never leaves the
-- server), the time of their last use (idle expiry), and the device and browser they were
-- made from. Rebuilt, as SQLite cannot add a unique column.
create table sessions_new (
    id text primary key,
    token_hash text not null unique,
    user_id text not null references users (id) on delete cascade,
    created_at text not null,
    last_used_at text not null,
    expires_at text not null,
    device_id text,
    user_agent text
);
insert into sessions_new (id, token_hash, user_id, created_at, last_used_at, expires_at)
select lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
       substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||
       substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       token_hash, user_id, created_at, created_at, expires_at
from sessions;
drop table sessions;
alter table sessions_new rename to sessions;
create index sessions_user on sessions (user_id);

-- Who did what, when, from where: append-only (the triggers refuse changes and deletions).
-- Never a password or a token; `details` is a JSON object of strings.
create table audit_log (
    id integer primary key autoincrement,
    at text not null,
    action text not null,
    actor_id text,
    actor_name text collate nocase,
    subject text,
    subject_name text collate nocase,
    address text,
    details text not null default '{}'
);
create index audit_log_at on audit_log (at);
create index audit_log_action on audit_log (action, id);
create index audit_log_actor on audit_log (actor_name, id);
create index audit_log_subject_name on audit_log (subject_name, id);

create trigger audit_log_append_only_update before update on audit_log
begin
    select raise(abort, 'the audit log is append-only');
end;
create trigger audit_log_append_only_delete before delete on audit_log
begin
    select raise(abort, 'the audit log is append-only');
end;
