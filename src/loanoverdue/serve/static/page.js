// The borrower's page: a short interview, then the answer, the findings, what happens
// next and the letters to download. Plain JavaScript, no build step. The service does
// the work (POST /interview, POST /letters/{kind}); the page only asks and shows.
"use strict";

const UI = {
  "en": {
    title: "Overdue loan: will they come to my door?",
    intro: "Answer a few questions about your loan and what the collectors did. You get a direct answer, what the law says about each thing they did, what may happen next, and letters you can send. Nothing is stored.",
    legendLoan: "Your loan",
    jurisdiction: "Where you live",
    amount: "Amount you owe",
    days: "Days overdue",
    lender: "Who lent you the money",
    unknownLender: "I don't know (assume an online microlender)",
    legendEvents: "What the collectors did",
    eventsHint: "Add each call, message or visit, with its date. Leave this empty if nothing has happened yet.",
    addEvent: "+ Add something they did",
    action: "What", date: "Date", time: "Time", target: "Whom they contacted", outcome: "Did you answer?",
    remove: "Remove",
    submit: "Get my answer",
    working: "Working…",
    findings: "What the collectors did, against the law",
    noEvents: "You did not list anything the collectors did, so nothing was checked.",
    noFindings: "Nothing the collectors did raised a legal issue.",
    outlook: "What may happen next",
    notBefore: "not before",
    letters: "Letters you can send",
    lettersHint: "Filled with your answers. Fill in the blanks in [brackets] before you send one.",
    noLetters: "No letter fits your case yet.",
    download: "Download (text)",
    print: "Open to print",
    youCan: "What you can do first",
    assumed: "What was assumed",
    advice: "All advice",
    needAmount: "Enter the amount you owe, like 9000.",
    needDays: "Enter the number of days overdue, like 60.",
    needDate: "Give a date for each thing the collectors did.",
    disclaimer: "A transparent model of the law, not legal advice. Every statement cites its source or is marked as an assumption.",
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  },
  "zh-CN": {
    title: "借款逾期了：催收会上门吗？",
    intro: "回答几个关于借款和催收情况的问题，即可得到直接的回答、每项催收行为的法律评价、接下来可能发生什么，以及可以寄出的信函。本页不保存任何信息。",
    legendLoan: "您的借款",
    jurisdiction: "您所在的地区",
    amount: "欠款金额",
    days: "已逾期天数",
    lender: "出借方是谁",
    unknownLender: "不清楚（按网络小额贷款公司处理）",
    legendEvents: "催收方做了什么",
    eventsHint: "逐项添加电话、短信、上门等行为及其日期。如果还没有发生任何催收，可以不填。",
    addEvent: "+ 添加一项催收行为",
    action: "行为", date: "日期", time: "时间", target: "联系了谁", outcome: "您接听了吗？",
    remove: "删除",
    submit: "查看结果",
    working: "正在评估…",
    findings: "催收行为的合法性",
    noEvents: "您没有填写催收行为，因此没有可核查的内容。",
    noFindings: "未发现存在法律问题的催收行为。",
    outlook: "接下来可能发生什么",
    notBefore: "不早于",
    letters: "可以寄出的信函",
    lettersHint: "已按您的回答填好。寄出前请补全[方括号]中的空白。",
    noLetters: "目前没有适合您情况的信函。",
    download: "下载（文本）",
    print: "打开并打印",
    youCan: "您可以先做的事",
    assumed: "所作的假设",
    advice: "全部建议",
    needAmount: "请填写欠款金额，例如 9000。",
    needDays: "请填写逾期天数，例如 60。",
    needDate: "请为每项催收行为填写日期。",
    disclaimer: "本结果是对法律的透明建模，不构成法律意见。每项结论均注明依据，无法律依据的标为“假设”。",
    months: null,
  },
};

