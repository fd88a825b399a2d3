"""What people read: subtask lists and counts, the dashboard's overview, what a principal may see,
and the reports.

Imports the wings below it: `record`, `notify`, `escalation`, `directives`, `work`."""
