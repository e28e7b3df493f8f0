"""The command line: ``loanoverdue`` (and ``python -m loanoverdue``), thin over the API.

Exit status 0 on success, 2 on bad input with a one-line message naming what is wrong
(never a traceback for a user's mistake), 3 when a rule pack is faulty. With
``--format json`` an error is JSON too: ``{"error": {"path": …, "problem": …}}`` on
standard output. Help texts, in English and Chinese, are in :mod:`loanoverdue.cli_text`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NoReturn

from loanoverdue.cli_text import Formatter, field, help_lang, localise, parse_proposal, say, t
from loanoverdue.errors import InvalidInputError, LoanOverdueError, PluginError, shown

__all__ = ["main"]

FORMATS = ("text", "json", "markdown")
#: The environment variable that leaves packs out (see loanoverdue.registry).
EXCLUDE_VARIABLE = "LOANOVERDUE_EXCLUDE_PACKS"
LANGS = ("en", "zh-CN")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _read_case(source: str) -> Any:
    """The case file ``source``, or standard input for ``-`` (JSON when it starts with
    ``{``, TOML otherwise)."""
    from loanoverdue import load_case

    if source != "-":
        return load_case(source)
    import tomllib

    text = sys.stdin.read()
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError("", f"standard input: not valid JSON: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError("", f"standard input: not valid JSON or TOML: {exc}") from None
    return load_case(data)


def _as_of(value: str | None) -> datetime | None:
    from loanoverdue.model.limits import check_date

    if value is None:
        return None
    try:
        if "T" in value:
            result = datetime.fromisoformat(value)
        else:
            result = datetime.combine(date.fromisoformat(value), datetime.max.time().replace(microsecond=0))
    except ValueError:
        raise InvalidInputError("--as-of", f"{shown(value)} is not an ISO 8601 date or date-time") from None
    check_date(result, "--as-of")
    return result


def _render(assessment: object, fmt: str, lang: str) -> str:
    from loanoverdue.render import render_markdown, render_text
    from loanoverdue.results import Assessment

    assert isinstance(assessment, Assessment)
    if fmt == "json":
        return assessment.to_json(lang)
    if fmt == "markdown":
        return render_markdown(assessment, lang)
    return render_text(assessment, lang)


def _with_as_of(case: object, as_of: datetime | None) -> datetime | None:
    from loanoverdue.model import Case

    assert isinstance(case, Case)
    if as_of is not None and as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=case.borrower.tz)
    return as_of


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    """``--set ID=VALUE`` options as parameter overrides."""
    found: dict[str, str] = {}
    for item in getattr(args, "set", None) or ():
        pid, sep, value = item.partition("=")
        pid = pid.strip()
        if not sep or not pid:
            raise InvalidInputError(
                "--set", f"{item[:80]!r} is not ID=VALUE (e.g. cn.contact.quiet_hours_start=22:00)"
            )
        if pid in found:
            raise InvalidInputError("--set", f"{pid[:80]!r} is set twice")
        found[pid] = value
    return found


def _policies(args: argparse.Namespace) -> list[Any]:
    from loanoverdue import load_policy

    return [load_policy(path) for path in getattr(args, "policy", None) or ()]


def cmd_assess(args: argparse.Namespace) -> int:
    from loanoverdue import assess

    case = _read_case(args.case)
    result = assess(
        case,
        as_of=_with_as_of(case, _as_of(args.as_of)),
        policies=_policies(args),
        overrides=_overrides(args),
    )
    sys.stdout.write(_render(result, args.format, args.lang))
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    from loanoverdue import assess
    from loanoverdue.quick import suggest
    from loanoverdue.render.letter import render_letter

    case = _read_case(args.case)
    result = assess(case, as_of=_with_as_of(case, _as_of(args.as_of)), policies=_policies(args))
    if result.letter(args.kind) is None:
        kinds = [x.kind for x in result.letters]
        raise InvalidInputError(
            "--kind",
            f"this case has no letter {args.kind!r}{suggest(args.kind, kinds)}; its letters: {', '.join(kinds) or 'none'}",
        )
    sys.stdout.write(render_letter(result, args.kind, args.lang, args.format))
    return 0


def cmd_quick(args: argparse.Namespace) -> int:
    import attrs

    from loanoverdue import assess
    from loanoverdue.quick import parse_amount, parse_rate, quick_case
    from loanoverdue.registry import default_registry

    registry = default_registry()
    case, assumed = quick_case(
        registry,
        args.jurisdiction,
        parse_amount(args.amount),
        args.days_overdue,
        lender_kind=args.lender_kind,
        product=args.product,
        platform=args.platform,
        annual_rate=parse_rate(args.annual_rate) if args.annual_rate is not None else None,
        currency=args.currency,
        timezone=args.timezone,
        as_of=_as_of(args.as_of),
    )
    result = attrs.evolve(
        assess(case, registry, policies=_policies(args), overrides=_overrides(args)), assumptions=assumed
    )
    sys.stdout.write(_render(result, args.format, args.lang))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from loanoverdue import assess, load_case
    from loanoverdue.dates import local_datetime
    from loanoverdue.io import case_to_dict
    from loanoverdue.labels import label
    from loanoverdue.render.document import cite_text
    from loanoverdue.results.json import assessment_to_dict

    case = _read_case(args.case)
    if args.propose is not None:
        if args.event is not None:
            raise InvalidInputError("--propose", "give --event or --propose, not both")
        data = case_to_dict(case)
        proposal = parse_proposal(args.propose)
        data["events"].append(proposal)
        try:
            case = load_case(data)
        except InvalidInputError as exc:
            prefix = f"events[{len(data['events']) - 1}]"
            path = exc.path.replace(prefix, "--propose", 1) if exc.path.startswith(prefix) else exc.path
            raise InvalidInputError(path, exc.problem) from None
        args.event = len(case.events) - 1
    elif args.event is None:
        raise InvalidInputError("--event", "give --event N (an index into the case's events) or --propose")
    elif not case.events:
        raise InvalidInputError(
            "--event",
            "the case has no events; ask about an action without editing the file with "
            "--propose 'action=call at=2026-03-16T21:30+08:00 target=borrower'",
        )
    elif not 0 <= args.event < len(case.events):
        raise InvalidInputError(
            "--event", f"no event {args.event}; the case has {len(case.events)} (0–{len(case.events) - 1})"
        )
    result = assess(case, policies=_policies(args), overrides=_overrides(args))
    findings = result.findings_for(args.event)
    worst = "permitted"
    for verdict in ("violation", "conditional"):
        if any(f.verdict == verdict for f in findings):
            worst = verdict
            break
    if args.format == "json":
        full = assessment_to_dict(result, args.lang)
        out = {
            "event": args.event,
            "verdict": worst,
            "findings": [f for f in full["findings"] if f["event"] == args.event],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        e = case.events[args.event]
        when = local_datetime(e.at, case.borrower.tz, args.lang)
        print(f"{label(e.action, args.lang)} @ {when}: {label(worst, args.lang)}")
        for f in findings:
            print(f"  [{label(f.verdict, args.lang)} · {label(f.weight, args.lang)}] {f.message(args.lang)}")
            print("      " + "; ".join(cite_text(result, c, args.lang) for c in f.citations))
    return 1 if worst == "violation" and args.strict else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from loanoverdue.labels import label
    from loanoverdue.quick import jurisdiction_code
    from loanoverdue.registry import default_registry

    registry = default_registry()
    code = jurisdiction_code(registry, args.jurisdiction) if args.jurisdiction is not None else None
    rules = registry.rules_for(code)
    if args.format == "json":
        from loanoverdue.listing import rule_summary

        out = [rule_summary(registry, r, args.lang) for r in rules]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    from loanoverdue.render.text import width

    lang = args.lang
    id_width = max((len(r.id) for r in rules), default=0)
    weights = {r.weight: label(r.weight, lang) for r in rules}
    weight_width = max((width(w) for w in weights.values()), default=0)
    for r in rules:
        weight = weights[r.weight]
        period = _period(r.period, lang)
        print(
            f"{r.id.ljust(id_width)}  {weight}{' ' * (weight_width - width(weight))}  "
            f"{period}{' ' * max(0, 25 - width(period))} {r.title.get(lang)}"
        )
    return 0


def _period(period: Any, lang: str) -> str:
    """A period of force for people: ``2021-01-01 –`` / ``自2021年1月1日起``."""
    if lang != "zh-CN":
        return str(period)
    from loanoverdue.dates import long_date

    start, end = period.start, period.end
    if start is None and end is None:
        return field("always", lang)
    if end is None:
        return f"自{long_date(start, lang)}起"
    if start is None:
        return f"至{long_date(end, lang)}"
    return f"{long_date(start, lang)}至{long_date(end, lang)}"


def _check_source(check: Any, most: int = 60) -> tuple[str, list[str]]:
    """Where a rule's check is defined (module, name, line) and its source lines (at most
    ``most``), so the law and the code that applies it are read side by side."""
    import inspect

    name = f"{getattr(check, '__module__', '?')}.{getattr(check, '__qualname__', repr(check))}"
    try:
        lines, first = inspect.getsourcelines(check)
    except (OSError, TypeError):
        return name, []
    text = [line.rstrip("\n") for line in lines]
    if len(text) > most:
        text = [*text[:most], f"… ({len(lines) - most} more lines)"]
    return f"{name} (line {first})", text


def cmd_explain(args: argparse.Namespace) -> int:
    from loanoverdue.labels import label
    from loanoverdue.quick import suggest
    from loanoverdue.registry import default_registry

    registry = default_registry()
    rule = registry.rules.get(args.rule)
    if rule is None:
        if (
            args.rule.removeprefix("platform:") in registry.platform_policies
            or args.rule in registry.policies
        ):
            return _explain_policy(registry, args.rule, args.lang)
        known = [*registry.rules, *registry.policies]
        raise InvalidInputError(
            "RULE_ID",
            f"no installed pack declares rule or policy {args.rule!r}{suggest(args.rule, known)} "
            "(see 'loanoverdue rules' and 'loanoverdue packs')",
        )
    lang = args.lang

    def row(key: str, value: str) -> None:
        name = say(key, lang)
        print(f"  {name}{' ' * max(1, 14 - _width(name))}{value}")

    pack = registry.pack_of_rule(rule.id)
    print(f"{rule.id}: {rule.title.get(lang)}")
    row("pack", f"{pack.name} {pack.version}" + (f" ({pack.distribution})" if pack.distribution else ""))
    row("jurisdiction", rule.jurisdiction)
    actions = (", " if lang != "zh-CN" else "、").join(sorted(label(a, lang) for a in rule.actions or ()))
    row("scope", label(rule.scope, lang) + (f" ({actions})" if rule.actions else ""))
    row("weight", label(rule.weight, lang))
    row("basis", label(rule.basis, lang))
    row("in_force", _period(rule.period, lang))
    if rule.note:
        # the rules' notes are written in English: in Chinese output, say so
        row("when", rule.note if lang != "zh-CN" else field("en_only", lang))
    if rule.shape is not None:
        # the rule's test is data: its clauses, the first that holds gives the finding
        row("check", "shape in rules.toml (the first clause that holds gives the finding)")
        for i, clause in enumerate(rule.shape.clauses, 1):
            print(f"    | {i}. {clause.describe()}")
    elif rule.count is not None:
        # the rule's test is data: a count of events against a limit
        row("check", "count in rules.toml (events counted against a limit)")
        print(f"    | {rule.count.describe()}")
    else:
        where, source = _check_source(rule.check)
        row("check", where)
        for line in source:
            print(f"    | {line}")
    print(f"  {say('cites', lang)}")
    for c in rule.citations:
        inst = registry.instruments[c.instrument]
        art = inst.articles[c.article]
        print(f"    - {inst.cite_text(c.article, lang)} [{label(c.status or art.status, lang)}]")
        number = inst.number if inst.number and (lang == "zh-CN" or inst.number.isascii()) else None
        extra = [x for x in (number, _period(inst.period, lang), inst.url) if x]
        print(f"      {' · '.join(extra)}")
        if art.period.start is not None or art.period.end is not None:
            print(f"      article in force: {art.period}")
        if art.summary:
            print(f"      {art.summary.get(lang)}")
        if art.quote:
            print(f"      text: “{art.quote}”")
    for pid in rule.parameters:
        print(f"  {field('parameter', lang)} {pid}{'：' if lang == 'zh-CN' else ':'}")
        for code in registry.jurisdictions:
            p = registry.parameters.get((pid, code))
            if p is None:
                continue
            print(f"    {code} ({label(p.basis, lang)}, {label(p.status, lang)}):")
            for v in p.values:
                start = field("from_date", lang, d=v.start) if v.start else field("since_unknown", lang)
                end = field("to_date", lang, d=v.end) if v.end else ""
                print(f"      {start}{end}: {v.value}")
    print(f"  {say('messages', lang)}")
    for key, text in sorted(rule.messages.items()):
        print(f"    {key}: {text.get(lang)}")
    return 0


def _width(text: str) -> int:
    from loanoverdue.render.text import width

    return width(text)


def _explain_policy(registry: Any, name: str, lang: str) -> int:
    """Show an escalation policy, or a platform's policy with its terms and sources."""
    from loanoverdue.labels import label

    platform = registry.platform_policies.get(name.removeprefix("platform:"))
    policy = platform.schedule if platform is not None else registry.policies[name]
    owner = registry.owner("policy", policy.id)
    def row(key: str, value: str) -> None:
        name = say(key, lang)
        print(f"  {name}{' ' * max(1, 14 - _width(name))}{value}")

    print(f"{policy.id}: {policy.title.get(lang)}")
    if owner is not None:
        row("pack", f"{owner.name} {owner.version}" + (f" ({owner.distribution})" if owner.distribution else ""))
    row("jurisdiction", policy.jurisdiction)
    row("level", f"{label(policy.level, lang)} ({field('levels', lang)})")
    if policy.lender_kinds:
        row("lender_kinds", ", ".join(sorted(label(k, lang) for k in policy.lender_kinds)))
    if platform is not None:
        if platform.agreement is not None:
            a = platform.agreement
            extra = " · ".join(x for x in (a.url, a.date.isoformat() if a.date else None) if x)
            row("agreement", a.title.get(lang) + (f" · {extra}" if extra else ""))
        terms = platform.terms
        for key in ("grace_days", "penalty_rate", "outsourcing", "visits", "contacts"):
            term = getattr(terms, key)
            if term is None:
                continue
            value = term.value
            if isinstance(value, frozenset):
                value = ("、" if lang == "zh-CN" else ", ").join(sorted(label(v, lang) for v in value)) or "-"
            elif isinstance(value, bool):
                value = {True: "是", False: "否"}[value] if lang == "zh-CN" else str(value)
            after = " " + field("from_day", lang, n=term.after_days) if term.after_days is not None else ""
            print(
                f"  {field('term', lang)} {key}: {value}{after} — {term.source.describe(platform.agreement, lang)}"
            )
    print(f"  {say('steps', lang)}")
    for step in policy.steps:
        parts = [
            field("from_day", lang, n=step.after_days),
            field("baseline", lang, x=label(step.baseline.value, lang)),
            label(step.basis, lang),
        ]
        if step.min_amount is not None:
            parts.append(field("min_amount", lang, x=step.min_amount))
        if step.failed_contacts is not None:
            parts.append(field("after_contacts", lang, n=step.failed_contacts))
        if step.requires:
            parts.append(field("requires", lang, x=", ".join(label(a, lang) for a in step.requires)))
        if not step.offered:
            parts.append(field("not_taken", lang))
        print(f"    - {label(step.action, lang)}: " + "; ".join(str(p) for p in parts))
        if step.note is not None:
            print(f"      {step.note.get(lang)}")
    return 0


