"""Helpers of the absence tests: a client whose session has proven the second factor, and files."""

from __future__ import annotations

import io

from django_otp.plugins.otp_totp.models import TOTPDevice

DAY_HEADER = (
    "oppilas_id;etunimi;sukunimi;luokka;pvm;pidetyt_tunnit;poissa_selvitetty;poissa_selvittamaton;poissa_muu"
)


def verified_client(client, user):
    """Sign `client` in as `user` with a confirmed TOTP device marked verified in the session."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def day_file(
    rows: list[str], *, encoding: str = "utf-8", delimiter: str = ";", header: str = DAY_HEADER
) -> bytes:
    lines = [header.replace(";", delimiter), *(r.replace(";", delimiter) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_file(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def verify(client, user):
    """Sign `client` in as `user` with a confirmed TOTP device, the session marked verified (what the
    two-factor page does after a right code). Returns the client."""
    return verified_client(client, user)