const ACTIONS = ["call", "sms", "instant_message", "third_party_contact", "home_visit", "workplace_visit",
  "letter", "lawyer_letter", "credit_report", "lawsuit", "court_service", "payment_order"];
const TARGETS = ["borrower", "family", "spouse", "employer", "colleague", "contact", "neighbour", "public"];
const OUTCOMES = ["connected", "no_answer", "refused", "unknown"];
const CONDUCT = ["threat", "insult", "disclosure", "false_legal_claim", "impersonation", "violence",
  "entered_without_consent", "refused_to_leave", "public_shaming"];
const SHOWN = ["happened", "likely_next", "possible"];

let lang = "en";
let vocab = {};
let lastCase = null;
let lastInterview = null;

const $ = (id) => document.getElementById(id);
const t = (key) => UI[lang][key];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function label(kind, value) {
  return (vocab[kind] && vocab[kind][value]) || value.replaceAll("_", " ");
}

function longDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (lang === "zh-CN") return `${y}年${m}月${d}日`;
  return `${UI.en.months[m - 1]} ${d}, ${y}`;
}

function peopleDates(text) {
  const out = text.replace(/(?<![0-9A-Za-z_/.:-])(\d{4})-(\d{2})-(\d{2})(?![0-9A-Za-z_/:-])/g, (m) => longDate(m));
  // among Chinese, no spaces around a date: "于 2026年3月25日 进行" -> "于2026年3月25日进行"
  return lang === "zh-CN" ? out.replace(/(?<=[\u3000-\u9fff\uff00-\uffef]) (\d{4}年\d{1,2}月\d{1,2}日) ?(?=[\u3000-\u9fff\uff00-\uffef])?/g, "$1") : out;
}

function chooseLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "zh-CN" || asked === "en") return asked;
  return (navigator.language || "").toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

async function loadVocabulary() {
  const response = await fetch(`vocabulary?lang=${encodeURIComponent(lang)}`);
  vocab = await response.json();
}

function fillSelect(select, kind, values, keep) {
  const current = keep ? select.value : null;
  select.replaceChildren();
  for (const value of values) select.append(el("option", { value, text: label(kind, value) }));
  if (current !== null && values.includes(current)) select.value = current;
}

