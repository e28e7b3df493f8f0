"""The command line's words: help texts in English and Chinese (every option with its
unit and choices), the labels of ``rules``, ``explain`` and ``packs`` output, and the
reading of ``--propose`` specifications. :mod:`loanoverdue.cli` stays the wiring."""

from __future__ import annotations

import argparse
import os
import shlex
from collections.abc import Sequence
from typing import Any

from loanoverdue.errors import InvalidInputError

__all__ = ["Formatter", "field", "help_lang", "localise", "parse_proposal", "say", "t"]

_EN_ZH: dict[str, tuple[str, str]] = {
    # the program and its commands
    "prog": (
        "Overdue loans and debt collection, assessed against the law. Not legal advice.",
        "逾期借款与催收行为的法律评估。不构成法律意见。",
    ),
    "epilog": (
        "Run 'loanoverdue COMMAND --help' for a command's options. "
        "Add --lang zh-CN for Chinese help and output.",
        "运行 'loanoverdue 命令 --help' 查看各命令的选项。加 --lang en 显示英文。",
    ),
    "usage": ("usage: ", "用法："),
    "positionals": ("arguments", "参数"),
    "optionals": ("options", "选项"),
    "commands": ("commands", "命令"),
    "help": ("show this help and exit", "显示本帮助并退出"),
    "version": ("show the version and exit", "显示版本并退出"),
    "cmd.assess": ("assess a case file (JSON or TOML; - reads standard input)", "评估一个案件文件（JSON 或 TOML；- 表示从标准输入读取）"),
    "cmd.quick": (
        "answer the one-line question from the amount and the days overdue",
        "根据欠款金额和逾期天数回答“会不会上门”这类问题",
    ),
    "cmd.check": (
        "is one event of a case, or a proposed action, lawful?",
        "案件中的某次催收行为（或拟进行的行为）是否合法？",
    ),
    "cmd.letter": (
        "print a letter the borrower can send, filled with the case's facts",
        "打印一封按案件事实填好的、借款人可以寄出的信函",
    ),
    "cmd.rules": ("list the installed rules", "列出已安装的规则"),
    "cmd.explain": ("show a rule or policy: its sources, parameters and messages", "显示一条规则或政策：依据、参数和提示语"),
    "cmd.packs": ("list the installed rule packs", "列出已安装的规则包"),
    "cmd.screen": ("screen a book of accounts into Arrow tables of findings", "批量筛查账户，输出 Arrow 格式的结论表"),
    "cmd.serve": (
        "run the HTTP service and the borrower's page (needs loanoverdue[serve])",
        "运行 HTTP 服务和面向借款人的网页（需安装 loanoverdue[serve]）",
    ),
    # options
    "opt.case": (
        "the case file: a .json or .toml path, or - to read JSON or TOML from standard input",
        "案件文件：.json 或 .toml 文件路径；- 表示从标准输入读取 JSON 或 TOML",
    ),
    "opt.format": ("output format: {choices} (default: text)", "输出格式：{choices}（默认 text）"),
    "opt.lang": ("language of the output: {choices} (default: en)", "输出语言：{choices}（默认 en）"),
    "opt.as_of": (
        "assess as of this day or moment, ISO 8601: 2026-03-20 (end of that day) or "
        "2026-03-20T09:00+08:00; a time without offset is the borrower's local time (default: "
        "the case's as_of; for quick, now)",
        "按此日期或时刻评估，ISO 8601 格式：2026-03-20（当日结束时）或 2026-03-20T09:00+08:00；"
        "不带时区偏移的时间按借款人当地时间（默认：案件的 as_of；quick 为当前时间）",
    ),
    "opt.policy": (
        "a platform policy file (TOML) that applies to this assessment; may be repeated",
        "适用于本次评估的平台政策文件（TOML）；可重复",
    ),
    "opt.exclude_pack": (
        "leave the installed pack NAME out, as if it were not installed (may be repeated; also {variable})",
        "不使用已安装的规则包 NAME，如同未安装（可重复；也可用环境变量 {variable}）",
    ),
    "opt.set": (
        "override a parameter for this assessment, e.g. cn.contact.quiet_hours_start=22:00 (a "
        "value of the parameter's type); may be repeated; 'explain RULE_ID' lists a rule's parameters",
        "为本次评估改写一个参数，例如 cn.contact.quiet_hours_start=22:00（值须符合该参数的类型）；可重复；"
        "'explain RULE_ID' 列出规则所用的参数",
    ),
    "opt.jurisdiction": (
        "where the borrower lives: an ISO 3166 code such as CN, CN-BJ, US-NY (lower case accepted)",
        "借款人所在法域：ISO 3166 代码，例如 CN、CN-BJ、US-NY（可用小写）",
    ),
    "opt.amount": (
        "the amount owed, in the jurisdiction's currency: 9000 or 9,000.50",
        "欠款金额，以该法域的货币计：9000 或 9,000.50",
    ),
    "opt.days_overdue": ("days since the first missed due date (whole days, 0 or more)", "自首次逾期还款日起的天数（整数，不小于 0）"),
    "opt.lender_kind": (
        "who lent: {choices} (default: online_microlender, an assumption the answer shows)",
        "出借方类型：{choices}（默认 online_microlender，结果中会注明这是假设）",
    ),
    "opt.product": ("the kind of loan: {choices} (default: installment, shown as assumed)", "借款类型：{choices}（默认 installment，结果中注明为假设）"),
    "opt.platform": ("the lending app's platform id, when a pack or --policy has its policy", "借款 App 的平台 ID（有规则包或 --policy 提供其政策时）"),
    "opt.annual_rate": (
        "the annual rate, as a percentage (36%) or a fraction below 1 (0.36); a bare 36 is refused as ambiguous",
        "年利率：百分数（36%）或小于 1 的小数（0.36）；单独写 36 会因含义不明而被拒绝",
    ),
    "opt.currency": (
        "ISO 4217 currency of --amount; must be the jurisdiction's own (default: it, e.g. CNY for CN)",
        "--amount 的 ISO 4217 货币代码；必须是该法域的货币（默认即该货币，如 CN 为 CNY）",
    ),
    "opt.timezone": (
        "IANA time zone of the borrower, e.g. Asia/Shanghai (default: the jurisdiction's usual one)",
        "借款人的 IANA 时区，例如 Asia/Shanghai（默认：该法域通常使用的时区）",
    ),
    "opt.event": (
        "the index of the event in the case's events list, counting from 0",
        "事件在案件 events 列表中的序号，从 0 开始",
    ),
    "opt.propose": (
        "an action to ask about without editing the file, as key=value pairs: "
        "'action=call at=2026-03-16T21:30+08:00 target=borrower' (keys: at, action, actor, "
        "target, outcome, place, purpose, conduct=threat,insult)",
        "无需修改文件即可询问的拟进行行为，写成 key=value："
        "'action=call at=2026-03-16T21:30+08:00 target=borrower'（可用键：at、action、actor、"
        "target、outcome、place、purpose、conduct=threat,insult）",
    ),
    "opt.strict": ("exit with status 1 when the event is a violation", "该事件违法时以状态码 1 退出"),
    "opt.kind": (
        "which letter: the kinds the case's packs write, e.g. repayment_plan, complaint, "
        "stop_third_parties, card_instalment (China), dispute, validation_request, "
        "cease_communication (US); an unknown kind lists the case's letters",
        "信函类型：由规则包提供，例如 repayment_plan、complaint、stop_third_parties、"
        "card_instalment（中国），dispute、validation_request、cease_communication（美国）；"
        "类型不存在时会列出本案可用的信函",
    ),
    "opt.letter_format": (
        "text, markdown, or html: a printable page (print it to PDF from a browser) (default: text)",
        "text、markdown 或 html：可打印的网页（可在浏览器中打印为 PDF）（默认 text）",
    ),
    "opt.rule": ("a rule id (cn.contact.quiet_hours) or a policy id", "规则 ID（如 cn.contact.quiet_hours）或政策 ID"),
    "opt.rules_jurisdiction": (
        "only the rules that apply in this jurisdiction (its own and its parents'), e.g. CN-BJ",
        "只列出适用于该法域的规则（含上级法域），例如 CN-BJ",
    ),
    "opt.host": ("address to listen on (default: 127.0.0.1)", "监听地址（默认 127.0.0.1）"),
    "opt.port": ("TCP port to listen on (default: 8000)", "监听的 TCP 端口（默认 8000）"),
}

