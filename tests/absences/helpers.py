"""Shared by the absences tests: a session that proved its second factor."""

from __future__ import annotations


def verify(client, user) -> None:
    """Give `user` a TOTP device and mark the client's session verified with it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
