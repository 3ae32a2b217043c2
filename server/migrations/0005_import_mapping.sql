-- The columns a pending spreadsheet import reads its fields from: the mapping detected from
-- the header at upload, then the admin's choice. JSON, field code → 0-based column index
-- ({"cvr": 0, "name": 2}); null for CVR JSON, and for CSV uploaded before this column
-- existed (read with the detected mapping, as before).
alter table imports add column column_mapping text;
