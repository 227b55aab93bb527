"""The staff induction pack in a real browser: the principal prepares the pack, watches the progress
(htmx polls while the worker prints it) and downloads the PDF; the page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports.induction import services, tasks
from reports.models import InductionPack, PackStatus
from tests.helpers import assert_accessible
from tests.reports.induction_data import build, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_principal_prepares_and_downloads(city, sign_in, page, live_server, monkeypatch, tmp_path):
    build(city)
    queued: list[int] = []
    # The worker is "busy": the print is queued, and run below while the page polls.
    monkeypatch.setattr(tasks.render_pack, "delay", lambda pack_id: queued.append(pack_id))
    sign_in(city.principal)
    page.goto(f"{live_server.url}/induction-pack/?year={city.year.pk}")
    expect(page.get_by_role("heading", name="Henkilöstön perehdytyspaketti", level=1)).to_be_visible()
    assert_accessible(page, context="induction pack page")
    page.get_by_label("Koulu", exact=True).select_option(str(city.school.pk))
    page.get_by_role("button", name="Kokoa perehdytyspaketti").click()
    expect(page.locator(".messages")).to_contain_text("Perehdytyspakettia kootaan.")
    expect(page.locator("#pack-progress")).to_be_visible()
    assert_accessible(page, context="induction pack in progress")
    assert len(queued) == 1

    services.pack_render(queued[0])  # the worker prints it; htmx notices on its next poll
    download_link = page.get_by_role("link", name="Lataa PDF")
    expect(download_link).to_be_visible(timeout=10_000)
    assert_accessible(page, context="induction pack ready")
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    pack = InductionPack.objects.get()
    assert pack.status == PackStatus.READY
    assert download.suggested_filename == pack.filename
    path = tmp_path / "pack.pdf"
    download.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and city.school.name in pdf_text(data)

    # Asked again with nothing changed: ready at once, nothing queued.
    page.get_by_role("button", name="Kokoa perehdytyspaketti").click()
    expect(page.locator(".messages")).to_contain_text("valmis ladattavaksi")
    assert len(queued) == 1
