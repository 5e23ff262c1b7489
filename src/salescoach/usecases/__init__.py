"""The use cases: one function per thing a user does (record a rating, grade a goal, move a
meeting, prepare an agenda, review the funnel, ...). Each takes plain arguments (the
repository's ``Layout``, IDs, dates, today's date), loads what it needs through ``store``,
calls the domain, writes through the safe editor, and returns domain results or raises a
``SalescoachError``. The CLI parses options, calls one of these, and renders the result.
"""