def cmd_packs(args: argparse.Namespace) -> int:
    """List the installed packs; a pack that fails to load or validate is listed as
    broken with its error (exit status 3), the others as usual."""
    from loanoverdue.registry import Registry, build_skipping_broken, default_registry, excluded_packs

    left_out = excluded_packs(args.exclude_pack or (), source="--exclude-pack")
    broken: tuple[PluginError, ...] = ()
    try:
        registry = Registry.build(exclude=left_out) if args.exclude_pack else default_registry()
    except PluginError:  # list the packs that load, and each that does not with its error
        registry, broken = build_skipping_broken(left_out)
    if args.format == "json":
        from loanoverdue.listing import pack_summary

        out: list[dict[str, Any]] = [{**pack_summary(registry, p), "status": "ok"} for p in registry.packs]
        out += [
            {"name": e.plugin, "distribution": e.distribution, "status": "broken", "error": e.problem}
            for e in broken
        ]
        out += [{"name": name, "status": "excluded"} for name in left_out]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 3 if broken else 0
    lang = args.lang
    sep = "、" if lang == "zh-CN" else ", "
    for p in registry.packs:
        dist = f" ({p.distribution})" if p.distribution else ""
        title = f" — {p.info.title.get(lang)}" if p.info.title else ""
        print(f"{p.name} {p.version}{dist}{title}")
        codes = list(p.jurisdictions)
        shown_codes = sep.join(codes[:8]) + (field("more", lang, n=len(codes)) if len(codes) > 8 else "")
        print(f"  {say('jurisdictions', lang)} {shown_codes or '-'}")
        print(
            f"  {say('rules', lang)} {len(p.rules)}  {say('instruments', lang)} {len(p.instruments)}  "
            f"{say('parameters', lang)} {len(p.parameters)}"
        )
        if p.policies:
            print(f"  {say('policies', lang)} {sep.join(p.policies)}")
        kinds = sorted({k for w in registry.letter_writers(codes) for k in w.kinds if w.id in p.letters})
        if kinds:
            print(f"  {say('letters', lang)} {sep.join(kinds)}")
        for platform_id in p.platforms:
            pp = registry.platform_policies[platform_id]
            source = pp.agreement.title.get(lang) if pp.agreement else field("no_agreement", lang)
            print(f"  {field('platform', lang)} {platform_id} ({pp.jurisdiction}): {pp.name.get(lang)} — {source}")
    for e in broken:
        dist = f" ({e.distribution})" if e.distribution else ""
        print(f"{e.plugin}{dist} — BROKEN: {e.problem}")
        print(f"  leave it out with --exclude-pack {e.plugin} (or {EXCLUDE_VARIABLE}={e.plugin})")
    for name in left_out:
        print(f"{name} — left out (--exclude-pack or {EXCLUDE_VARIABLE})")
    return 3 if broken else 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from loanoverdue.serve import create_app
    except ImportError as exc:
        raise LoanOverdueError(
            f"the service needs its optional dependencies ({exc.name} is missing): "
            "pip install 'loanoverdue[serve]'"
        ) from None
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")
    return 0


