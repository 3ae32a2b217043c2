-- Authorisation and data minimisation (issue 14).

-- A hash of the canonical body of each remembered mutation: the same id with another body is
-- refused instead of answered `duplicate`. Null for mutations remembered before this column.
alter table applied_mutations add column body_hash text;

-- The highest change-log sequence the server has handed each user (pull cursors, push
-- answers). `base_seq` and `seen_seq` claims above it are not trusted.
create table user_sync_state (
    user_id text primary key references users (id) on delete cascade,
    served_seq integer not null,
    updated_at text not null
);
-- Devices that synced before this migration hold cursors the server did not record: their
-- users are trusted up to the log's head as it stands now (the old behaviour for what they
-- may have seen), so the first push after the upgrade records no false conflicts.
insert into user_sync_state (user_id, served_seq, updated_at)
select id, (select coalesce(max(seq), 0) from change_log), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from users
where (select count(*) from change_log) > 0;

-- Every setting and lifting of a do-not-contact flag, append-only: who, when, why. Setting a
-- flag again replaces the current registration, but the earlier one stays here.
create table do_not_contact_history (
    id integer primary key autoincrement,
    company_cvr text not null,
    action text not null check (action in ('set', 'lifted')),
    reason text,
    user_id text not null,
    seq integer,
    mutation_id text,
    created_at text not null
);
create index do_not_contact_history_company on do_not_contact_history (company_cvr, id);

insert into do_not_contact_history (company_cvr, action, reason, user_id, seq, mutation_id, created_at)
select company_cvr, 'set', reason, registered_by, set_seq, null, created_at from do_not_contact
order by created_at;

-- Pulls now blank other units' free-text notes. Devices that synced before hold them: log
-- contacts, follow-ups and feedback anew (in that order) so every device pulls them again,
-- in the viewer's form, at its next sync.
create temporary table relog (entity text not null, key text not null, record text not null,
                              created_at text not null, ord integer not null,
                              old_seq integer not null);
insert into relog (entity, key, record, created_at, ord, old_seq)
select entity, key, record, created_at,
       case entity when 'contact' then 0 when 'follow_up' then 1 else 2 end, seq
from change_log where entity in ('contact', 'follow_up', 'feedback');
insert or replace into change_log (entity, key, record, created_at)
select entity, key, record, created_at from relog order by ord, old_seq;
drop table relog;
