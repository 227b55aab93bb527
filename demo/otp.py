"""The demo accounts that see pupils get a second factor with a KNOWN key, so that anyone trying the demo
can pass the step (README: "Second factor"). Never do this with real accounts. Idempotent: an account
that already has a confirmed authenticator keeps it."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from schools.models import User

from .schools import SeedReport

# 20 bytes, b"Yhdessa-demo-totp-26"; the base32 form is what one types into an authenticator app.
DEMO_TOTP_KEY = "596864657373612d64656d6f2d746f74702d3236"
DEMO_TOTP_BASE32 = "LFUGIZLTONQS2ZDFNVXS25DPORYC2MRW"
DEMO_TOTP_ACCOUNTS = (
    "rehtori@esimerkkila.fi",
    "opettaja@esimerkkila.fi",
    "terveydenhoitaja@esimerkkila.fi",
)


def seed_demo_second_factors(report: SeedReport) -> None:
    for user in User.objects.filter(email__in=DEMO_TOTP_ACCOUNTS):
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(user=user, name="authenticator", key=DEMO_TOTP_KEY, confirmed=True)
        report.created["second factor"] += 1
