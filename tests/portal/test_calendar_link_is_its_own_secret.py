"""A calendar link is a secret of its own: it reads the feed and opens nothing else, a portal
link does not read the feed, and revoking one leaves the other working. The agency page's
"Thêm vào lịch" hands out a webcal:// link; `dondoc link CODE --calendar` prints one."""

from __future__ import annotations

import re

from icalendar import Calendar
from typer.testing import CliRunner

from dondoc.cli.main import app
from tests.portal.conftest import TOWN, Portal

runner = CliRunner()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_the_agency_page_adds_its_deadlines_to_a_calendar(portal: Portal) -> None:
    home = portal.client.get(f"/l/{portal.tokens[TOWN]}").text
    assert "Thêm vào lịch" in home
    forged = portal.client.post("/calendar-link", data={"csrf_token": "đoán-bừa"})
    assert forged.status_code == 403
    offered = portal.client.post("/calendar-link", data={"csrf_token": _csrf(home)})
    assert offered.status_code == 200
    webcal = re.search(r'href="(webcal://[^"]+)"', offered.text)
    https = re.search(r'value="(http://[^"]+\.ics)"', offered.text)
    assert webcal and https
    assert webcal.group(1) == "webcal://" + https.group(1).removeprefix("http://")
    path = https.group(1).removeprefix("http://127.0.0.1:8000")
    calendar = Calendar.from_ical(portal.client.get(path).content)
    assert calendar.walk("VEVENT")

    # a second device gets its own link; the first keeps working
    again = portal.client.post("/calendar-link", data={"csrf_token": _csrf(home)})
    second = re.search(r'value="http://127.0.0.1:8000(/ical/[^"]+\.ics)"', again.text)
    assert second and second.group(1) != path
    assert portal.client.get(path).status_code == 200


def test_calendar_and_portal_links_open_only_their_own_door(portal: Portal) -> None:
    cli = runner.invoke(app, ["link", TOWN, "--calendar", "--json"], catch_exceptions=False)
    assert cli.exit_code == 0, cli.output
    token = re.search(r'"token": "([^"]+)"', cli.stdout).group(1)  # type: ignore[union-attr]
    assert f'"webcal": "webcal://127.0.0.1:8000/ical/{token}.ics"' in cli.stdout
    feed = f"/ical/{token}.ics"
    assert portal.client.get(feed).status_code == 200

    # the calendar secret signs no one in, on the web or the API
    assert portal.client.get(f"/l/{token}", follow_redirects=False).status_code == 401
    assert portal.client.get("/api/subtasks", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    # a portal link is no calendar link, nor is a made-up one
    assert portal.client.get(f"/ical/{portal.tokens[TOWN]}.ics").status_code == 404
    assert portal.client.get("/ical/doan-bua.ics").status_code == 404

    # asking twice is refused (only the hash is kept), --rotate replaces it
    twice = runner.invoke(app, ["link", TOWN, "--calendar"], catch_exceptions=False)
    assert twice.exit_code == 1 and "--rotate" in twice.output

    # revoking the calendar leaves the portal link working, and the other way round
    revoked = runner.invoke(app, ["link", TOWN, "--calendar", "--revoke"], catch_exceptions=False)
    assert revoked.exit_code == 0 and "1 đường dẫn" in revoked.stdout
    assert portal.client.get(feed).status_code == 404
    assert portal.client.get("/api/subtasks", headers=portal.bearer(TOWN)).status_code == 200
    rotated = runner.invoke(app, ["link", TOWN, "--calendar", "--rotate", "--json"], catch_exceptions=False)
    fresh = re.search(r'"token": "([^"]+)"', rotated.stdout).group(1)  # type: ignore[union-attr]
    assert runner.invoke(app, ["link", TOWN, "--revoke"], catch_exceptions=False).exit_code == 0
    assert portal.client.get("/api/subtasks", headers=portal.bearer(TOWN)).status_code == 401
    assert portal.client.get(f"/ical/{fresh}.ics").status_code == 200
