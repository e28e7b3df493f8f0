"""The command line: ``loanoverdue`` (and ``python -m loanoverdue``), thin over the API.

Exit status 0 on success, 2 on bad input with a one-line message naming what is wrong
(never a traceback for a user's mistake), 3 when a rule pack is faulty.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NoReturn

from loanoverdue.errors import InvalidInputError, LoanOverdueError, PluginError

__all__ = ["main"]

FORMATS = ("text", "json", "markdown")
LANGS = ("en", "zh-CN")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _as_of(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        if "T" in value:
            result = datetime.fromisoformat(value)
        else:
            result = datetime.combine(date.fromisoformat(value), datetime.max.time().replace(microsecond=0))
    except ValueError:
        raise InvalidInputError("--as-of", f"{value!r} is not an ISO 8601 date or date-time") from None
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
    from loanoverdue import assess, load_case

    case = load_case(args.case)
    result = assess(
        case,
        as_of=_with_as_of(case, _as_of(args.as_of)),
        policies=_policies(args),
        overrides=_overrides(args),
    )
    sys.stdout.write(_render(result, args.format, args.lang))
    return 0


def cmd_quick(args: argparse.Namespace) -> int:
    from loanoverdue import assess
    from loanoverdue.model import Borrower, Case, Lender, Loan, Money
    from loanoverdue.registry import default_registry

    registry = default_registry()
    chain = registry.chain(args.jurisdiction)
    juris = next((registry.jurisdictions[c] for c in chain if registry.jurisdictions[c].currency), None)
    tz_name = args.timezone or next(
        (registry.jurisdictions[c].timezone for c in chain if registry.jurisdictions[c].timezone), None
    )
    if tz_name is None:
        raise InvalidInputError(
            "--timezone", f"required: no pack gives a default time zone for {args.jurisdiction}"
        )
    currency = args.currency or (juris.currency if juris else None)
    if currency is None:
        raise InvalidInputError(
            "--currency", f"required: no pack gives a default currency for {args.jurisdiction}"
        )
    if args.days_overdue < 0:
        raise InvalidInputError("--days-overdue", "must not be negative")
    try:
        amount = Decimal(args.amount)
    except ArithmeticError:
        raise InvalidInputError("--amount", f"{args.amount!r} is not a number") from None
    borrower = Borrower(jurisdiction=args.jurisdiction, timezone=tz_name)
    as_of = _as_of(args.as_of) or datetime.now(borrower.tz).replace(microsecond=0)
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=borrower.tz)
    due = as_of.astimezone(borrower.tz).date() - timedelta(days=args.days_overdue)
    try:
        money = Money(amount, currency)
    except InvalidInputError as exc:
        raise InvalidInputError("--amount" if exc.path == "amount" else "--currency", exc.problem) from None
    loan = Loan(
        product=args.product,
        principal=money,
        outstanding=money,
        due_date=due,
        lender=Lender(kind=args.lender_kind, platform=args.platform),
        annual_rate=args.annual_rate,
    )
    case = Case(as_of=as_of, borrower=borrower, loan=loan, events=())
    result = assess(case, registry, policies=_policies(args), overrides=_overrides(args))
    sys.stdout.write(_render(result, args.format, args.lang))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from loanoverdue import assess, load_case
    from loanoverdue.labels import label
    from loanoverdue.render.document import cite_text
    from loanoverdue.results.json import assessment_to_dict

    case = load_case(args.case)
    if not 0 <= args.event < len(case.events):
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
        print(f"{label(e.action, args.lang)} @ {e.at.isoformat()}: {label(worst, args.lang)}")
        for f in findings:
            print(f"  [{label(f.verdict, args.lang)} · {label(f.weight, args.lang)}] {f.message(args.lang)}")
            print("      " + "; ".join(cite_text(result, c, args.lang) for c in f.citations))
    return 1 if worst == "violation" and args.strict else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from loanoverdue.registry import default_registry

    registry = default_registry()
    rules = registry.rules_for(args.jurisdiction)
    if args.format == "json":
        out = [
            {
                "id": r.id,
                "jurisdiction": r.jurisdiction,
                "scope": r.scope.value,
                "weight": r.weight.value,
                "basis": r.basis.value,
                "title": r.title.get(args.lang),
                "effective_from": r.period.start.isoformat() if r.period.start else None,
                "effective_to": r.period.end.isoformat() if r.period.end else None,
                "citations": [
                    {
                        "instrument": c.instrument,
                        "article": c.article,
                        "status": c.status.value if c.status else None,
                    }
                    for c in r.citations
                ],
                "pack": registry.pack_of_rule(r.id).name,
            }
            for r in rules
        ]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    id_width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        print(f"{r.id.ljust(id_width)}  {r.weight.value:<15} {r.period!s:<25} {r.title.get(args.lang)}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from loanoverdue.labels import label
    from loanoverdue.registry import default_registry

    registry = default_registry()
    rule = registry.rules.get(args.rule)
    if rule is None:
        if (
            args.rule.removeprefix("platform:") in registry.platform_policies
            or args.rule in registry.policies
        ):
            return _explain_policy(registry, args.rule, args.lang)
        raise InvalidInputError(
            "RULE_ID",
            f"no installed pack declares rule or policy {args.rule!r} (see 'loanoverdue rules' and 'loanoverdue packs')",
        )
    lang = args.lang
    pack = registry.pack_of_rule(rule.id)
    print(f"{rule.id}: {rule.title.get(lang)}")
    print(
        f"  pack:         {pack.name} {pack.version}"
        + (f" ({pack.distribution})" if pack.distribution else "")
    )
    print(f"  jurisdiction: {rule.jurisdiction}")
    print(
        f"  scope:        {rule.scope.value}"
        + (f" ({', '.join(sorted(a.value for a in rule.actions))})" if rule.actions else "")
    )
    print(f"  weight:       {label(rule.weight, lang)}")
    print(f"  basis:        {label(rule.basis, lang)}")
    print(f"  in force:     {rule.period}")
    if rule.note:
        print(f"  when:         {rule.note}")
    print("  cites:")
    for c in rule.citations:
        inst = registry.instruments[c.instrument]
        art = inst.articles[c.article]
        print(f"    - {inst.cite_text(c.article, lang)} [{label(art.status, lang)}]")
        extra = [x for x in (inst.number, str(inst.period), inst.url) if x]
        print(f"      {' · '.join(extra)}")
        if art.summary:
            print(f"      {art.summary.get(lang)}")
    for pid in rule.parameters:
        print(f"  parameter {pid}:")
        for code in registry.jurisdictions:
            p = registry.parameters.get((pid, code))
            if p is None:
                continue
            print(f"    {code} ({label(p.basis, lang)}, {label(p.status, lang)}):")
            for v in p.values:
                start = f"from {v.start}" if v.start else "since a date the sources do not give"
                end = f" to {v.end}" if v.end else ""
                print(f"      {start}{end}: {v.value}")
    print("  messages:")
    for key, text in sorted(rule.messages.items()):
        print(f"    {key}: {text.get(lang)}")
    return 0


def _explain_policy(registry: Any, name: str, lang: str) -> int:
    """Show an escalation policy, or a platform's policy with its terms and sources."""
    from loanoverdue.labels import label

    platform = registry.platform_policies.get(name.removeprefix("platform:"))
    policy = platform.schedule if platform is not None else registry.policies[name]
    owner = registry.owner("policy", policy.id)
    print(f"{policy.id}: {policy.title.get(lang)}")
    if owner is not None:
        print(
            f"  pack:         {owner.name} {owner.version}"
            + (f" ({owner.distribution})" if owner.distribution else "")
        )
    print(f"  jurisdiction: {policy.jurisdiction}")
    print(f"  level:        {label(policy.level, lang)} (platform > lender kind > jurisdiction default)")
    if policy.lender_kinds:
        print(f"  lender kinds: {', '.join(sorted(k.value for k in policy.lender_kinds))}")
    if platform is not None:
        if platform.agreement is not None:
            a = platform.agreement
            extra = " · ".join(x for x in (a.url, a.date.isoformat() if a.date else None) if x)
            print(f"  agreement:    {a.title.get(lang)}" + (f" · {extra}" if extra else ""))
        terms = platform.terms
        for key in ("grace_days", "penalty_rate", "outsourcing", "visits", "contacts"):
            term = getattr(terms, key)
            if term is None:
                continue
            value = term.value
            if isinstance(value, frozenset):
                value = ", ".join(sorted(v.value for v in value)) or "none"
            after = f" from day {term.after_days}" if term.after_days is not None else ""
            print(f"  term {key}: {value}{after} — {term.source.describe(platform.agreement, lang)}")
    print("  steps:")
    for step in policy.steps:
        parts = [f"from day {step.after_days}", f"baseline {step.baseline.value}", label(step.basis, lang)]
        if step.min_amount is not None:
            parts.append(f"min amount {step.min_amount}")
        if step.failed_contacts is not None:
            parts.append(f"after {step.failed_contacts} unanswered contacts")
        if step.requires:
            parts.append("requires " + ", ".join(a.value for a in step.requires))
        if not step.offered:
            parts.append("not taken")
        print(f"    - {step.action.value}: " + "; ".join(str(p) for p in parts))
        if step.note is not None:
            print(f"      {step.note.get(lang)}")
    return 0


