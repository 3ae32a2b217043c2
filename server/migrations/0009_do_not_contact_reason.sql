-- A contact with a company that has asked not to be contacted carries why it was made anyway
-- (issue 12: the company may have called us). Null for every other contact; the contact's
-- sync JSON carries the field only when it is set (`json_patch` drops a null member), so
-- records of contacts without it keep their exact v1 shape.
alter table contacts add column do_not_contact_reason text;

drop view sync_contact_records;
create view sync_contact_records as
select id as key, json_object(
    'entity', 'contact',
    'contact', json_patch(json_object(
        'id', id,
        'company', company_cvr,
        'unit_id', unit_id,
        'user_id', user_id,
        'kind', kind,
        'purposes', json(purposes),
        'date', contact_date,
        'notes', notes,
        'follow_up', case when follow_up_due is null then null
                     else json_object('due', follow_up_due, 'note', coalesce(follow_up_note, '')) end
    ), json_object('do_not_contact_reason', do_not_contact_reason))
) as record
from contacts;
