"""A directive registered from a document: uploads, drafts read and reviewed, registration, as
pages and as the REST API."""
