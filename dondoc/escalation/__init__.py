"""Time doing its work: escalation policies as typed steps, the interpreter that turns a subtask's
policy snapshot into "what to do now, and when to look again", who a step means, and the sweep
that claims what is due and queues its notifications.

Imports `dondoc.record` and `dondoc.notify`."""
