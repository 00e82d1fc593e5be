"""`saidwhat serve`: the JSON API through the real ASGI app, and the pages in a real browser
(Playwright driving Debian's chromium at /usr/bin/chromium; `.ci/run` installs it)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from saidwhat.cli import main
from saidwhat.viewer import create_app

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = Path(__file__).parent.parent / "docs" / "viewer-document.png"

HARBOUR = """date 2021-05-04 Harbour Minister Lotte Quanz and the dockers' union leader Ruben Ekdahl argued on Tuesday over the night shifts at Port Asvik.

"The night shifts will end in June because the cranes are too old to run around the clock," Quanz said.

Ekdahl rejected that claim. "The cranes are fine, and the night shifts pay for half the port," he said.

Quanz said a review of the cranes would be published on May 20.

Comments

gull_watcher
Ekdahl is right, those cranes ran all winter without a problem.

anon42
<script>window.__pwned = 1</script> Quanz knows nothing. <img src=x onerror="window.__pwned = 2">

harbour_kid
Quanz is an idiot and her advisers are clowns.
"""

TARIFF = """date 2021-06-10 Harbour Minister Lotte Quanz said on Thursday that the port tariff would rise by five percent.

"Ships that use the night shifts must pay for them," Quanz told reporters.

Trade envoy Mirko Sand disagreed. "A higher tariff will send the ships to Bremholt," Sand said.
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("viewer")
    docs = root / "docs"
    docs.mkdir()
    (docs / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (docs / "tariff.txt").write_text(TARIFF, encoding="utf-8")
    db = root / "v.duckdb"
    r = CliRunner().invoke(main, ["ingest", str(docs), "--db", str(db), "--workers", "1", "--quiet"])
    assert r.exit_code == 0, r.output
    return db


@pytest.fixture(scope="module")
def client(store_path):
    app = create_app(store_path)
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def test_viewer_api_overview_search_document_person(client):
    o = client.get("/api/overview").json()
    assert o["documents"] == 2 and o["quotes"] >= 5 and o["persons"] >= 2
    assert o["first_date"] == "2021-05-04" and o["last_date"] == "2021-06-10"
    found = client.get("/api/search", params={"q": "cranes"}).json()
    assert found["results"] and all("crane" in r["text"].lower() for r in found["results"])
    quanz = next(p for p in o["top_persons"] if p["name"] == "Lotte Quanz")
    assert quanz["n_documents"] == 2
    by_person = client.get("/api/search", params={"person": quanz["person_id"], "size": 1}).json()
    assert len(by_person["results"]) == 1 and by_person["more"] is True
    doc = client.get("/api/documents", params={"id": "harbour.txt"}).json()
    assert any(q["text"].startswith("The night shifts will end in June") for q in doc["quotes"])
    assert {i["text"] for i in doc["incivility"]} >= {"idiot", "clowns"}
    p = client.get(f"/api/persons/{quanz['person_id']}").json()
    assert p["name"] == "Lotte Quanz" and p["n_quotes"] >= 3
    ekdahl = next(x["person_id"] for x in o["top_persons"] if x["name"] == "Ruben Ekdahl")
    relations = client.get(f"/api/persons/{ekdahl}").json()["relations"]
    assert any(r["kind"] == "disagrees" and r["name"] == "Lotte Quanz" for r in relations)


def test_viewer_issue_is_shared_across_documents(client):
    o = client.get("/api/overview").json()
    shifts = [i for i in o["top_issues"] if i["n_documents"] == 2]
    assert shifts, o["top_issues"]
    issue = client.get(f"/api/issues/{shifts[0]['corpus_issue']}").json()
    assert {d["doc_id"] for d in issue["documents"]} == {"harbour.txt", "tariff.txt"}


def test_viewer_bounds_errors_and_headers(client):
    assert client.get("/api/search", params={"size": 1000}).status_code == 422
    assert client.get("/api/search", params={"q": "x" * 500}).status_code == 422
    assert client.get("/api/documents", params={"id": "nope"}).status_code == 404
    assert client.get("/doc", params={"id": "nope"}).status_code == 404
    assert client.get("/search?q=" + "a" * 3000).status_code == 414
    assert client.post("/api/search", content=b"x" * 10).status_code == 405
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    spec = client.get("/openapi.json").json()
    assert {"/api/overview", "/api/search", "/api/documents", "/api/persons/{person_id}",
            "/api/issues/{corpus_issue}"} <= set(spec["paths"])
    assert "sql" not in " ".join(spec["paths"]).lower()


def test_viewer_escapes_comment_text(client):
    html = client.get("/doc", params={"id": "harbour.txt"}).text
    assert "<script>window.__pwned" not in html and "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html


def test_viewer_css_palette_matches_the_report_colours():
    from importlib import resources

    from saidwhat.output.palette import palette_css

    css = resources.files("saidwhat.viewer").joinpath("static", "viewer.css").read_text()
    assert palette_css() in css


def test_viewer_serve_get_and_single_file(tmp_path):
    src = tmp_path / "one.txt"
    src.write_text(TARIFF, encoding="utf-8")
    r = CliRunner().invoke(main, ["serve", str(src), "--get", "/api/overview"])
    assert r.exit_code == 0, r.output
    assert '"documents":1' in r.output.replace(" ", "")
    r = CliRunner().invoke(main, ["serve", "--get", "/"])
    assert r.exit_code == 2 and "either --db" in r.output


# --- in a real browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(store_path):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(store_path)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.store.close()


@pytest.fixture(scope="module")
def browser():
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def test_viewer_browser_search_document_speaker(server, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    assert page.locator("#n-documents").inner_text() == "2"
    # search from the overview, with the keyboard shortcut
    page.keyboard.press("/")
    page.keyboard.type("cranes")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=cranes*")
    results = page.locator("li.result")
    assert results.count() >= 2
    assert "crane" in results.first.locator("blockquote").inner_text().lower()
    # search -> document
    results.first.locator("a.doc-link").click()
    page.wait_for_url("**/doc?id=harbour.txt*")
    marks = page.locator("article mark.q")
    assert marks.count() >= 3
    first = page.locator("article mark.q", has_text="The night shifts will end in June")
    # the hover says how the speaker was found: the name at the cue, or "he" linked back to Ekdahl
    assert first.get_attribute("title").startswith("Lotte Quanz · as “Quanz” (name) · direct · cue: said")
    assert "as “he” (pronoun)" in page.locator("article mark.q", has_text="The cranes are fine").get_attribute("title")
    assert "found by name" in page.locator("ul.speakers li", has_text="Harbour Minister").inner_text()
    assert first.locator(".who").inner_text() == "LQ"  # initials beside the colour
    colour = first.evaluate("m => getComputedStyle(m).borderBottomColor")
    other = page.locator("article mark.q", has_text="The cranes are fine")
    assert other.get_attribute("title").startswith("Ruben Ekdahl")
    assert colour != other.evaluate("m => getComputedStyle(m).borderBottomColor")
    # keyboard: j moves focus to the first quote
    page.locator("h1").click()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    # the injected markup in a comment is shown as text and never runs
    comment = page.locator(".comment", has_text="Quanz knows nothing")
    assert "<script>window.__pwned = 1</script>" in comment.inner_text()
    assert '<img src=x onerror="window.__pwned = 2">' in comment.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".comment img").count() == 0
    uncivil = page.locator(".comment", has_text="advisers are clowns")
    assert "⚠ insult: idiot" in uncivil.locator(".reaction").inner_text()
    assert page.locator(".comment", has_text="Ekdahl is right").locator(".stance.support").count() == 1
    assert page.locator("table.map").count() == 1
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    # document -> speaker
    page.locator(".speakers").get_by_role("link", name="Ruben Ekdahl", exact=True).click()
    page.wait_for_url("**/person/*")
    assert page.locator("h1").inner_text() == "Ruben Ekdahl"
    assert "Lotte Quanz" in page.locator("#relations").inner_text()
    assert page.locator("figure.chart svg rect").count() >= 1
    assert not errors, errors
    page.close()


def test_viewer_people_file_adds_qid_and_offices(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tariff.txt").write_text(TARIFF, encoding="utf-8")
    people = tmp_path / "people.json"
    people.write_text('[{"name": "Lotte Quanz", "aliases": ["L. Quanz"], "qid": "Q1234567", '
                      '"roles": [{"role": "Harbour Minister", "start": "2019-05-01"}]}]', encoding="utf-8")
    db = tmp_path / "p.duckdb"
    r = CliRunner().invoke(main, ["ingest", str(docs), "--db", str(db), "--people", str(people), "--quiet"])
    assert r.exit_code == 0, r.output
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    quanz = {"person_id": con.execute("SELECT person_id FROM persons WHERE name = 'Lotte Quanz'").fetchone()[0]}
    con.close()
    with TestClient(create_app(db)) as client:
        person = client.get(f"/api/persons/{quanz['person_id']}").json()
        assert person["qid"] == "Q1234567"  # stored at ingest, from the people file
        page = client.get(f"/person/{quanz['person_id']}").text
        assert "https://www.wikidata.org/wiki/Q1234567" in page
    # `serve --people` shows the file's offices on the person page
    r = CliRunner().invoke(main, ["serve", "--db", str(db), "--people", str(people),
                                  "--get", f"/person/{quanz['person_id']}"])
    assert r.exit_code == 0, r.output
    assert "Offices (people file)" in r.output and "Harbour Minister" in r.output and "2019-05-01" in r.output
