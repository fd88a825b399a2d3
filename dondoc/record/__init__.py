"""The system of record and what every wing needs: the tables, statuses, the database, the audit
log, settings, the one clock, errors, text in NFC, the working calendar, YAML read with its line
numbers, and timeliness (a pure function of stored dates and now).

The bottom wing: it imports no other part of dondoc."""
