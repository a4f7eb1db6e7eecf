"""Evaluation reports: JSON (machine), Markdown (review) and one self-contained HTML file.
Given a baseline report, regressions are listed first, then improvements."""

from __future__ import annotations

import html
import json
import time
from pathlib import Path
from typing import Any

from assistant.evals.metrics import QuestionResult

HIGHER_IS_BETTER = ("hit@1", "hit@3", "hit@5", "hit@10", "mrr", "key_fact_accuracy", "citation_precision",
                    "refusal_accuracy", "oos_refusal_rate", "answered_rate", "adversarial_pass_rate", "pass_rate")


def build_report(name: str, metrics: dict[str, float], results: list[QuestionResult], config: dict[str, Any],
                 baseline: dict[str, Any] | None = None) -> dict[str, Any]:
    report: dict[str, Any] = {
        "name": name, "created": time.strftime("%Y-%m-%d %H:%M:%S"), "config": config, "metrics": metrics,
        "by_type": by_type(results), "results": [r.to_dict() for r in results]}
    if baseline is not None:
        report["comparison"] = compare(report, baseline)
    return report


def by_type(results: list[QuestionResult]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for r in results:
        t = out.setdefault(r.type, {"questions": 0, "passed": 0})
        t["questions"] += 1
        t["passed"] += int(r.passed)
    return out


def compare(report: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    old = {r["id"]: r for r in baseline.get("results", [])}
    regressions, improvements = [], []
    for r in report["results"]:
        b = old.get(r["id"])
        if b is None:
            continue
        if b["passed"] and not r["passed"]:
            regressions.append({"id": r["id"], "question": r["question"], "reasons": r["reasons"]})
        elif not b["passed"] and r["passed"]:
            improvements.append({"id": r["id"], "question": r["question"]})
    deltas = {}
    for k, v in report["metrics"].items():
        if k in baseline.get("metrics", {}):
            deltas[k] = round(v - baseline["metrics"][k], 4)
    worse = sorted(k for k, d in deltas.items() if (d < 0 if k in HIGHER_IS_BETTER else d > 0 and "latency" in k))
    return {"baseline": baseline.get("name", ""), "baseline_created": baseline.get("created", ""),
            "regressions": regressions, "improvements": improvements, "metric_deltas": deltas, "worse_metrics": worse}


def write_reports(report: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report["name"]
    paths = {"json": out_dir / f"{stem}.json", "md": out_dir / f"{stem}.md", "html": out_dir / f"{stem}.html"}
    for kind, text in (("json", json.dumps(report, ensure_ascii=False, indent=1)), ("md", to_markdown(report)),
                       ("html", to_html(report))):
        tmp = paths[kind].with_suffix(paths[kind].suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(paths[kind])
    return paths


def _metric_rows(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    deltas = report.get("comparison", {}).get("metric_deltas", {})
    return [(k, f"{v:g}", f"{deltas[k]:+g}" if k in deltas else "") for k, v in report["metrics"].items()]


def to_markdown(report: dict[str, Any]) -> str:
    lines = [f"# Evaluation: {report['name']}", "", f"Created {report['created']}. Config: `{json.dumps(report['config'], ensure_ascii=False)}`", ""]
    comp = report.get("comparison")
    if comp:
        lines += [f"## Against baseline {comp['baseline']} ({comp['baseline_created']})", ""]
        lines += [f"### Regressions ({len(comp['regressions'])})", ""]
        lines += [f"- **{r['id']}** {r['question']} — {'; '.join(r['reasons'])}" for r in comp["regressions"]] or ["- none"]
        lines += ["", f"### Improvements ({len(comp['improvements'])})", ""]
        lines += [f"- **{r['id']}** {r['question']}" for r in comp["improvements"]] or ["- none"]
        if comp["worse_metrics"]:
            lines += ["", "Metrics that got worse: " + ", ".join(comp["worse_metrics"])]
        lines.append("")
    lines += ["## Metrics", "", "| metric | value | Δ baseline |", "|---|---|---|"]
    lines += [f"| {k} | {v} | {d} |" for k, v, d in _metric_rows(report)]
    lines += ["", "| type | questions | passed |", "|---|---|---|"]
    lines += [f"| {t} | {v['questions']} | {v['passed']} |" for t, v in sorted(report["by_type"].items())]
    lines += ["", "## Questions", "", "| id | type | pass | rank | question | answer | reasons |", "|---|---|---|---|---|---|---|"]
    for r in report["results"]:
        ans = _cell(r["answer"])[:160]
        lines.append(f"| {r['id']} | {r['type']} | {'✅' if r['passed'] else '❌'} | {r['rank'] or '-'} | "
                     f"{_cell(r['question'])} | {ans} | {_cell('; '.join(r['reasons']))} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


def to_html(report: dict[str, Any]) -> str:
    e = html.escape
    comp = report.get("comparison")
    parts = [f"<h1>Evaluation: {e(report['name'])}</h1><p>Created {e(report['created'])}</p>"]
    if comp:
        parts.append(f"<h2>Against baseline {e(comp['baseline'])}</h2><h3>Regressions ({len(comp['regressions'])})</h3><ul>")
        parts += [f"<li class=bad><b>{e(r['id'])}</b> {e(r['question'])} — {e('; '.join(r['reasons']))}</li>" for r in comp["regressions"]]
        parts.append(f"</ul><h3>Improvements ({len(comp['improvements'])})</h3><ul>")
        parts += [f"<li class=good><b>{e(r['id'])}</b> {e(r['question'])}</li>" for r in comp["improvements"]]
        parts.append("</ul>")
    parts.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th><th>Δ baseline</th></tr>")
    parts += [f"<tr><td>{e(k)}</td><td>{e(v)}</td><td>{e(d)}</td></tr>" for k, v, d in _metric_rows(report)]
    parts.append("</table><h2>Questions</h2><table><tr><th>id</th><th>type</th><th>pass</th><th>rank</th>"
                 "<th>question / searched</th><th>answer and citations</th><th>reasons</th></tr>")
    for r in report["results"]:
        cites = "".join(f"<li>[{c['n']}] {e(c['doc_id'])} {c['start']}–{c['end']} "
                        f"{'exact' if c['exact'] else 'NOT EXACT'}, {'relevant' if c['relevant'] else 'not relevant'}: "
                        f"<q>{e(c['quote'])}</q></li>" for c in r["citations"])
        parts.append(f"<tr class={'good' if r['passed'] else 'bad'}><td>{e(r['id'])}</td><td>{e(r['type'])}</td>"
                     f"<td>{'✅' if r['passed'] else '❌'}</td><td>{r['rank'] or '-'}</td>"
                     f"<td>{e(r['question'])}<br><small>{e(r['standalone'])}</small></td>"
                     f"<td>{e(r['answer'])}<ul>{cites}</ul></td><td>{e('; '.join(r['reasons']))}</td></tr>")
    parts.append("</table>")
    style = ("body{font-family:'WenQuanYi Micro Hei',sans-serif;margin:2em}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:4px;vertical-align:top;font-size:13px}"
             "tr.bad td:nth-child(3),li.bad{color:#b00}tr.good td:nth-child(3),li.good{color:#070}")
    return (f"<!doctype html><html lang=zh><head><meta charset=utf-8><title>{e(report['name'])}</title>"
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>")
