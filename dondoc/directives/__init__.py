"""A directive coming in: its spec (YAML, checked with line numbers), due rules, the agency
registry and its aliases, the plan that expands tasks over fan-outs, and the intake that writes a
plan in one transaction (or updates a registered one).

Imports `dondoc.record`, `dondoc.notify` and `dondoc.escalation`."""
