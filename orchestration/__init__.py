"""The Prefect side of dondoc that is neither a flow nor a task: audit rows published as Prefect
events, directives' standing as artifacts. The flows' tasks, the portal and the CLI call it."""
