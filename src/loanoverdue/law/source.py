"""Legal sources: instruments, their articles, and citations of them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum

import attrs

from loanoverdue._frozen import frozen_mapping
from loanoverdue.law.period import Period
from loanoverdue.law.text import Text

__all__ = ["Article", "Citation", "Instrument", "Layer", "SourceStatus"]


class SourceStatus(StrEnum):
    """How well a legal statement is confirmed."""

    #: Read in the official text or a faithful full-text copy of it.
    VERIFIED = "verified"
    #: Seen only in secondary sources that agree.
    SECONDARY = "secondary"
    #: Believed but not confirmed.
    UNVERIFIED = "unverified"


class Layer(StrEnum):
    """The kind of instrument, strongest first. Distinguishes law from regulation,
    self-regulation and a platform's own terms."""

    CONSTITUTION = "constitution"
    LAW = "law"
    JUDICIAL_INTERPRETATION = "judicial_interpretation"
    JUDICIAL_POLICY = "judicial_policy"
    ADMINISTRATIVE_REGULATION = "administrative_regulation"
    DEPARTMENTAL_RULE = "departmental_rule"
    REGULATORY_DOCUMENT = "regulatory_document"
    SELF_REGULATORY = "self_regulatory"
    PLATFORM_POLICY = "platform_policy"


@attrs.frozen
class Article:
    """One article (section, paragraph, item) of an instrument, keyed as cited.

    ``summary`` says what the article means, in every language of the pack; ``quote``,
    where the pack has read the text, is its own wording, quoted verbatim in the
    language of the text read (where it was read is the instrument's ``note``). The
    quote is shown to people (``loanoverdue explain``, the rule catalogue) but is not
    part of the assessment JSON."""

    key: str
    status: SourceStatus
    summary: Text | None = None
    period: Period = Period()
    quote: str | None = None


_ZH_DIGITS = "零一二三四五六七八九"
_ARTICLE = re.compile(r"^(\d+)(?:-(\d))?(.*)$")


def _zh_article(article: str) -> str:
    """An article key the Chinese way: "293-1" -> 第293条之一, "1033(2)" -> 第1033条(2)."""
    m = _ARTICLE.match(article)
    if m is None:
        return article
    number, added, rest = m.groups()
    if rest and not rest.startswith("("):
        return f"第{article}条"
    text = f"第{number}条"
    if added:
        text += f"之{_ZH_DIGITS[int(added)]}"
    return text + rest


@attrs.frozen
class Instrument:
    """A legal instrument in one text version: a statute, regulation, interpretation,
    convention or platform agreement."""

    id: str
    layer: Layer
    title: Text
    jurisdiction: str
    period: Period
    status: SourceStatus
    articles: Mapping[str, Article] = attrs.field(factory=dict, converter=frozen_mapping)
    short_title: Text | None = None
    number: str | None = None
    number_status: SourceStatus | None = None
    issuer: Text | None = None
    adopted: date | None = None
    url: str | None = None
    note: str | None = None
    #: How people cite an article of it, with ``{title}`` (the short title) and
    #: ``{article}``; by language. Default: "Title, art. 12" and "《标题》第12条".
    citation: Text | None = None

    def cite_text(self, article: str, lang: str = "en") -> str:
        """The article cited the way people cite it, e.g. "15 U.S.C. § 1692c(a)(1)"."""
        title = (self.short_title or self.title).get(lang)
        if self.citation is not None:
            return self.citation.format(lang, {"title": title, "article": article})
        if lang == "zh-CN":
            return f"《{title}》{_zh_article(article)}"
        return f"{title}, art. {article}"

    def cite(self, article: str) -> Citation:
        """A citation of ``article``; :class:`KeyError` if the instrument lacks it."""
        art = self.articles[article]
        return Citation(self.id, article, art.status)


@attrs.frozen(cache_hash=True)
class Citation:
    """A reference to an article of an instrument. ``status`` is the confirmation status
    carried into every output that shows the citation: ``None`` means "the article's own
    status", which the registry fills in when it is built."""

    instrument: str
    article: str
    status: SourceStatus | None = None