#: Field labels of ``rules``, ``explain`` and ``packs`` in each language.
_FIELDS: dict[str, tuple[str, str]] = {
    "pack": ("pack", "规则包"),
    "jurisdiction": ("jurisdiction", "法域"),
    "scope": ("scope", "适用范围"),
    "weight": ("weight", "责任类型"),
    "basis": ("basis", "依据性质"),
    "in_force": ("in force", "施行期间"),
    "when": ("when", "适用条件"),
    "check": ("check", "检查函数"),
    "cites": ("cites", "引用依据"),
    "parameter": ("parameter", "参数"),
    "messages": ("messages", "提示语"),
    "jurisdictions": ("jurisdictions", "法域"),
    "rules": ("rules", "规则"),
    "instruments": ("instruments", "法律文件"),
    "parameters": ("parameters", "参数"),
    "policies": ("policies", "政策"),
    "letters": ("letters", "信函"),
    "platform": ("platform", "平台"),
    "no_agreement": ("no agreement cited", "未引用协议"),
    "level": ("level", "层级"),
    "lender_kinds": ("lender kinds", "出借人类型"),
    "agreement": ("agreement", "协议"),
    "steps": ("steps", "步骤"),
    "term": ("term", "条款"),
    "from_day": ("from day {n}", "自逾期第{n}天"),
    "baseline": ("baseline {x}", "基准：{x}"),
    "min_amount": ("min amount {x}", "最低金额 {x}"),
    "after_contacts": ("after {n} unanswered contacts", "{n}次联系未接通后"),
    "requires": ("requires {x}", "须先发生：{x}"),
    "not_taken": ("not taken", "不采取"),
    "since_unknown": ("since a date the sources do not give", "起始日期来源未载明"),
    "from_date": ("from {d}", "自{d}起"),
    "to_date": (" to {d}", "至{d}"),
    "always": ("always", "一直有效"),
    "en_only": ("(in English only)", "（仅有英文说明：加 --lang en 查看）"),
    "levels": ("platform > lender kind > jurisdiction default", "平台 > 出借人类型 > 法域默认"),
    "more": (", … ({n} in all)", "，…（共{n}个）"),
}


