"""Test helpers of absence follow-up: a session that has proven its second factor."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice


def verify(client, user):
    """Sign `client` in as `user` with a confirmed TOTP device, the session marked verified (what the
    two-factor page does after a right code). Returns the client."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
