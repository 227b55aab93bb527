"""The group structure in a real browser: the principal creates a stage group for their school and
adds a pupil representative without an account; the tree, the form and the group page pass axe-core."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from groups.models import Attachment, MemberKind, WellbeingGroup
from groups.services import structure
from tests.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_principal_creates_a_stage_group_and_adds_a_pupil_representative(city, sign_in, page, live_server):
    levels = {lv.attaches_to: lv for lv in structure.levels_install_default(municipality=city.municipality)}

    sign_in(city.principal)
    page.goto(live_server.url + reverse("group_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteisölliset opiskeluhuoltoryhmät")
    assert_accessible(page, context="the group tree, empty")
    page.get_by_role("link", name="Uusi ryhmä").click()

    page.locator("#id_level").select_option(str(levels[Attachment.STAGE].pk))
    page.locator("#id_school").select_option(str(city.school.pk))
    page.locator("#id_stage").select_option("lower_secondary")
    page.locator("#id_name_fi").fill("Yläkoulun vaiheryhmä")
    assert_accessible(page, context="the group form")
    page.get_by_role("button", name="Luo ryhmä").click()
    expect(page.locator(".message.success")).to_contain_text("Yläkoulun vaiheryhmä")
    group = WellbeingGroup.objects.get(name_fi="Yläkoulun vaiheryhmä")
    expect(page).to_have_url(re.compile(rf"/groups/{group.pk}/$"))

    page.get_by_role("link", name="Lisää jäsen").click()
    page.get_by_label("Oppilaiden edustaja").check()
    page.locator("#id_name").fill("Pia Oppilas")
    page.locator("#id_represents").fill("Oppilaskunta")
    page.locator("#id_name_in_documents").uncheck()
    assert_accessible(page, context="the member form")
    page.get_by_role("button", name="Lisää jäsen").click()
    expect(page.locator(".message.success")).to_contain_text("Pia Oppilas")
    members = page.locator("table.group-members")
    expect(members).to_contain_text("Pia Oppilas")
    expect(members).to_contain_text("Oppilaskunta")
    expect(members).to_contain_text("ei näy asiakirjoissa")
    expect(page.locator(".privacy-note")).to_contain_text("monialaiselle asiantuntijaryhmälle")
    assert_accessible(page, context="the group page")
    member = group.members.get()
    assert (member.kind, member.user, member.name_in_documents) == (MemberKind.PUPIL, None, False)

    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Ryhmät").click()
    expect(page.locator(".group-tree")).to_contain_text("Yläkoulun vaiheryhmä")
    assert_accessible(page, context="the group tree")
