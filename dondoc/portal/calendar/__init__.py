"""Deadlines in the phone's calendar: the iCalendar feed and its secret link."""
