"""Localised labels of the vocabulary and of the renderers' headings (en, zh-CN)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["heading", "label"]

_ZH: dict[str, str] = {
    # actions
    "notice": "应用内通知",
    "sms": "短信",
    "instant_message": "即时消息",
    "email": "电子邮件",
    "call": "电话",
    "letter": "信函",
    "lawyer_letter": "律师函",
    "third_party_contact": "联系第三人",
    "agency_assignment": "委托催收机构",
    "home_visit": "上门催收",
    "workplace_visit": "到单位催收",
    "credit_report": "报送征信",
    "debt_sale": "债权转让",
    "lawsuit": "起诉",
    "arbitration": "仲裁",
    "payment_order": "支付令",
    "court_service": "法院送达",
    "judgment": "判决",
    "enforcement": "强制执行",
    "arrears_notice": "欠款通知书",
    "default_notice": "违约通知书",
    "letter_of_claim": "起诉前索赔函",
    # targets
    "borrower": "本人",
    "spouse": "配偶",
    "family": "家人",
    "employer": "工作单位",
    "colleague": "同事",
    "contact": "通讯录联系人",
    "neighbour": "邻居",
    "public": "公众",
    "attorney": "律师",
    "guarantor": "保证人",
    "guardian": "监护人",
    "estate_representative": "遗产管理人",
    # actors
    "lender": "出借方",
    "collection_agency": "催收机构",
    "law_firm": "律师事务所",
    "debt_buyer": "债权受让方",
    "court": "法院",
    "unknown": "未知",
    "enforcement_agent": "执行官（法警）",
    # outcomes
    "connected": "接通",
    "no_answer": "未接",
    "voicemail": "语音信箱",
    "refused": "拒接",
    "delivered": "已送达",
    "failed": "失败",
    # statuses and verdicts
    "happened": "已发生",
    "likely_next": "很可能是下一步",
    "possible": "可能",
    "unlikely": "不太可能",
    "not_permitted": "不被允许",
    "not_applicable": "不适用",
    "violation": "违法/违规",
    "conditional": "有条件允许",
    "permitted": "允许",
    "info": "提示",
    # weights
    "criminal": "刑事",
    "administrative": "行政",
    "civil": "民事",
    "regulatory": "监管",
    "self_regulatory": "行业自律",
    # bases
    "law": "法律",
    "regulation": "监管规定",
    "platform_policy": "平台政策",
    "assumption": "假设（非法律）",
    # stages
    "current": "未逾期",
    "early": "逾期初期（1–30天）",
    "middle": "逾期中期（31–90天）",
    "late": "逾期后期（91–180天）",
    "severe": "严重逾期（180天以上）",
    "repaid": "已还清",
    # policy levels
    "jurisdiction": "法域默认",
    "lender_kind": "出借人类型",
    "platform": "平台",
    # products
    "credit_card": "信用卡",
    "installment": "分期贷款",
    "revolving": "循环贷款",
    "payday": "发薪日贷款",
    "other": "其他",
    # lender kinds
    "bank": "银行",
    "credit_card_issuer": "信用卡发卡机构",
    "consumer_finance": "消费金融公司",
    "online_microlender": "网络小额贷款公司",
    "facilitation_platform": "助贷平台",
    "private_individual": "个人出借人",
    # places
    "home": "住所",
    "workplace": "工作场所",
    "online": "网上",
    # conduct
    "threat": "威胁",
    "violence": "暴力",
    "insult": "辱骂",
    "obscene": "淫秽内容",
    "impersonation": "冒充他人",
    "false_legal_claim": "虚假的法律后果",
    "disclosure": "向他人透露欠款",
    "entered_without_consent": "未经同意进入",
    "refused_to_leave": "拒不离开",
    "photographed": "拍摄",
    "public_shaming": "公开羞辱",
    "restricted_freedom": "限制人身自由",
    "property_damage": "损坏财物",
    "illegal_debt_demand": "索要非法债务",
    # protections
    "represented_by_attorney": "已委托律师",
    "cease_requested": "已要求停止联系",
    "disputed": "对债务有异议",
    "hardship": "经济困难",
    # purposes
    "validation_notice": "债务确认通知",
    "payment_demand": "催款",
    "ceasing_collection": "停止催收通知",
    "remedy_notice": "救济措施通知",
    "location_inquiry": "查询下落",
    # likelihoods
    "likely": "很可能",
    # rule scopes
    "event": "逐次事件",
    "case": "整个案件",
    # source status
    "verified": "已核实",
    "secondary": "二手来源",
    "unverified": "未核实",
}

_EN: dict[str, str] = {
    "likely_next": "likely next",
    "not_permitted": "not permitted",
    "not_applicable": "not applicable",
    "third_party_contact": "contact with third parties",
    "agency_assignment": "assignment to an agency",
    "home_visit": "home visit",
    "workplace_visit": "workplace visit",
    "credit_report": "credit report",
    "debt_sale": "debt sale",
    "payment_order": "payment order",
    "court_service": "court service of documents",
    "instant_message": "instant message",
    "lawyer_letter": "lawyer's letter",
    "no_answer": "no answer",
    "collection_agency": "collection agency",
    "law_firm": "law firm",
    "debt_buyer": "debt buyer",
    "self_regulatory": "self-regulatory",
    "platform_policy": "platform policy",
    "current": "current",
    "early": "early (1–30 days)",
    "middle": "middle (31–90 days)",
    "late": "late (91–180 days)",
    "severe": "severe (over 180 days)",
    "lender_kind": "lender kind",
    "sms": "SMS",
    "notice": "in-app notice",
}

_HEADINGS: dict[str, dict[str, str]] = {
    "title": {"en": "Assessment of an overdue loan", "zh-CN": "逾期借款评估"},
    "not_advice": {
        "en": "A transparent model of the law, not legal advice. Every statement cites its source or is marked as an assumption.",
        "zh-CN": "本结果是对法律的透明建模，不构成法律意见。每项结论均注明依据，无法律依据的标为“假设”。",
    },
    "summary": {"en": "Summary", "zh-CN": "概况"},
    "as_of": {"en": "As of", "zh-CN": "评估时间"},
    "jurisdiction": {"en": "Jurisdiction", "zh-CN": "法域"},
    "outstanding": {"en": "Outstanding", "zh-CN": "欠款"},
    "days_past_due": {"en": "Days past due", "zh-CN": "逾期天数"},
    "stage": {"en": "Stage", "zh-CN": "阶段"},
    "findings": {"en": "What the collectors did, against the law", "zh-CN": "催收行为的合法性"},
    "no_findings": {
        "en": "No collection event raised a legal issue.",
        "zh-CN": "未发现存在法律问题的催收行为。",
    },
    "no_events": {
        "en": "No collection events were given, so none was checked. Describe what the collectors did (calls, messages, visits, with dates) to have it checked.",
        "zh-CN": "未提供催收事件，因此没有可核查的行为。写明催收方做了什么（电话、短信、上门等及其时间），即可逐项核查。",
    },
    "why": {"en": "Why", "zh-CN": "原因"},
    "you_can": {"en": "What you can do first", "zh-CN": "您可以先做的事"},
    "see_item": {"en": "see {n} under What to do", "zh-CN": "见“建议”第{n}条"},
    "assumed": {"en": "Assumed", "zh-CN": "所作的假设"},
    "not_before": {"en": "not before", "zh-CN": "不早于"},
    "law_order": {
        "en": "law fixes the order of the steps; the date is an estimate",
        "zh-CN": "步骤的先后由法律规定；时间为估计",
    },
    "limitation_row": {
        "en": "{period}, from {starts} to {expires} ({state})",
        "zh-CN": "{period}，自{starts}起至{expires}止（{state}）",
    },
    "restarted_by": {"en": "; restarted by {events}", "zh-CN": "；因以下事件重新计算：{events}"},
    "kept_until": {"en": "kept until {date}", "zh-CN": "保存至{date}"},
    "letters": {"en": "Letters you can send", "zh-CN": "可以寄出的信函"},
    "letters_intro": {
        "en": "Filled with the facts of this case; fill in the blanks in [brackets] before you send one. Print one with: loanoverdue letter CASE --kind KIND (--format text, markdown or html).",
        "zh-CN": "信函已按本案事实填好；寄出前请补全[方括号]中的空白。打印信函：loanoverdue letter CASE --kind 类型 --lang zh-CN（--format 可选 text、markdown 或 html）。",
    },
    "in_force": {"en": "in force {start} – {end}", "zh-CN": "施行期间：{start}至{end}"},
    "in_force_from": {"en": "in force from {start}", "zh-CN": "自{start}起施行"},
    "short_title": {"en": "{title} (cited as {short})", "zh-CN": "{title}（简称《{short}》）"},
    "event_on": {"en": "event {n} ({date})", "zh-CN": "事件{n}（{date}）"},
    "outlook": {"en": "What may happen next", "zh-CN": "接下来可能发生什么"},
    "consequences": {"en": "Consequences", "zh-CN": "法律后果"},
    "limitation": {"en": "Limitation period", "zh-CN": "诉讼时效"},
    "credit": {"en": "Credit report", "zh-CN": "征信记录"},
    "interest": {"en": "Interest", "zh-CN": "利息"},
    "exposure": {"en": "Criminal exposure", "zh-CN": "刑事风险"},
    "advice": {"en": "What to do", "zh-CN": "建议"},
    "sources": {"en": "Sources", "zh-CN": "法律依据"},
    "packs": {"en": "Rule packs", "zh-CN": "规则包"},
    "event": {"en": "event", "zh-CN": "事件"},
    "case": {"en": "whole case", "zh-CN": "整体"},
    "earliest": {"en": "not before", "zh-CN": "不早于"},
    "expires": {"en": "expires", "zh-CN": "届满"},
    "expired": {"en": "expired", "zh-CN": "已届满"},
    "running": {"en": "running", "zh-CN": "进行中"},
    "interrupted_by": {"en": "restarted by events", "zh-CN": "因以下事件重新计算"},
    "reported": {"en": "reported", "zh-CN": "已报送"},
    "retained_until": {"en": "kept until", "zh-CN": "保存至"},
    "while_unpaid": {
        "en": "no end date while the debt is unpaid",
        "zh-CN": "欠款未还清前没有删除日期",
    },
    "rate": {"en": "annual rate", "zh-CN": "年化利率"},
    "cap": {"en": "the courts' line", "zh-CN": "法院掌握的上限"},
    "excess": {"en": "above it", "zh-CN": "超过"},
    "within_cap": {"en": "not above it", "zh-CN": "未超过"},
    "unknown_rate": {"en": "annual rate not given in the case", "zh-CN": "案件未提供年化利率"},
    "no_cap_known": {"en": "no cap known", "zh-CN": "上限未知"},
    "possible": {"en": "possible only on conditions", "zh-CN": "仅在特定条件下可能"},
    "none": {"en": "none", "zh-CN": "无"},
    "proposed": {"en": "proposed", "zh-CN": "拟进行"},
    "because": {"en": "because of", "zh-CN": "依据"},
    "rests_on": {"en": "rests on", "zh-CN": "所依据的参数"},
}


def label(value: str | StrEnum, lang: str = "en") -> str:
    """The display label of a vocabulary value in ``lang``."""
    key = value._value_ if isinstance(value, StrEnum) else value  # the value, without its descriptor
    if lang == "zh-CN":
        return _ZH.get(key, key)
    return _EN.get(key, key.replace("_", " "))


def heading(key: str, lang: str = "en") -> str:
    """A renderer heading in ``lang`` (English when the language lacks it)."""
    texts = _HEADINGS[key]
    return texts.get(lang, texts["en"])
