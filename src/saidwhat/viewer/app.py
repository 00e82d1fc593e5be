"""`saidwhat serve`: a read-only web viewer over a store, and the JSON API behind it.

    create_app("corpus.duckdb")  ->  FastAPI app
        /                 overview: counts, date range, quotes per week, top speakers and issues
        /search           free text over quotes, filters for speaker, issue, type, dates; paginated
        /doc?id=...       the text with quotes highlighted by speaker, debate map, comments
        /person/{id}      aliases, role, quotes over time, issues, quotes, who they (dis)agree with
        /issue/{id}       one issue across documents
        /api/...          the same data as JSON (OpenAPI at /openapi.json, listed at /api)

The store is opened read-only; each request thread works on its own cursor. Text from articles and
comments is untrusted: templates escape everything (Jinja2 autoescape), fragments built in Python go
through `markupsafe.escape`, and a Content-Security-Policy forbids inline scripts, so even a
`<script>` that slipped through would not run. SQL takes values only as parameters; no SQL is
exposed on the web. Query strings, page sizes and request sizes are bounded.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..output.palette import STANCE_SIGN, colour_key, initials
from ..names import name_key
from ..records import resolution_summary
from ..speakers.people_file import load_people
from ..store import open_store
from . import data
from .render import bar_chart, highlight

MAX_URL = 2048
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address to link to, else None: a document's `url` comes from
    its input, and a `javascript:` or `data:` link would run in the viewer's page."""
    if not url or any(ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _no_body(length: str | None) -> bool:
    try:
        return int(length or 0) <= 0
    except ValueError:
        return False


def create_app(db: str | Path, *, title: str = "saidwhat", people: Any = None) -> FastAPI:
    """The viewer over the store `db`; `people`, a user's people file (`speakers.people_file`),
    adds its Wikidata ids and offices to the person pages of the people it lists."""
    store = open_store(db, read_only=True)
    # Many small concurrent queries: one thread each beats every query fanning out over all cores.
    store.con.execute("SET threads = 1")
    local = threading.local()

    def listed(p: dict[str, Any]) -> dict[str, Any]:
        """A person row with what the people file says of them: QID and offices with dates."""
        entry = people.match(name_key(p["name"].split())) if people is not None else None
        p["offices"] = [] if entry is None else [{"role": o.role, "start": o.start, "end": o.end} for o in entry.offices]
        if entry is not None and not p.get("qid"):
            p["qid"] = entry.qid
        return p

    def con():
        # one cursor per worker thread: DuckDB connections are not shared across threads
        c = getattr(local, "con", None)
        if c is None:
            c = store.con.cursor()
            local.con = c
        return c

    here = resources.files(__package__)
    env = Environment(loader=FileSystemLoader(str(here.joinpath("templates"))),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(ck=colour_key, initials=initials, sign=STANCE_SIGN, site=title, pieces=data.pieces)
    env.filters["web_url"] = web_url

    app = FastAPI(title="saidwhat viewer API", version="2", docs_url=None, redoc_url=None,
                  description="Read-only access to a saidwhat store: quotes, speakers, issues, documents.")
    app.mount("/static", StaticFiles(directory=str(here.joinpath("static"))), name="static")
    app.state.store = store

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if len(str(request.url)) > MAX_URL:
            response = Response("URL too long", status_code=414)
        elif request.method not in ("GET", "HEAD"):
            response = Response("read-only viewer: GET only", status_code=405, headers={"Allow": "GET, HEAD"})
        elif not _no_body(request.headers.get("content-length")):
            response = Response("request bodies are not accepted", status_code=413)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():  # on every answer, refusals too
            response.headers[name] = value
        return response

    def page(name: str, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx))

    def not_found(exc: data.NotFound) -> HTTPException:
        return HTTPException(status_code=404, detail=str(exc))

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return HTMLResponse(env.get_template("error.html").render(status=exc.status_code, detail=exc.detail),
                            status_code=exc.status_code)

    # -- JSON API ------------------------------------------------------------------------------
    @app.get("/api/overview", tags=["api"], summary="Counts, date range, quotes per week, top speakers and issues")
    def api_overview() -> dict[str, Any]:
        return data.overview(con())

    @app.get("/api/search", tags=["api"], summary="Quotes matching free text and filters, paginated")
    def api_search(q: str | None = Query(None, max_length=data.MAX_QUERY, description="Words (full text, BM25; \"phrases\", OR, -word)"),
                   speaker: str | None = Query(None, max_length=data.MAX_QUERY, description="Speaker name, part of it"),
                   issue: str | None = Query(None, max_length=data.MAX_QUERY, description="Corpus issue id or label words"),
                   type: str | None = Query(None, pattern="^(direct|mixed|indirect)$"),
                   since: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
                   until: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
                   person: str | None = Query(None, max_length=64),
                   page: int = Query(1, ge=1, le=10_000), size: int = Query(25, ge=1, le=data.MAX_PAGE)) -> dict[str, Any]:
        return data.search(con(), store, q=q, speaker=speaker, issue=issue, type_=type, since=since, until=until,
                           person=person, page=page, size=size)

    @app.get("/api/documents", tags=["api"], summary="One document with its quotes, debate map and comments")
    def api_document(id: str = Query(..., max_length=1000)) -> dict[str, Any]:
        try:
            return data.document(con(), id)
        except data.NotFound as exc:
            raise not_found(exc) from exc

    @app.get("/api/persons/{person_id}", tags=["api"], summary="A person: aliases, role, quotes, issues, relations")
    def api_person(person_id: str, page: int = Query(1, ge=1, le=10_000),
                   size: int = Query(25, ge=1, le=data.MAX_PAGE)) -> dict[str, Any]:
        try:
            return listed(data.person(con(), person_id, page=page, size=size))
        except data.NotFound as exc:
            raise not_found(exc) from exc

    @app.get("/api/issues/{corpus_issue}", tags=["api"], summary="An issue across documents")
    def api_issue(corpus_issue: str) -> dict[str, Any]:
        try:
            return data.issue(con(), corpus_issue)
        except data.NotFound as exc:
            raise not_found(exc) from exc

    # -- pages ---------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home():
        o = data.overview(con())
        chart = bar_chart([(w["week"][:10], w["quotes"]) for w in o["quotes_per_week"]], label="Quotes per week")
        return page("overview.html", o=o, chart=chart)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str | None = Query(None, max_length=data.MAX_QUERY),
                    speaker: str | None = Query(None, max_length=data.MAX_QUERY),
                    issue: str | None = Query(None, max_length=data.MAX_QUERY),
                    type: str | None = Query(None, pattern="^(direct|mixed|indirect|)$"),
                    since: str | None = Query(None, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
                    until: str | None = Query(None, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
                    page_: int = Query(1, ge=1, le=10_000, alias="page"),
                    size: int = Query(25, ge=1, le=data.MAX_PAGE)):
        form = {"q": q or "", "speaker": speaker or "", "issue": issue or "", "type": type or "",
                "since": since or "", "until": until or ""}
        asked = any(form.values())
        found = data.search(con(), store, q=q, speaker=speaker, issue=issue, type_=type or None, since=since or None,
                            until=until or None, person=None, page=page_, size=size) if asked else None
        return page("search.html", form=form, found=found)

    @app.get("/doc", response_class=HTMLResponse, include_in_schema=False)
    def document_page(id: str = Query(..., max_length=1000)):
        try:
            d = data.document(con(), id)
        except data.NotFound as exc:
            raise not_found(exc) from exc
        return page("document.html", d=d, **_document_view(d))

    @app.get("/person/{person_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(person_id: str, page_: int = Query(1, ge=1, le=10_000, alias="page")):
        try:
            p = listed(data.person(con(), person_id, page=page_))
        except data.NotFound as exc:
            raise not_found(exc) from exc
        chart = bar_chart([(m["month"][:7], m["quotes"]) for m in p["months"]], label=f"Quotes by {p['name']} per month")
        return page("person.html", p=p, chart=chart)

    @app.get("/issue/{corpus_issue}", response_class=HTMLResponse, include_in_schema=False)
    def issue_page(corpus_issue: str):
        try:
            i = data.issue(con(), corpus_issue)
        except data.NotFound as exc:
            raise not_found(exc) from exc
        return page("issue.html", i=i)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_index():
        return page("api.html", spec=app.openapi())

    return app


def app_from_env() -> FastAPI:
    """The app for `saidwhat serve --workers N`: each worker process opens the store named by
    SAIDWHAT_VIEWER_DB itself (read-only, so several processes can share the file)."""
    import os

    people = os.environ.get("SAIDWHAT_VIEWER_PEOPLE")
    return create_app(os.environ["SAIDWHAT_VIEWER_DB"], people=load_people(people) if people else None)


def _document_view(d: dict[str, Any]) -> dict[str, Any]:
    """The document page's pieces: highlighted article and comments, the debate matrix, reactions."""
    text = d["text"] or ""
    speakers = {s["speaker_id"]: s for s in d["speakers"]}
    quotes = d["quotes"]
    article = [highlight(text, s["start"], s["end"], quotes, speakers) for s in d["segments"] if s["kind"] == "article"]
    stances: dict[int, list[dict[str, Any]]] = {}
    for st in d["stances"]:
        stances.setdefault(st["seg_index"], []).append(st)
    uncivil: dict[int, list[dict[str, Any]]] = {}
    for u in d["incivility"]:
        uncivil.setdefault(u["seg_index"], []).append(u)
    backs: dict[int, int] = {}
    for b in d["quotebacks"]:
        backs[b["seg_index"]] = backs.get(b["seg_index"], 0) + 1
    comments = []
    for s in d["segments"]:
        if s["kind"] != "comment":
            continue
        i = s["seg_index"]
        comments.append({"seg": s, "html": highlight(text, s["start"], s["end"], quotes, speakers, uncivil=uncivil.get(i, [])),
                         "stances": stances.get(i, []), "uncivil": uncivil.get(i, []), "quotebacks": backs.get(i, 0)})
    # debate matrix: issues as rows, speakers with positions as columns
    cols = [s for s in d["speakers"] if any(p["speaker_id"] == s["speaker_id"] for p in d["positions"])][:6]
    pos = {(p["issue_id"], p["speaker_id"]): p for p in d["positions"]}
    against = {(r["issue_id"], r["source_id"]): r for r in d["relations"] if r["kind"] == "disagrees"}
    rows = []
    for issue in d["issues"]:
        cells = [(pos.get((issue["issue_id"], s["speaker_id"])), against.get((issue["issue_id"], s["speaker_id"])))
                 for s in cols]
        if any(c[0] for c in cells):
            rows.append({"issue": issue, "cells": cells})
    reaction: dict[str, dict[str, int]] = {}
    for st in d["stances"]:
        reaction.setdefault(st["speaker_id"], {"support": 0, "oppose": 0, "neutral": 0})[st["stance"]] += 1
    n_comments = len(comments)
    n_uncivil = sum(1 for c in comments if c["uncivil"])
    anchors: dict[str, int] = {}
    for q in quotes:
        anchors.setdefault(q["grp"], q["quote_index"])
    return {"article": article, "comments": comments, "anchors": anchors, "speakers": speakers, "matrix_cols": cols, "matrix": rows,
            "reaction": reaction, "n_uncivil": n_uncivil, "n_comments": n_comments,
            "counts": {s["speaker_id"]: sum(1 for q in quotes if q["speaker_id"] == s["speaker_id"]) for s in d["speakers"]},
            "found": {s["speaker_id"]: resolution_summary(q["resolved_by"] for q in quotes
                                                          if q["speaker_id"] == s["speaker_id"] and q["resolved_by"])
                      for s in d["speakers"]}}