def t(key: str, lang: str, **params: object) -> str:
    """The help text ``key`` in ``lang`` (``%`` doubled: argparse formats help texts)."""
    en, zh = _EN_ZH[key]
    text = zh if lang == "zh-CN" and zh else en
    text = text.format(**params) if params else text
    return text.replace("%", "%%") if key.startswith(("opt.", "cmd.")) else text


def field(key: str, lang: str, **params: object) -> str:
    """The output label ``key`` in ``lang``."""
    en, zh = _FIELDS[key]
    text = zh if lang == "zh-CN" and zh else en
    return text.format(**params) if params else text


def say(key: str, lang: str, **params: object) -> str:
    """An output label followed by a colon, in ``lang``'s punctuation."""
    return field(key, lang, **params) + ("：" if lang == "zh-CN" else ":")


def help_lang(argv: Sequence[str], environ: Any = None) -> str:
    """The language of ``--help``: the ``--lang`` given on the command line, else
    Chinese when the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``) is
    Chinese, else English."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "zh-CN" if argv[i + 1].lower().startswith("zh") else "en"
        if arg.startswith("--lang="):
            return "zh-CN" if arg.split("=", 1)[1].lower().startswith("zh") else "en"
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh-CN" if value.lower().startswith("zh") else "en"
    return "en"


class Formatter(argparse.HelpFormatter):
    """Help laid out as argparse does, with the usage line in the help's language."""

    lang = "en"

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else t("usage", self.lang))

    def _split_lines(self, text: str, width: int) -> list[str]:
        # by display width: a Chinese character takes two columns, a Latin word stays whole
        from loanoverdue.render.text import wrap

        return [line.strip() for line in wrap(" ".join(text.split()), "", width)]


def localise(parser: argparse.ArgumentParser, lang: str) -> None:
    """Titles of the parser's option groups in ``lang``, and its ``-h`` option."""
    parser._positionals.title = t("positionals", lang)
    parser._optionals.title = t("optionals", lang)
    parser.add_argument("-h", "--help", action="help", help=t("help", lang))


_KEYS = ("at", "action", "actor", "target", "outcome", "place", "purpose", "conduct")


def parse_proposal(spec: str, path: str = "--propose") -> dict[str, Any]:
    """``'action=call at=2026-03-16T21:30+08:00 target=borrower'`` as a case file's
    event (``proposed`` set): ``conduct`` takes a comma-separated list. An unknown key,
    a pair without ``=`` or a missing ``at`` or ``action`` is an
    :class:`~loanoverdue.errors.InvalidInputError` naming it."""
    try:
        pairs = shlex.split(spec)
    except ValueError as exc:
        raise InvalidInputError(path, f"cannot read {spec!r}: {exc}") from None
    event: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidInputError(path, f"{pair!r} is not key=value (e.g. action=call)")
        if key not in _KEYS:
            raise InvalidInputError(f"{path}.{key}", f"unknown key (keys: {', '.join(_KEYS)})")
        if key in event:
            raise InvalidInputError(f"{path}.{key}", "given twice")
        event[key] = [c for c in value.split(",") if c] if key == "conduct" else value
    for key in ("at", "action"):
        if key not in event:
            raise InvalidInputError(f"{path}.{key}", "is required (e.g. action=call at=2026-03-16T21:30+08:00)")
    event["proposed"] = True
    return event