function texts() {
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const [id, key] of [["title", "title"], ["intro", "intro"], ["legend-loan", "legendLoan"],
    ["label-jurisdiction", "jurisdiction"], ["label-amount", "amount"], ["label-days", "days"],
    ["label-lender", "lender"], ["legend-events", "legendEvents"], ["events-hint", "eventsHint"],
    ["add-event", "addEvent"], ["submit", "submit"], ["heading-findings", "findings"],
    ["heading-outlook", "outlook"], ["heading-letters", "letters"], ["letters-hint", "lettersHint"],
    ["heading-you-can", "youCan"], ["heading-assumed", "assumed"], ["heading-advice", "advice"],
    ["disclaimer", "disclaimer"]]) {
    $(id).textContent = t(key);
  }
  for (const button of document.querySelectorAll(".langs button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  const jurisdictions = Object.keys(vocab.jurisdictions || {});
  const j = $("jurisdiction");
  const keep = j.value || (jurisdictions.includes("CN") ? "CN" : jurisdictions[0]);
  j.replaceChildren();
  for (const code of jurisdictions) j.append(el("option", { value: code, text: `${vocab.jurisdictions[code]} (${code})` }));
  j.value = keep;
  const lender = $("lender-kind");
  const chosen = lender.value;
  lender.replaceChildren(el("option", { value: "", text: t("unknownLender") }));
  for (const value of Object.keys(vocab.lender_kind || {})) lender.append(el("option", { value, text: label("lender_kind", value) }));
  lender.value = chosen;
  for (const row of document.querySelectorAll(".event-row")) relabelRow(row);
}

function relabelRow(row) {
  row.querySelector(".l-action").textContent = t("action");
  row.querySelector(".l-date").textContent = t("date");
  row.querySelector(".l-time").textContent = t("time");
  row.querySelector(".l-target").textContent = t("target");
  row.querySelector(".l-outcome").textContent = t("outcome");
  row.querySelector(".remove").textContent = t("remove");
  fillSelect(row.querySelector("select.action"), "action", ACTIONS, true);
  fillSelect(row.querySelector("select.target"), "target", TARGETS, true);
  fillSelect(row.querySelector("select.outcome"), "outcome", OUTCOMES, true);
  for (const box of row.querySelectorAll(".conduct input")) {
    box.parentElement.querySelector("span").textContent = label("conduct", box.value);
  }
}

function addEvent(values) {
  const row = el("li", { class: "event-row" });
  const field = (cls, input) => el("label", {}, el("span", { class: cls }), input);
  const grid = el("div", { class: "grid" },
    field("l-action", el("select", { class: "action" })),
    field("l-target", el("select", { class: "target" })),
    field("l-date", el("input", { class: "date", type: "date", required: "" })),
    field("l-time", el("input", { class: "time", type: "time" })),
    field("l-outcome", el("select", { class: "outcome" })));
  const conduct = el("div", { class: "conduct" });
  for (const value of CONDUCT) conduct.append(el("label", {}, el("input", { type: "checkbox", value }), el("span", {})));
  const remove = el("button", { type: "button", class: "remove" });
  remove.addEventListener("click", () => row.remove());
  row.append(grid, conduct, remove);
  $("events").append(row);
  relabelRow(row);
  if (values) {
    row.querySelector("select.action").value = values.action || "call";
    row.querySelector("select.target").value = values.target || "borrower";
    row.querySelector("input.date").value = values.date || "";
    row.querySelector("input.time").value = values.time || "";
    row.querySelector("select.outcome").value = values.outcome || "unknown";
    for (const c of values.conduct || []) row.querySelector(`.conduct input[value="${c}"]`).checked = true;
  }
  return row;
}

function readInterview() {
  const amount = $("amount").value.trim();
  const days = $("days").value.trim();
  if (!amount) throw new Error(t("needAmount"));
  if (!/^\d+$/.test(days)) throw new Error(t("needDays"));
  const events = [];
  for (const row of document.querySelectorAll(".event-row")) {
    const date = row.querySelector("input.date").value;
    if (!date) throw new Error(t("needDate"));
    const event = {
      action: row.querySelector("select.action").value,
      date,
      target: row.querySelector("select.target").value,
      outcome: row.querySelector("select.outcome").value,
      conduct: [...row.querySelectorAll(".conduct input:checked")].map((box) => box.value),
    };
    const time = row.querySelector("input.time").value;
    if (time) event.time = time;
    events.push(event);
  }
  const interview = { jurisdiction: $("jurisdiction").value, amount, days_overdue: Number(days), events };
  if ($("lender-kind").value) interview.lender_kind = $("lender-kind").value;
  const asOf = new URLSearchParams(location.search).get("as_of");
  if (asOf) interview.as_of = asOf;
  return interview;
}

async function ask(interview) {
  const response = await fetch(`interview?lang=${encodeURIComponent(lang)}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(interview),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? `${data.error.path ? data.error.path + ": " : ""}${data.error.problem}` : response.statusText);
  return data;
}

function show(data) {
  const a = data.assessment;
  lastCase = data.case;
  $("answer-question").textContent = a.answer.question;
  $("answer-headline").textContent = a.answer.headline;
  $("answer-reasons").replaceChildren(...a.answer.reasons.map((r) => el("li", { text: peopleDates(r) })));
  $("answer-court").textContent = a.answer.court || "";
  $("answer-you-can").replaceChildren(...a.answer.you_can.map((x) => el("li", { text: x.title })));
  $("answer-assumed").replaceChildren(...a.answer.assumed.map((x) => el("li", { text: x })));
  $("assumed-box").hidden = a.answer.assumed.length === 0;

  const findings = a.findings.filter((f) => f.verdict !== "info");
  const list = findings.map((f) => {
    const event = f.event === null ? null : data.case.events[f.event];
    const when = event ? `${longDate(event.at)} ${event.at.slice(11, 16)} · ${label("action", event.action)}` : "";
    return el("li", {},
      el("span", { class: `badge ${f.verdict}`, text: label("verdict", f.verdict) || f.verdict }),
      el("span", { class: "when", text: when }),
      el("p", { text: peopleDates(f.message) }),
      el("span", { class: "cites", text: f.citations.map((c) => c.cite || `${c.instrument} ${c.article}`).join("; ") }));
  });
  if (list.length === 0) list.push(el("li", { text: data.case.events.length ? t("noFindings") : t("noEvents") }));
  $("findings").replaceChildren(...list);

  const outlook = a.outlook.filter((p) => SHOWN.includes(p.status)).map((p) => {
    const when = p.earliest && p.status !== "happened" ? ` (${t("notBefore")} ${longDate(p.earliest)})` : "";
    return el("li", { class: p.status },
      el("strong", { text: `${label("action", p.action)}: ${label("status", p.status)}${when}` }));
  });
  $("outlook").replaceChildren(...outlook);

  const letters = a.letters.filter((x) => x.languages.includes(lang)).map((x) => {
    const download = el("button", { type: "button", class: "download", "data-kind": x.kind, text: t("download") });
    const print = el("button", { type: "button", class: "print", "data-kind": x.kind, text: t("print") });
    download.addEventListener("click", () => fetchLetter(x.kind, "text", true));
    print.addEventListener("click", () => fetchLetter(x.kind, "html", false));
    return el("li", { "data-kind": x.kind },
      el("strong", { class: "letter-title", text: x.title }),
      el("p", { class: "hint", text: peopleDates(x.note || "") }),
      el("div", { class: "actions" }, download, print));
  });
  if (letters.length === 0) letters.push(el("li", { text: t("noLetters") }));
  $("letters").replaceChildren(...letters);

  $("advice").replaceChildren(...a.advice.map((x) => el("li", {}, el("strong", { text: x.title }), el("p", { text: peopleDates(x.body) }))));
  $("result").hidden = false;
}

async function fetchLetter(kind, format, save) {
  const response = await fetch(`letters/${encodeURIComponent(kind)}?lang=${encodeURIComponent(lang)}&format=${format}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(lastCase),
  });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  if (save) {
    const link = el("a", { href: url, download: `${kind}.${lang}.txt` });
    document.body.append(link);
    link.click();
    link.remove();
  } else {
    window.open(url, "_blank");
  }
}

async function submit(event) {
  if (event) event.preventDefault();
  const error = $("form-error");
  error.hidden = true;
  let interview;
  try {
    interview = readInterview();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
    return;
  }
  const button = $("submit");
  button.disabled = true;
  button.textContent = t("working");
  try {
    lastInterview = interview;
    show(await ask(interview));
    document.body.dataset.state = "answered";
    $("answer").scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = t("submit");
  }
}

async function switchTo(next) {
  lang = next;
  const url = new URL(location.href);
  url.searchParams.set("lang", lang);
  history.replaceState(null, "", url);
  await loadVocabulary();
  texts();
  if (lastInterview) {
    show(await ask(lastInterview));
    document.body.dataset.state = "answered";
  }
}

async function start() {
  lang = chooseLang();
  await loadVocabulary();
  texts();
  $("interview").addEventListener("submit", submit);
  $("add-event").addEventListener("click", () => addEvent());
  for (const button of document.querySelectorAll(".langs button")) {
    button.addEventListener("click", () => switchTo(button.dataset.lang));
  }
  document.body.dataset.state = "ready";
}

document.addEventListener("DOMContentLoaded", start);
