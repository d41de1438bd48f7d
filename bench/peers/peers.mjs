// Side-by-side peers: builds MiniSearch and Lunr indexes over the passages AnniversaryBot exported, asks every
// question, and prints one JSON line per peer with recall@1, recall@3 (scored like ../shared/eval/score.py) and
// per-question latency. Usage: node peers.mjs PASSAGES.jsonl QUESTIONS.jsonl [REPEAT]
import { readFileSync } from "node:fs";
import MiniSearch from "minisearch";
import lunr from "lunr";

const [passagesFile, questionsFile, repeatArg] = process.argv.slice(2);
if (!passagesFile || !questionsFile) {
  console.error("usage: node peers.mjs PASSAGES.jsonl QUESTIONS.jsonl [REPEAT]");
  process.exit(2);
}
const repeat = Number(repeatArg ?? 20);
const readJsonl = (file) => readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const passages = readJsonl(passagesFile).map((p, i) => ({ id: String(i), text: p.text }));
const questions = readJsonl(questionsFile);

// .NET's \s+ and case-insensitive matching translate directly to JavaScript regular expressions.
const patterns = questions.map((q) => (q.answers ?? []).map((a) => new RegExp(a, "i")));
const answerable = (q) => q.kind !== "unanswerable" && q.kind !== "offtopic";

function score(name, build, search) {
  const buildStart = process.hrtime.bigint();
  const index = build();
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  let at1 = 0, at3 = 0, on = 0;
  const latencies = [];
  questions.forEach((q, i) => {
    let hits = [];
    for (let r = 0; r < repeat; r++) {
      const start = process.hrtime.bigint();
      hits = search(index, q.question).slice(0, 3);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    if (!answerable(q)) return;
    on++;
    const rank = hits.findIndex((id) => patterns[i].some((p) => p.test(passages[Number(id)].text)));
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 3) at3++;
  });
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(JSON.stringify({
    peer: name, passages: passages.length, questions: questions.length, answerable: on,
    recall_at_1: +(at1 / on).toFixed(3), recall_at_3: +(at3 / on).toFixed(3),
    p50_ms: +pct(50).toFixed(4), p99_ms: +pct(99).toFixed(4), build_ms: +buildMs.toFixed(1), declines: 0,
  }));
}

score("MiniSearch",
  () => { const m = new MiniSearch({ fields: ["text"], storeFields: [] }); m.addAll(passages); return m; },
  (m, q) => m.search(q, { fuzzy: 0.2, prefix: true }).map((r) => r.id));

// Lunr's query syntax treats : ~ ^ + - * as operators; questions are plain text, so strip them first.
score("Lunr",
  () => lunr(function () { this.ref("id"); this.field("text"); passages.forEach((p) => this.add(p)); }),
  (idx, q) => {
    const terms = q.replace(/[:~^+\-*]/g, " ").split(/\s+/).filter(Boolean);
    return terms.length === 0 ? [] : idx.query((query) => terms.forEach((t) => query.term(lunr.tokenizer(t), {}))).map((r) => r.ref);
  });
