"""The HTTP service: the library's contracts over HTTP, and a page for borrowers.

- ``POST /assess``: a case file in, the assessment JSON out (``?lang=``);
- ``POST /check``: ``{"case": …, "event": N}`` or ``{"case": …, "propose": {…}}``, is
  this action lawful?
- ``POST /screen``: ``{"cases": [...]}``, at most ``max_batch``, a line per case;
- ``POST /interview``: the borrower page's short interview, the case it makes and its
  assessment;
- ``POST /letters/{kind}``: a case file in, one of its letters out (``?format=text``,
  ``markdown`` or ``html``);
- ``GET /rules`` (``?jurisdiction=``), ``GET /rules/{id}``, ``GET /packs``: the
  installed rules and packs;
- ``GET /vocabulary``: the labels of the vocabulary in a language (for forms);
- ``GET /``: the borrower's page (``?lang=zh-CN`` or ``en``);
- ``GET /openapi.json``: the OpenAPI document, with the case-file and assessment schemas.

Every error is JSON, ``{"error": {"path": "loan.due_date", "problem": "…"}}``: status
422 for bad input, 404 for an unknown rule or letter, 413 for a request over
``max_body`` bytes, 504 when the work takes longer than ``timeout`` seconds, 500 for a
faulty pack (naming it). Assessing is plain CPU work; it runs in a worker thread so a
slow request cannot hold the others up.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, time
from importlib import resources
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from loanoverdue.errors import InvalidInputError, PluginError
from loanoverdue.registry import Registry, default_registry
from loanoverdue.serve import schemas

__all__ = ["DEFAULTS", "create_app"]

#: Default limits: request body size (bytes), time per request (seconds), cases per screen.
DEFAULTS = {"max_body": 256 * 1024, "timeout": 10.0, "max_batch": 100}
LANGS = ("en", "zh-CN")


class _Problem(Exception):
    def __init__(self, status: int, path: str, problem: str) -> None:
        super().__init__(problem)
        self.status = status
        self.path = path
        self.problem = problem


def _error(status: int, path: str, problem: str) -> JSONResponse:
    return JSONResponse({"error": {"path": path, "problem": problem}}, status_code=status)


def _lang(value: str | None) -> str:
    if value is None:
        return "en"
    if value not in LANGS:
        raise _Problem(422, "lang", f"{value!r} is not a language of the service ({', '.join(LANGS)})")
    return value


def _json_body(what: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{what}"}}},
        }
    }


def _responses(ok: Mapping[str, Any]) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "200": ok,
        "413": {"description": "the request is too large", **error},
        "422": {"description": "bad input: the field path and the problem", **error},
        "504": {"description": "the request took too long", **error},
    }


_ASSESSMENT = {
    "description": "the assessment JSON",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Assessment"}}},
}
_LANG_PARAM = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": list(LANGS), "default": "en"},
    "description": "language of messages, advice and letters",
}


def create_app(
    registry: Registry | None = None,
    *,
    max_body: int = int(DEFAULTS["max_body"]),
    timeout: float = float(DEFAULTS["timeout"]),
    max_batch: int = int(DEFAULTS["max_batch"]),
) -> FastAPI:
    """The ASGI application over ``registry`` (default: the installed packs, built on
    first use). Run it with ``loanoverdue serve`` or any ASGI server."""
    app = FastAPI(
        title="loanoverdue",
        summary="Overdue loans and debt collection, assessed against the law.",
        description=(
            "The assessment of an overdue loan and its collection events: findings with citations, "
            "escalation outlook, consequences, advice and letters, in English and Chinese. "
            "A transparent model of the law, not legal advice."
        ),
        version=_version(),
        docs_url="/docs",
        redoc_url=None,
    )
    state: dict[str, Registry] = {}

    def reg() -> Registry:
        if "registry" not in state:
            state["registry"] = registry if registry is not None else default_registry()
        return state["registry"]

    # -- limits and errors -----------------------------------------------------------

    @app.middleware("http")
    async def limit_size(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_body:
            return _error(413, "", f"the request body is larger than {max_body} bytes")
        return await call_next(request)

    async def body(request: Request) -> Any:
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > max_body:
                raise _Problem(413, "", f"the request body is larger than {max_body} bytes")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Problem(422, "", f"the request body is not JSON: {exc}") from None

    async def work(fn: Callable[[], Any]) -> Any:
        """``fn()`` in a worker thread, within the time limit."""
        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
        except TimeoutError:
            raise _Problem(504, "", f"the request took longer than {timeout:g} seconds") from None

    @app.exception_handler(_Problem)
    async def problem(_request: Request, exc: _Problem) -> JSONResponse:
        return _error(exc.status, exc.path, exc.problem)

    @app.exception_handler(InvalidInputError)
    async def invalid(_request: Request, exc: InvalidInputError) -> JSONResponse:
        return _error(422, exc.path, exc.problem)

    @app.exception_handler(PluginError)
    async def faulty(_request: Request, exc: PluginError) -> JSONResponse:
        return JSONResponse(
            {"error": {"path": "", "problem": str(exc), "plugin": exc.plugin, "distribution": exc.distribution}},
            status_code=500,
        )

    @app.exception_handler(RequestValidationError)
    async def validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        loc = [str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path")]
        return _error(422, ".".join(loc), str(first.get("msg", "invalid request")))

    # -- the contracts -----------------------------------------------------------------

    def case_of(data: Any, path: str = "") -> Any:
        from loanoverdue import load_case

        if not isinstance(data, dict):
            raise _Problem(422, path, "expected a case file (a JSON object)")
        try:
            return load_case(data)
        except InvalidInputError as exc:
            raise exc.within(path) from None

    @app.post(
        "/assess",
        summary="Assess a case file",
        openapi_extra={**_json_body("CaseFile"), "parameters": [_LANG_PARAM], "responses": _responses(_ASSESSMENT)},
    )
    async def assess_case(request: Request, lang: str | None = None) -> Response:
        from loanoverdue import assess

        language = _lang(lang)
        data = await body(request)
        case = case_of(data)
        result = await work(lambda: assess(case, reg()).to_json(language))
        return Response(result, media_type="application/json")

    @app.post(
        "/check",
        summary="Is this collection action lawful?",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["case"],
                            "properties": {
                                "case": {"$ref": "#/components/schemas/CaseFile"},
                                "event": {"type": "integer", "minimum": 0},
                                "propose": {"type": "object", "description": "an event of the case file"},
                            },
                        }
                    }
                },
            },
            "parameters": [_LANG_PARAM],
        },
    )
    async def check(request: Request, lang: str | None = None) -> JSONResponse:
        from loanoverdue import assess, load_case
        from loanoverdue.io import case_to_dict
        from loanoverdue.results.json import assessment_to_dict

        language = _lang(lang)
        data = await body(request)
        if not isinstance(data, dict):
            raise _Problem(422, "", "expected {\"case\": …, \"event\": N} or {\"case\": …, \"propose\": {…}}")
        unknown = sorted(set(data) - {"case", "event", "propose"})
        if unknown:
            raise _Problem(422, unknown[0], "unknown field")
        case = case_of(data.get("case"), "case")
        if ("event" in data) == ("propose" in data):
            raise _Problem(422, "event", "give either event (an index) or propose (an event), not both or neither")
        if "propose" in data:
            proposal = data["propose"]
            if not isinstance(proposal, dict):
                raise _Problem(422, "propose", "expected an event (a JSON object)")
            full = case_to_dict(case)
            full["events"].append({**proposal, "proposed": True})
            try:
                case = load_case(full)
            except InvalidInputError as exc:
                prefix = f"events[{len(full['events']) - 1}]"
                path = "propose" + exc.path[len(prefix) :] if exc.path.startswith(prefix) else exc.path
                raise _Problem(422, path, exc.problem) from None
            index = len(case.events) - 1
        else:
            index = data["event"]
            if not isinstance(index, int) or isinstance(index, bool):
                raise _Problem(422, "event", f"expected an event index, got {index!r}")
            if not case.events:
                raise _Problem(422, "event", "the case has no events; send propose: {…} to ask about an action")
            if not 0 <= index < len(case.events):
                raise _Problem(422, "event", f"no event {index}; the case has {len(case.events)}")

        def run() -> dict[str, Any]:
            result = assess(case, reg())
            findings = result.findings_for(index)
            worst = next(
                (v for v in ("violation", "conditional") if any(f.verdict == v for f in findings)), "permitted"
            )
            full_doc = assessment_to_dict(result, language)
            return {
                "event": index,
                "verdict": worst,
                "findings": [f for f in full_doc["findings"] if f["event"] == index],
            }

        return JSONResponse(await work(run))

    @app.post(
        "/screen",
        summary="Screen a small batch of cases",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["cases"],
                            "properties": {
                                "cases": {
                                    "type": "array",
                                    "maxItems": max_batch,
                                    "items": {"$ref": "#/components/schemas/CaseFile"},
                                }
                            },
                        }
                    }
                },
            },
            "parameters": [_LANG_PARAM],
        },
    )
    async def screen(request: Request, lang: str | None = None) -> JSONResponse:
        from loanoverdue import assess
        from loanoverdue.results.people import direct_answer

        language = _lang(lang)
        data = await body(request)
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            raise _Problem(422, "cases", "expected {\"cases\": [case, …]}")
        unknown = sorted(set(data) - {"cases"})
        if unknown:
            raise _Problem(422, unknown[0], "unknown field")
        items = data["cases"]
        if len(items) > max_batch:
            raise _Problem(422, "cases", f"{len(items)} cases; at most {max_batch} in one request")
        cases = [case_of(item, f"cases[{i}]") for i, item in enumerate(items)]

        def run() -> list[dict[str, Any]]:
            registry = reg()
            out = []
            for i, case in enumerate(cases):
                a = assess(case, registry)
                verdicts = [f.verdict.value for f in a.findings if not f.proposed]
                visit = a.prospect("home_visit")
                out.append(
                    {
                        "index": i,
                        "days_past_due": a.days_past_due,
                        "stage": a.stage.value,
                        "violations": verdicts.count("violation"),
                        "conditional": verdicts.count("conditional"),
                        "rules": sorted({f.rule for f in a.findings if f.verdict.value == "violation"}),
                        "home_visit": visit.status.value if visit is not None else None,
                        "answer": direct_answer(a, language).headline,
                    }
                )
            return out

        return JSONResponse({"results": await work(run)})

    @app.post(
        "/interview",
        summary="The borrower page's interview: the case it makes and its assessment",
        openapi_extra={**_json_body("Interview"), "parameters": [_LANG_PARAM]},
    )
    async def interview(request: Request, lang: str | None = None) -> JSONResponse:
        from loanoverdue import assess
        from loanoverdue.io import case_to_dict

        language = _lang(lang)
        data = await body(request)
        case, assumed = interview_case(reg(), data)

        def run() -> dict[str, Any]:
            import attrs

            result = attrs.evolve(assess(case, reg()), assumptions=assumed)
            return {"case": case_to_dict(case), "assessment": result.to_dict(language)}

        return JSONResponse(await work(run))

    @app.post(
        "/letters/{kind}",
        summary="One of the case's letters, for sending",
        openapi_extra={
            **_json_body("CaseFile"),
            "parameters": [
                _LANG_PARAM,
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["text", "markdown", "html"], "default": "html"},
                },
            ],
        },
    )
    async def letter(request: Request, kind: str, lang: str | None = None, format: str = "html") -> Response:
        from loanoverdue import assess
        from loanoverdue.render.letter import FORMATS, render_letter

        language = _lang(lang)
        if format not in FORMATS:
            raise _Problem(422, "format", f"{format!r} is not a letter format ({', '.join(FORMATS)})")
        case = case_of(await body(request))
        result = await work(lambda: assess(case, reg()))
        if result.letter(kind) is None:
            kinds = ", ".join(x.kind for x in result.letters) or "none"
            raise _Problem(404, "kind", f"this case has no letter {kind!r} (its letters: {kinds})")
        text = render_letter(result, kind, language, format)
        media = {"text": "text/plain", "markdown": "text/markdown", "html": "text/html"}[format]
        ext = {"text": "txt", "markdown": "md", "html": "html"}[format]
        return Response(
            text,
            media_type=f"{media}; charset=utf-8",
            headers={"Content-Disposition": f'inline; filename="{kind}.{language}.{ext}"'},
        )

    @app.get("/rules", summary="The installed rules")
    async def rules(jurisdiction: str | None = None, lang: str | None = None) -> JSONResponse:
        from loanoverdue.listing import rule_summary
        from loanoverdue.quick import jurisdiction_code

        language = _lang(lang)
        registry = reg()
        code = jurisdiction_code(registry, jurisdiction, "jurisdiction") if jurisdiction is not None else None
        return JSONResponse([rule_summary(registry, r, language) for r in registry.rules_for(code)])

    @app.get("/rules/{rule_id}", summary="One rule: its sources, parameters and messages")
    async def rule(rule_id: str, lang: str | None = None) -> JSONResponse:
        from loanoverdue.listing import rule_detail
        from loanoverdue.quick import suggest

        language = _lang(lang)
        registry = reg()
        found = registry.rules.get(rule_id)
        if found is None:
            raise _Problem(404, "rule_id", f"no installed pack declares rule {rule_id!r}{suggest(rule_id, list(registry.rules))}")
        return JSONResponse(rule_detail(registry, found, language))

    @app.get("/packs", summary="The installed rule packs")
    async def packs() -> JSONResponse:
        from loanoverdue.listing import pack_summary

        registry = reg()
        return JSONResponse([pack_summary(registry, p) for p in registry.packs])

    @app.get("/vocabulary", summary="Labels of the vocabulary in a language")
    async def vocabulary(lang: str | None = None) -> JSONResponse:
        from loanoverdue import vocabulary as v
        from loanoverdue.labels import label
        from loanoverdue.law.rule import Verdict
        from loanoverdue.results import OutlookStatus

        language = _lang(lang)
        kinds = {
            "action": v.Action,
            "actor": v.Actor,
            "target": v.Target,
            "outcome": v.Outcome,
            "conduct": v.Conduct,
            "lender_kind": v.LenderKind,
            "product": v.Product,
            "status": OutlookStatus,
            "verdict": Verdict,
        }
        out = {name: {m.value: label(m, language) for m in enum} for name, enum in kinds.items()}
        out["jurisdictions"] = {
            code: j.name.get(language) for code, j in sorted(reg().jurisdictions.items()) if "-" not in code
        }
        return JSONResponse(out)

    # -- the borrower's page -------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(_static("index.html"))

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        types = {"page.js": "text/javascript", "page.css": "text/css"}
        if name not in types:
            raise _Problem(404, "name", f"no static file {name!r}")
        return PlainTextResponse(_static(name), media_type=f"{types[name]}; charset=utf-8")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            doc = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            doc.setdefault("components", {}).setdefault("schemas", {}).update(schemas.components())
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def interview_case(registry: Registry, data: Any) -> tuple[Any, tuple[Any, ...]]:
    """The case the page's interview describes (see ``schemas.INTERVIEW``): amounts,
    days and the collectors' actions with local dates and times, read in the
    borrower's time zone; an action dated after today is a proposal (announced)."""
    from loanoverdue.model import CollectionEvent
    from loanoverdue.quick import parse_amount, parse_rate, quick_case

    if not isinstance(data, dict):
        raise _Problem(422, "", "expected the interview (a JSON object)")
    allowed = set(schemas.INTERVIEW["properties"])
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _Problem(422, unknown[0], "unknown field")
    for key in schemas.INTERVIEW["required"]:
        if key not in data:
            raise _Problem(422, key, "is required")
    days = data["days_overdue"]
    if not isinstance(days, int) or isinstance(days, bool):
        raise _Problem(422, "days_overdue", f"expected a whole number of days, got {days!r}")
    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = datetime.fromisoformat(str(data["as_of"]))
        except ValueError:
            raise _Problem(422, "as_of", f"{data['as_of']!r} is not an ISO 8601 date-time") from None
    try:
        case, assumed = quick_case(
            registry,
            str(data["jurisdiction"]),
            parse_amount(str(data["amount"]), "amount"),
            days,
            lender_kind=data.get("lender_kind"),
            product=data.get("product"),
            annual_rate=parse_rate(str(data["annual_rate"]), "annual_rate") if data.get("annual_rate") else None,
            as_of=as_of,
            lender_name=data.get("lender_name") or None,
        )
    except InvalidInputError as exc:
        raise _Problem(422, exc.path.lstrip("-").replace("-", "_"), exc.problem) from None
    tz = case.borrower.tz
    today = case.as_of.astimezone(tz).date()
    events = []
    raw_events = data.get("events") or []
    if not isinstance(raw_events, list):
        raise _Problem(422, "events", "expected a list of actions")
    for i, item in enumerate(raw_events):
        where = f"events[{i}]"
        if not isinstance(item, dict):
            raise _Problem(422, where, "expected an action (a JSON object)")
        fields = schemas.INTERVIEW["properties"]["events"]["items"]["properties"]
        bad = sorted(set(item) - set(fields))
        if bad:
            raise _Problem(422, f"{where}.{bad[0]}", "unknown field")
        try:
            day = date.fromisoformat(str(item.get("date")))
        except ValueError:
            raise _Problem(422, f"{where}.date", f"{item.get('date')!r} is not a date (YYYY-MM-DD)") from None
        try:
            clock = time.fromisoformat(str(item.get("time") or "12:00"))
        except ValueError:
            raise _Problem(422, f"{where}.time", f"{item.get('time')!r} is not a time (HH:MM)") from None
        at = datetime.combine(day, clock, tzinfo=tz)
        try:
            events.append(
                CollectionEvent(
                    at=at,
                    action=item.get("action"),
                    actor=item.get("actor") or "collection_agency",
                    target=item.get("target") or "borrower",
                    outcome=item.get("outcome") or "unknown",
                    conduct=item.get("conduct") or (),
                    proposed=day > today,
                )
            )
        except (InvalidInputError, ValueError, TypeError) as exc:
            path = exc.path if isinstance(exc, InvalidInputError) else ""
            raise _Problem(422, f"{where}.{path}" if path else where, getattr(exc, "problem", str(exc))) from None
    events.sort(key=lambda e: e.at)
    import attrs

    from loanoverdue import load_case
    from loanoverdue.io import case_to_dict

    try:
        full = load_case(case_to_dict(attrs.evolve(case, events=tuple(events))))
    except InvalidInputError as exc:
        raise _Problem(422, exc.path, exc.problem) from None
    # the page asks for what the command line's options give: no option to point to
    return full, tuple(attrs.evolve(x, change=None) for x in assumed)


def _static(name: str) -> str:
    return resources.files("loanoverdue.serve").joinpath("static", name).read_text(encoding="utf-8")


def _version() -> str:
    from loanoverdue import __version__

    return str(__version__)
