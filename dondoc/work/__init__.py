"""People acting on subtasks: acknowledge, progress, done with evidence, confirm or return,
extensions, reassignment and cancellation, follow-ups, and who may act (tokens, sessions,
permissions). Every action writes its audit row and its notices in the caller's transaction.

Imports the wings below it: `record`, `notify`, `escalation`, `directives`."""
