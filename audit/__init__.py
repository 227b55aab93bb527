"""Audit trail (layer 2): an append-only record of who changed what, when, from what to what.

Every change of role texts, practical acts, staffing and publication writes one `AuditEvent`, inside
the transaction of the change, so an event exists exactly when the change was committed.

Writing (in a feature service, inside its `@transaction.atomic`)::

    from audit.services import record
    from audit.models import AuditAction

    before = act_as_text(act)          # a dict of field -> JSON-able value, taken before the write
    ...save the act...
    record(
        actor_user=actor.user,
        municipality=actor.municipality,
        obj=act,                       # or content_type=... and object_id=... once the row is gone
        action=AuditAction.UPDATED,    # created / updated / deleted / published / reopened / ...
        before=before,                 # None for a creation
        after=act_as_text(act),        # None for a deletion
        context={"school": tool.school_id, "school_year": tool.school_year_id, "tool": tool.pk},
        keep=("role",),                # fields kept even when unchanged, to say what the row was about
    )

`record` keeps only the fields that changed (plus `keep`) and writes nothing for an update that
changed nothing. Record a deletion before calling `obj.delete()` (Django clears the pk), or pass
`content_type` and `object_id`.

Reading (always scoped to one municipality, newest first, one query)::

    from audit import selectors
    selectors.history_for(actor, act)                              # one object
    selectors.history_for_many(actor, content_type, [id1, id2])    # several objects of one model
    selectors.history_with_context(actor, "tool", tool.pk)         # e.g. every act of one roles tool

Showing (word-level differences; field labels come from the caller)::

    {% include "audit/_history.html" with events=events labels=labels %}

where `labels` maps field -> label, or field -> `audit.diff.Field(label, format=callable)` for values
that need formatting (e.g. months as month names). `{% load audit_tags %}{% word_diff before after %}`
renders one text's difference on its own.
"""
