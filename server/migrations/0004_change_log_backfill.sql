-- Records written before the change log existed enter it once, here, rather than at every
-- start-up: since 0003 every write logs itself in its own transaction.
-- Order: what a record refers to comes first.

insert into change_log (entity, key, record, created_at)
select 'unit', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_unit_records v
where not exists (select 1 from change_log l where l.entity = 'unit' and l.key = v.key)
order by v.key;

insert into change_log (entity, key, record, created_at)
select 'company', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_company_records v
where not exists (select 1 from change_log l where l.entity = 'company' and l.key = v.key)
order by v.key;

insert into change_log (entity, key, record, created_at)
select 'contact', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_contact_records v
where not exists (select 1 from change_log l where l.entity = 'contact' and l.key = v.key)
order by v.key;

insert into change_log (entity, key, record, created_at)
select 'follow_up', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_follow_up_records v
where not exists (select 1 from change_log l where l.entity = 'follow_up' and l.key = v.key)
order by v.key;

insert into change_log (entity, key, record, created_at)
select 'feedback', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_feedback_records v
where not exists (select 1 from change_log l where l.entity = 'feedback' and l.key = v.key)
order by v.key;

insert into change_log (entity, key, record, created_at)
select 'do_not_contact', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_do_not_contact_records v
where not exists (select 1 from change_log l where l.entity = 'do_not_contact' and l.key = v.key)
order by v.key;

insert into change_log (entity, key, record, created_at)
select 'company_field', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_company_field_records v
where not exists (select 1 from change_log l where l.entity = 'company_field' and l.key = v.key)
order by v.key;
