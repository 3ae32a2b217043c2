-- The do-not-contact history keeps who at the company asked and which units a setting held
-- for, as the current flag does since 0017 (issue 11: "the history of set/lift is kept and
-- shown"). `requested_by` is personal data and is erased with the person; `units` is a JSON
-- array of unit ids, null for every unit (and for every lifting).
alter table do_not_contact_history add column requested_by text;
alter table do_not_contact_history add column units text;

-- A flag set since 0017 has its request on the current flag: that is its latest setting.
update do_not_contact_history
set requested_by = (select d.requested_by from do_not_contact d where d.company_cvr = do_not_contact_history.company_cvr),
    units = (select d.units from do_not_contact d where d.company_cvr = do_not_contact_history.company_cvr)
where action = 'set'
  and id = (
    select max(h.id) from do_not_contact_history h
    where h.company_cvr = do_not_contact_history.company_cvr and h.action = 'set'
  )
  and exists (select 1 from do_not_contact d where d.company_cvr = do_not_contact_history.company_cvr);
