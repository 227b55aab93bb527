"""Writes of the groups app, one function per use case, each in a transaction: `structure` (levels,
groups, members and their grants), `meetings` (convening, agenda, invitations, moving, cancelling),
`minutes` (attendance, minutes, approval), `actions` (action items), `feeds` (calendar addresses)."""
