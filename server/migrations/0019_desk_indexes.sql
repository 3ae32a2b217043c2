-- The coordinator's desk at a large municipality's scale (issue 11: 200,000 contacts): its
-- overviews and the contact plan read contacts by date without their notes, and the plan
-- reads which companies wait for a follow-up. Without these, each such read scans the whole
-- contacts table, notes and all (at 200,000 contacts: 130 ms for a year of facts, 400 ms for
-- the open follow-ups).

-- Covers `contact_facts`: the period's contacts, read from the index alone.
create index contacts_date_facts on contacts (contact_date, company_cvr, unit_id, user_id, kind);

-- Covers `open_follow_up_companies`: only the contacts whose follow-up is still open.
create index contacts_open_follow_up on contacts (company_cvr)
where follow_up_due is not null and follow_up_done_on is null;