def cmd_packs(args: argparse.Namespace) -> int:
    from loanoverdue.registry import default_registry

    registry = default_registry()
    if args.format == "json":
        out = [
            {
                "name": p.name,
                "version": p.version,
                "distribution": p.distribution,
                "jurisdictions": list(p.jurisdictions),
                "rules": len(p.rules),
                "instruments": len(p.instruments),
                "parameters": len(p.parameters),
                "policies": list(p.policies),
                "calculators": list(p.calculators),
                "advice": list(p.advice),
                "platforms": list(p.platforms),
            }
            for p in registry.packs
        ]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    for p in registry.packs:
        dist = f" ({p.distribution})" if p.distribution else ""
        title = f" — {p.info.title.get(args.lang)}" if p.info.title else ""
        print(f"{p.name} {p.version}{dist}{title}")
        codes = list(p.jurisdictions)
        shown = ", ".join(codes[:8]) + (f", … ({len(codes)} in all)" if len(codes) > 8 else "")
        print(f"  jurisdictions: {shown or '-'}")
        print(f"  rules: {len(p.rules)}  instruments: {len(p.instruments)}  parameters: {len(p.parameters)}")
        if p.policies:
            print(f"  policies: {', '.join(p.policies)}")
        for platform_id in p.platforms:
            pp = registry.platform_policies[platform_id]
            source = pp.agreement.title.get(args.lang) if pp.agreement else "no agreement cited"
            print(f"  platform {platform_id} ({pp.jurisdiction}): {pp.name.get(args.lang)} — {source}")
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
            summary = screen_on_cluster(args.book, args.out, args.dask, progress=progress)
        else:
            summary = screen_book(
                args.book, args.out, workers=args.workers, batch_size=args.batch_size, progress=progress
            )
    except MissingExtraError as exc:
        raise InvalidInputError("", str(exc)) from None
    (Path(args.out) / "summary.json").write_text(
        json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8"
    )
    sys.stdout.write(format_summary(summary))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="loanoverdue", description="Overdue loans and debt collection, assessed against the law."
    )
    from loanoverdue import __version__

    parser.add_argument("--version", action="version", version=f"loanoverdue {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser, formats: Sequence[str] = FORMATS) -> None:
        p.add_argument("--format", choices=formats, default="text")
        p.add_argument("--lang", choices=LANGS, default="en")

    def policy(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--policy", action="append", metavar="FILE", help="a platform policy file (TOML); may be repeated"
        )
        p.add_argument(
            "--set",
            action="append",
            metavar="ID=VALUE",
            help="override a parameter for this assessment (e.g. cn.contact.quiet_hours_start=22:00); "
            "may be repeated; see 'loanoverdue explain RULE_ID' for a rule's parameters",
        )

    p = sub.add_parser("assess", help="assess a case file (JSON or TOML)")
    p.add_argument("case")
    p.add_argument("--as-of", help="assess as of this date or date-time (ISO 8601)")
    common(p)
    policy(p)
    p.set_defaults(run=cmd_assess)

    p = sub.add_parser("quick", help="answer the one-line question: amount and days overdue")
    p.add_argument("--jurisdiction", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--days-overdue", type=int, required=True)
    p.add_argument("--lender-kind", default="online_microlender")
    p.add_argument("--product", default="installment")
    p.add_argument("--platform")
    p.add_argument("--annual-rate")
    p.add_argument("--currency")
    p.add_argument("--timezone")
    p.add_argument("--as-of")
    common(p)
    policy(p)
    p.set_defaults(run=cmd_quick)

    p = sub.add_parser("check", help="is event N of a case lawful?")
    p.add_argument("case")
    p.add_argument("--event", type=int, required=True)
    p.add_argument("--strict", action="store_true", help="exit 1 when the event is a violation")
    common(p, ("text", "json"))
    policy(p)
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("rules", help="list the installed rules")
    p.add_argument("--jurisdiction")
    common(p, ("text", "json"))
    p.set_defaults(run=cmd_rules)

    p = sub.add_parser("explain", help="show a rule, its sources and parameters")
    p.add_argument("rule", metavar="RULE_ID")
    p.add_argument("--lang", choices=LANGS, default="en")
    p.set_defaults(run=cmd_explain)

    p = sub.add_parser("screen", help="screen a book of accounts into Arrow tables of findings")
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
        "--dask",
        metavar="ADDRESS",
        help="screen a Parquet book on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )
    p.set_defaults(run=cmd_screen)

    p = sub.add_parser("packs", help="list the installed rule packs")
    common(p, ("text", "json"))
    p.set_defaults(run=cmd_packs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except PluginError as exc:
        print(f"loanoverdue: faulty rule pack: {exc}", file=sys.stderr)
        return 3
    except InvalidInputError as exc:
        print(f"loanoverdue: error: {exc}", file=sys.stderr)
        return 2
    except LoanOverdueError as exc:
        print(f"loanoverdue: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