def cmd_screen(args: argparse.Namespace) -> int:
    from pathlib import Path

    from loanoverdue.portfolio import MissingExtraError, screen_book
    from loanoverdue.portfolio.progress import ProgressBar, format_summary

    if args.workers < 1:
        raise InvalidInputError("--workers", "must be at least 1")
    if args.batch_size < 1:
        raise InvalidInputError("--batch-size", "must be at least 1")
    progress = None if args.quiet else ProgressBar(sys.stderr)
    try:
        if args.dask is not None:
            from loanoverdue.portfolio.cluster import screen_on_cluster

            if args.workers != 1:
                raise InvalidInputError("--workers", "not with --dask: the cluster's workers screen the book")
            if not Path(args.book).is_dir():
                raise InvalidInputError("BOOK", "--dask screens a Parquet book (a directory), not JSON lines")
            summary = screen_on_cluster(
                args.book, args.out, args.dask, progress=progress, next_contact=args.next_contact
            )
        else:
            summary = screen_book(
                args.book,
                args.out,
                workers=args.workers,
                batch_size=args.batch_size,
                progress=progress,
                next_contact=args.next_contact,
            )
    except MissingExtraError as exc:
        raise InvalidInputError("", str(exc)) from None
    (Path(args.out) / "summary.json").write_text(
        json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8"
    )
    sys.stdout.write(format_summary(summary))
    return 0


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, with help texts in ``lang``."""
    from loanoverdue import __version__
    from loanoverdue.model import LenderKind, Product

    def formatter(prog: str) -> argparse.HelpFormatter:
        f = Formatter(prog)
        f.lang = lang
        return f

    parser = _Parser(
        prog="loanoverdue",
        description=t("prog", lang),
        epilog=t("epilog", lang),
        formatter_class=formatter,
        add_help=False,
    )
    localise(parser, lang)
    parser.add_argument("--version", action="version", version=f"loanoverdue {__version__}", help=t("version", lang))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title=t("commands", lang))

    def command(name: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name, help=t(f"cmd.{name}", lang), description=t(f"cmd.{name}", lang), formatter_class=formatter, add_help=False
        )
        localise(p, lang)
        return p

    def common(p: argparse.ArgumentParser, formats: Sequence[str] = FORMATS) -> None:
        p.add_argument("--format", choices=formats, default="text", help=t("opt.format", lang, choices=", ".join(formats)))
        p.add_argument("--lang", choices=LANGS, default="en", help=t("opt.lang", lang, choices=", ".join(LANGS)))
        exclude(p)

    def exclude(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--exclude-pack",
            action="append",
            metavar="NAME",
            help=t("opt.exclude_pack", lang, variable=EXCLUDE_VARIABLE),
        )

    def policy(p: argparse.ArgumentParser) -> None:
        p.add_argument("--policy", action="append", metavar="FILE", help=t("opt.policy", lang))
        p.add_argument("--set", action="append", metavar="ID=VALUE", help=t("opt.set", lang))

    def as_of(p: argparse.ArgumentParser) -> None:
        p.add_argument("--as-of", metavar="DATE", help=t("opt.as_of", lang))

    p = command("assess")
    p.add_argument("case", metavar="CASE", help=t("opt.case", lang))
    as_of(p)
    common(p)
    policy(p)
    p.set_defaults(run=cmd_assess)

    p = command("quick")
    p.add_argument("--jurisdiction", required=True, metavar="CODE", help=t("opt.jurisdiction", lang))
    p.add_argument("--amount", required=True, metavar="AMOUNT", help=t("opt.amount", lang))
    p.add_argument("--days-overdue", type=int, required=True, metavar="DAYS", help=t("opt.days_overdue", lang))
    kinds = [k.value for k in LenderKind]
    p.add_argument("--lender-kind", metavar="KIND", help=t("opt.lender_kind", lang, choices=", ".join(kinds)))
    products = [x.value for x in Product]
    p.add_argument("--product", metavar="PRODUCT", help=t("opt.product", lang, choices=", ".join(products)))
    p.add_argument("--platform", metavar="ID", help=t("opt.platform", lang))
    p.add_argument("--annual-rate", metavar="RATE", help=t("opt.annual_rate", lang))
    p.add_argument("--currency", metavar="CODE", help=t("opt.currency", lang))
    p.add_argument("--timezone", metavar="ZONE", help=t("opt.timezone", lang))
    as_of(p)
    common(p)
    policy(p)
    p.set_defaults(run=cmd_quick)

    p = command("check")
    p.add_argument("case", metavar="CASE", help=t("opt.case", lang))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--event", type=int, metavar="N", help=t("opt.event", lang))
    which.add_argument("--propose", metavar="'KEY=VALUE …'", help=t("opt.propose", lang))
    p.add_argument("--strict", action="store_true", help=t("opt.strict", lang))
    common(p, ("text", "json"))
    policy(p)
    p.set_defaults(run=cmd_check)

    p = command("letter")
    p.add_argument("case", metavar="CASE", help=t("opt.case", lang))
    p.add_argument("--kind", required=True, metavar="KIND", help=t("opt.kind", lang))
    p.add_argument("--format", choices=("text", "markdown", "html"), default="text", help=t("opt.letter_format", lang))
    p.add_argument("--lang", choices=LANGS, default="en", help=t("opt.lang", lang, choices=", ".join(LANGS)))
    as_of(p)
    policy(p)
    p.set_defaults(run=cmd_letter)

    p = command("rules")
    p.add_argument("--jurisdiction", metavar="CODE", help=t("opt.rules_jurisdiction", lang))
    common(p, ("text", "json"))
    p.set_defaults(run=cmd_rules)

    p = command("explain")
    p.add_argument("rule", metavar="RULE_ID", help=t("opt.rule", lang))
    p.add_argument("--lang", choices=LANGS, default="en", help=t("opt.lang", lang, choices=", ".join(LANGS)))
    exclude(p)
    p.set_defaults(run=cmd_explain)

    p = command("screen")
    p.add_argument(
        "book", metavar="BOOK", help="a .jsonl file, or a directory with accounts.parquet and events.parquet"
    )
    p.add_argument(
        "--out", required=True, metavar="DIR", help="where findings, account values and bad records go"
    )
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument(
        "--batch-size", type=int, default=1024, metavar="N", help="accounts per batch (default 1024)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--next-contact",
        action="store_true",
        help="also work out each account's next lawful contact time (up to 768 engine checks an account)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="screen a Parquet book on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )
    p.set_defaults(run=cmd_screen)

    p = command("packs")
    common(p, ("text", "json"))
    p.set_defaults(run=cmd_packs)

    p = command("serve")
    p.add_argument("--host", default="127.0.0.1", help=t("opt.host", lang))
    p.add_argument("--port", type=int, default=8000, help=t("opt.port", lang))
    p.set_defaults(run=cmd_serve)
    return parser


def _error(args: argparse.Namespace | None, message: str, exc: LoanOverdueError) -> None:
    """Report ``exc``: one line on standard error, or JSON on standard output when the
    command was asked for JSON."""
    if args is not None and getattr(args, "format", None) == "json":
        error: dict[str, Any] = {"problem": str(exc)}
        if isinstance(exc, InvalidInputError):
            error = {"path": exc.path, "problem": exc.problem}
        elif isinstance(exc, PluginError):
            error = {"plugin": exc.plugin, "distribution": exc.distribution, "problem": exc.problem}
        sys.stdout.write(json.dumps({"error": error}, ensure_ascii=False) + "\n")
    else:
        print(message, file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    """Run the command, over the installed packs less those left out."""
    names = getattr(args, "exclude_pack", None)
    if not names or args.run is cmd_packs:
        return int(args.run(args))
    from loanoverdue.registry import Registry, excluded_packs, set_default_registry

    registry = Registry.build(exclude=excluded_packs(names, source="--exclude-pack"))
    previous = set_default_registry(registry)
    try:
        return int(args.run(args))
    finally:
        set_default_registry(previous)


def _hint(exc: PluginError) -> str:
    """How to leave a faulty installed pack out, if it is one."""
    from loanoverdue.registry import installed_pack_names

    if exc.plugin in installed_pack_names():
        return f" (leave it out with --exclude-pack {exc.plugin} or {EXCLUDE_VARIABLE}={exc.plugin})"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(help_lang(argv))
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except PluginError as exc:
        _error(args, f"loanoverdue: faulty rule pack: {exc}{_hint(exc)}", exc)
        return 3
    except LoanOverdueError as exc:
        _error(args, f"loanoverdue: error: {exc}", exc)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
