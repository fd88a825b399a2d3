"""Messages going out: the outbox (written in the transaction of the change that causes it), its
rendering, the routing to Apprise targets, quiet hours, and the dispatcher that sends a page of
the outbox and records each outcome.

Imports only `dondoc.record`."""
