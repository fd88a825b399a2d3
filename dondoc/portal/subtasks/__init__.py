"""Subtasks: an agency's work and the actions on it, as pages and as the REST API."""
