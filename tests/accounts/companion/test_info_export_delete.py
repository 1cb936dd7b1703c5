"""Information pages (staff write them), the demo text, the export, and deletion with the account."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.companion import demo
from accounts.companion.models import CheckIn, DiaryEntry, InfoPage, Milestone, SowsScore, TaperPlan, TaperStep
from accounts.deletion import delete_account
from accounts.export import build_zip, collect_data


def test_staff_write_a_page_members_read_it(login, staff, member):
    response = login(staff).post(
        reverse("accounts:companion-info-new"),
        {"language": "en", "slug": "first-weeks", "title": "The first weeks", "body": "It **gets** easier."},
    )
    assert response.status_code == 302
    page = login(member).get(reverse("accounts:companion-info-page", args=["en", "first-weeks"])).content.decode()
    assert "<strong>gets</strong>" in page


def test_a_member_cannot_write_pages(login, member):
    response = login(member).post(
        reverse("accounts:companion-info-new"), {"language": "en", "slug": "x", "title": "x", "body": "x"}
    )
    assert response.status_code == 403
    assert "Only staff can do this" in response.content.decode()
    assert not InfoPage.objects.exists()


def test_pages_are_shown_in_the_members_language(login, member):
    demo.seed_companion()
    member.language = "fi"
    member.save()
    client = login(member)
    client.cookies["django_language"] = "fi"
    page = client.get(reverse("accounts:companion-info"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Korvaushoidon annoksen pienentäminen" in page


def test_the_demo_text_is_marked_and_seeded_once(db):
    demo.seed_companion()
    demo.seed_companion()
    assert InfoPage.objects.count() == 3
    assert all(p.is_demo for p in InfoPage.objects.all())
    assert "(demo text)" in InfoPage.objects.get(language="en").title


def test_seed_demo_seeds_the_pages(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert InfoPage.objects.filter(slug=demo.SLUG, is_demo=True).count() == 3


@pytest.fixture
def companion(member, entry, milestone):
    CheckIn.objects.create(owner=member, mood=4, craving=6, sleep_hours=6)
    SowsScore.objects.create(owner=member, answers=[1] * 16, total=16)
    plan = TaperPlan.objects.create(owner=member, start_date="2026-01-01")
    TaperStep.objects.create(plan=plan, order=0, dose=10, unit="mg", days=31)


def test_the_export_holds_the_companion_in_plain_words(member, companion, entry):
    data = collect_data(member)["companion"]
    assert data["diary"][0]["text"] == entry.body
    assert data["milestones"][0]["what"] == "without heroin"
    assert data["sows"][0]["total"] == 16 and data["taper_plans"][0]["steps"][0]["days"] == 31
    archive = zipfile.ZipFile(io.BytesIO(build_zip(member)))
    assert json.loads(archive.read("data.json"))["companion"]["checkins"][0]["mood"] == 4
    html = archive.read("index.html").decode()
    assert "walked" in html and "<svg" in html and "<script" not in html


def test_the_export_holds_nobody_elses_companion(other_member, companion):
    data = collect_data(other_member)["companion"]
    assert all(rows == [] for rows in data.values())


@pytest.mark.parametrize("keep_messages", [True, False])
def test_the_companion_goes_with_the_account(member, companion, keep_messages):
    delete_account(member, keep_messages=keep_messages)
    for model in (DiaryEntry, CheckIn, SowsScore, TaperPlan, TaperStep, Milestone):
        assert not model.objects.exists(), model
