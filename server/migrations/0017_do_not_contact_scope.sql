-- A do-not-contact request names who at the company asked (personal data, erased with the
-- person) and may hold for named units only (issue 11: "scope (all units or named units),
-- who at the company asked"). `units` is a JSON array of unit ids, null for every unit. The
-- sync JSON carries either field only when set, so older records keep their exact v1 shape.
alter table do_not_contact add column requested_by text;
alter table do_not_contact add column units text;

drop view sync_do_not_contact_records;
create view sync_do_not_contact_records as
select company_cvr as key, json_object(
    'entity', 'do_not_contact',
    'entry', json_patch(json_object(
        'company', company_cvr,
        'reason', reason,
        'registered_by', registered_by,
        'registered_on', registered_on
    ), json_object(
        'requested_by', requested_by,
        'units', json(units)
    ))
) as record
from do_not_contact;
