-- Colleagues travel to every device (name and unit only), so a contact's author and a
-- company's key account manager can be named offline.
create view sync_colleague_records as
select id as key, json_object(
    'entity', 'colleague',
    'colleague', json_object('id', id, 'display_name', display_name, 'unit_id', unit_id)
) as record
from users;

insert into change_log (entity, key, record, created_at)
select 'colleague', v.key, v.record, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from sync_colleague_records v
where not exists (select 1 from change_log l where l.entity = 'colleague' and l.key = v.key)
order by v.key;
