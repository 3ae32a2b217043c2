-- Each unit's liaison to the coordinator: a user of the unit, named by a coordinator or admin.
alter table units add column liaison_user_id text references users (id);

-- Devices learn the liaison with the unit's record.
drop view sync_unit_records;
create view sync_unit_records as
select id as key, json_object('entity', 'unit', 'unit', json_object('id', id, 'name', name, 'liaison', liaison_user_id)) as record
from units;
