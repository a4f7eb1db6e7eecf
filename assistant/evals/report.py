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


def _replace_text(path: Path, text: str) -> None:
    """Write `text` beside `path`, then put it in place: a reader never sees half a file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_json(path: Path, data: object) -> None:
    """`data` as indented JSON at `path`, replaced atomically (fitted weights, fit reports)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def write_reports(report: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report["name"]
    paths = {"json": out_dir / f"{stem}.json", "md": out_dir / f"{stem}.md", "html": out_dir / f"{stem}.html"}
    for kind, text in (("json", json.dumps(report, ensure_ascii=False, indent=1)), ("md", to_markdown(report)),
                       ("html", to_html(report))):
        _replace_text(paths[kind], text)
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


REASON_ZH = {
    "missing": "缺少关键事实",
    "evidence not in top 10 retrieved": "证据未进入检索前 10",
    "should have refused": "应拒答而未拒答",
    "should have answered": "应回答而拒答",
}


def reason_group(reason: str) -> str:
    """The kind of a failure reason: "missing: 16项" -> "missing"."""
    return reason.split(":", 1)[0].strip()


def _bar_chart(rows: list[tuple[str, int, int]]) -> str:
    """Horizontal bars: pass rate per question type, with passed/total."""
    width, row_h, label_w = 520, 26, 110
    parts = [f'<svg class="chart" role="img" aria-label="各题型通过率" width="{width}" height="{row_h * len(rows) + 28}" '
             f'viewBox="0 0 {width} {row_h * len(rows) + 28}">']
    bar_w = width - label_w - 90
    for i, (name, passed, total) in enumerate(rows):
        y, rate = 8 + i * row_h, passed / total if total else 0.0
        color = "#16a34a" if rate >= 0.9 else "#d97706" if rate >= 0.7 else "#dc2626"
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{html.escape(name)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="18" fill="#e5e7eb" rx="3"/>'
                     f'<rect x="{label_w}" y="{y}" width="{bar_w * rate:.1f}" height="18" fill="{color}" rx="3"/>'
                     f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{rate:.0%}（{passed}/{total}）</text>')
    parts.append("</svg>")
    return "".join(parts)


def _latency_chart(latencies: list[float], p50: float | None, p95: float | None) -> str:
    """Histogram of answer latency (seconds) with the p50 and p95 lines."""
    width, height, left, bottom = 520, 200, 40, 30
    if not latencies:
        return "<p>没有延迟数据。</p>"
    secs = [v / 1000 for v in latencies]
    top = max(secs) or 1.0
    bins = 12
    step = top / bins
    counts = [0] * bins
    for v in secs:
        counts[min(int(v / step), bins - 1) if step else 0] += 1
    peak = max(counts) or 1
    plot_w, plot_h = width - left - 10, height - bottom - 10
    bw = plot_w / bins
    parts = [f'<svg class="chart" role="img" aria-label="回答延迟分布" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">',
             f'<line x1="{left}" y1="{10 + plot_h}" x2="{left + plot_w}" y2="{10 + plot_h}" stroke="#9ca3af"/>']
    for i, c in enumerate(counts):
        h = plot_h * c / peak
        parts.append(f'<rect x="{left + i * bw + 1:.1f}" y="{10 + plot_h - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" '
                     f'fill="#60a5fa"><title>{i * step:.1f}–{(i + 1) * step:.1f} 秒：{c} 题</title></rect>')
        if c:
            parts.append(f'<text x="{left + (i + 0.5) * bw:.1f}" y="{10 + plot_h - h - 3:.1f}" text-anchor="middle" '
                         f'class="small">{c}</text>')
    for i in range(0, bins + 1, 3):
        parts.append(f'<text x="{left + i * bw:.1f}" y="{height - 12}" text-anchor="middle" class="small">{i * step:.1f}</text>')
    parts.append(f'<text x="{left + plot_w}" y="{height - 1}" text-anchor="end" class="small">秒</text>')
    for label, value, color in (("p50", p50, "#16a34a"), ("p95", p95, "#dc2626")):
        if value is None:
            continue
        x = left + plot_w * min(value / 1000 / top, 1.0)
        parts.append(f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{10 + plot_h}" stroke="{color}" stroke-dasharray="4 3"/>'
                     f'<text x="{x + 3:.1f}" y="22" fill="{color}" class="small">{label} {value / 1000:.1f} 秒</text>')
    parts.append("</svg>")
    return "".join(parts)


def _metric_table(report: dict[str, Any]) -> str:
    e = html.escape
    comp = report.get("comparison") or {}
    deltas, worse = comp.get("metric_deltas", {}), set(comp.get("worse_metrics", []))
    head = "<tr><th>指标</th><th>数值</th>" + ("<th>较基线</th>" if comp else "") + "</tr>"
    rows = []
    for k, v in report["metrics"].items():
        cell = ""
        if comp:
            d = deltas.get(k)
            better = d is not None and ((k in HIGHER_IS_BETTER and d > 0) or ("latency" in k and d < 0))
            kind = "worse" if k in worse else "better" if better else "same"
            cell = f'<td class="delta {kind}">{"" if d is None else f"{d:+g}"}{" ▼" if k in worse else ""}</td>'
        rows.append(f"<tr><td>{e(k)}</td><td>{v:g}</td>{cell}</tr>")
    return f'<table class="metrics">{head}{"".join(rows)}</table>'


def _question_row(r: dict[str, Any]) -> str:
    e = html.escape
    cites = "".join(f"<li>[{c['n']}] {e(c['doc_id'])} {c['start']}–{c['end']} "
                    f"{'原文一致' if c['exact'] else '原文不一致'}，{'相关' if c['relevant'] else '不相关'}："
                    f"<q>{e(c['quote'])}</q></li>" for c in r.get("citations", []))
    status = "pass" if r["passed"] else "fail"
    badge = '<span class="badge pass">通过</span>' if r["passed"] else '<span class="badge fail">未通过</span>'
    latency = r.get("latency_ms")
    return (f'<tr class="q {status}" data-type="{e(r.get("type", ""))}" data-status="{status}">'
            f"<td>{e(r['id'])}</td><td>{e(r.get('type', ''))}</td><td>{badge}</td><td>{r.get('rank') or '-'}</td>"
            f"<td>{'' if latency is None else f'{latency / 1000:.1f}'}</td>"
            f"<td>{e(r['question'])}<br><small>{e(r.get('standalone', ''))}</small></td>"
            f"<td>{e(r.get('answer', ''))}<ul>{cites}</ul></td><td>{e('; '.join(r.get('reasons', [])))}</td></tr>")


# The only script in the report: filter rows by type and status (no document text goes into it).
_FILTER_JS = """
(function () {
  var type = document.getElementById('f-type'), status = document.getElementById('f-status');
  function apply() {
    var rows = document.querySelectorAll('tr.q'), shown = 0;
    rows.forEach(function (tr) {
      var ok = (!type.value || tr.dataset.type === type.value) && (!status.value || tr.dataset.status === status.value);
      tr.style.display = ok ? '' : 'none';
      if (ok && tr.closest('#all')) shown++;
    });
    document.querySelectorAll('.group').forEach(function (g) {
      g.style.display = Array.prototype.some.call(g.querySelectorAll('tr.q'), function (tr) {
        return tr.style.display !== 'none'; }) ? '' : 'none';
    });
    document.getElementById('f-count').textContent = shown;
  }
  type.addEventListener('change', apply);
  status.addEventListener('change', apply);
  apply();
})();
"""

_STYLE = """
body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;margin:1.5em 2em;color:#111827}
h1{margin:0 0 .2em}h2{margin-top:1.6em;border-bottom:2px solid #e5e7eb;padding-bottom:.2em}
.muted,small{color:#6b7280}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:1em 0}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:1.6em}.charts{display:flex;gap:24px;flex-wrap:wrap}
.chart{max-width:100%;height:auto}.chart text{font-size:12px;fill:#374151}.chart .small{font-size:10px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d1d5db;padding:4px 6px;vertical-align:top;font-size:13px}
th{background:#f3f4f6;text-align:left}.badge{border-radius:4px;padding:1px 6px;font-size:12px;white-space:nowrap}
.badge.pass{background:#dcfce7;color:#166534}.badge.fail{background:#fee2e2;color:#991b1b}
.delta.worse{color:#dc2626;font-weight:700}.delta.better{color:#16a34a}
.group h3{margin:.8em 0 .2em;color:#991b1b}li.bad{color:#b91c1c}li.good{color:#15803d}
.filters{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #e5e7eb}
select{font:inherit;padding:2px 4px}
"""


def to_html(report: dict[str, Any]) -> str:
    """One self-contained page (inline CSS, SVG charts and a small filter script; nothing fetched):
    summary and charts, change against the baseline, failures grouped by reason, then every question."""
    e = html.escape
    results = report["results"]
    metrics = report["metrics"]
    comp = report.get("comparison")
    failures = [r for r in results if not r["passed"]]
    types = sorted({r.get("type", "") for r in results})
    pass_rate = (len(results) - len(failures)) / len(results) if results else 0.0
    parts = [f"<h1>评测报告：{e(report['name'])}</h1><p class=muted>生成于 {e(report['created'])}"
             + (f" · 基线 {e(comp['baseline'])}（{e(comp['baseline_created'])}）" if comp else "") + "</p>",
             '<div class="cards">'
             f'<div class="card">通过率<b>{pass_rate:.0%}</b>{len(results) - len(failures)}/{len(results)} 题</div>'
             f'<div class="card">未通过<b>{len(failures)}</b>题</div>']
    for k, label in (("hit@5", "命中@5"), ("key_fact_accuracy", "关键事实"), ("citation_precision", "引用准确率"),
                     ("latency_p95_ms", "延迟 p95")):
        if k in metrics:
            value = f"{metrics[k] / 1000:.1f} 秒" if k.endswith("_ms") else f"{metrics[k]:.0%}"
            parts.append(f'<div class="card">{label}<b>{value}</b></div>')
    parts.append("</div>")
    by_type = [(t, sum(1 for r in results if r.get("type") == t and r["passed"]),
                sum(1 for r in results if r.get("type") == t)) for t in types]
    latencies = [float(r["latency_ms"]) for r in results if r.get("latency_ms") is not None]
    parts.append('<h2>图表</h2><div class="charts"><div><h3>各题型通过率</h3>' + _bar_chart(by_type) + "</div>"
                 "<div><h3>回答延迟分布</h3>"
                 + _latency_chart(latencies, metrics.get("latency_p50_ms"), metrics.get("latency_p95_ms"))
                 + "</div></div>")
    parts.append("<h2>指标" + ("与基线对比（变差的标红）" if comp else "") + "</h2>" + _metric_table(report))
    if comp:
        parts.append(f"<h3>退步的题目（{len(comp['regressions'])}）</h3><ul>")
        parts += [f"<li class=bad><b>{e(r['id'])}</b> {e(r['question'])} — {e('; '.join(r['reasons']))}</li>"
                  for r in comp["regressions"]] or ["<li>无</li>"]
        parts.append(f"</ul><h3>进步的题目（{len(comp['improvements'])}）</h3><ul>")
        parts += [f"<li class=good><b>{e(r['id'])}</b> {e(r['question'])}</li>" for r in comp["improvements"]] or ["<li>无</li>"]
        parts.append("</ul>")
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in failures:
        for g in dict.fromkeys(reason_group(x) for x in (r.get("reasons") or ["(no reason)"])):
            groups.setdefault(g, []).append(r)
    head = ("<tr><th>编号</th><th>题型</th><th>结果</th><th title='第一个含证据的段落在检索结果中的名次'>排名</th><th>秒</th>"
            "<th>问题 / 检索问题</th><th>回答与引用</th><th>原因</th></tr>")
    parts.append(f"<h2>未通过的题目（{len(failures)}），按原因分组</h2>")
    if not failures:
        parts.append("<p>全部通过。</p>")
    for g, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        parts.append(f'<div class="group"><h3>{e(REASON_ZH.get(g, g))}（{len(rows)}）</h3><table>{head}'
                     + "".join(_question_row(r) for r in rows) + "</table></div>")
    options = "".join(f'<option value="{e(t)}">{e(t)}</option>' for t in types)
    parts.append('<h2>全部题目</h2><div class="filters">题型 <select id="f-type"><option value="">全部</option>'
                 f'{options}</select> 结果 <select id="f-status"><option value="">全部</option>'
                 '<option value="fail">未通过</option><option value="pass">通过</option></select> '
                 '显示 <span id="f-count"></span> 题</div>'
                 f'<table id="all">{head}'
                 + "".join(_question_row(r) for r in failures + [r for r in results if r["passed"]]) + "</table>")
    parts.append(f"<details><summary>运行配置</summary><pre>{e(json.dumps(report['config'], ensure_ascii=False, indent=1))}</pre></details>")
    return (f"<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>评测报告：{e(report['name'])}</title>"
            f"<style>{_STYLE}</style></head><body>{''.join(parts)}<script>{_FILTER_JS}</script></body></html>")
