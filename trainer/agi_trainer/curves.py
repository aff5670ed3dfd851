"""The run's loss curve: `loss.json` (the numbers) and `loss.svg` (a picture any browser opens), written beside the
adapter at every checkpoint and at the end. SVG by hand: no plotting library to install on GPU hosts."""

from __future__ import annotations

import json
import os
from html import escape

WIDTH, HEIGHT, PAD = 640, 320, 48


def curve_points(log_history: list[dict]) -> dict:
    """Train loss and learning rate per step from the HF Trainer's log history."""
    train = [{"step": int(e["step"]), "loss": float(e["loss"])} for e in log_history if "loss" in e and "step" in e]
    lr = [
        {"step": int(e["step"]), "learning_rate": float(e["learning_rate"])}
        for e in log_history
        if "learning_rate" in e and "step" in e
    ]
    return {"train": train, "learning_rate": lr}


def write_loss_curve(run_dir: str, log_history: list[dict], evals: dict[str, dict]) -> str:
    """Writes loss.json and loss.svg into `run_dir` (each via temp + rename); returns the SVG's path."""
    data = {**curve_points(log_history), "eval": evals}
    os.makedirs(run_dir, exist_ok=True)
    _publish(os.path.join(run_dir, "loss.json"), json.dumps(data, indent=1))
    svg = os.path.join(run_dir, "loss.svg")
    _publish(svg, render_svg(data))
    return svg


def _publish(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _polyline(points: list[tuple[float, float]], x_range, y_range) -> str:
    (x0, x1), (y0, y1) = x_range, y_range
    sx = (WIDTH - 2 * PAD) / ((x1 - x0) or 1)
    sy = (HEIGHT - 2 * PAD) / ((y1 - y0) or 1)
    return " ".join(f"{PAD + (x - x0) * sx:.1f},{HEIGHT - PAD - (y - y0) * sy:.1f}" for x, y in points)


def render_svg(data: dict) -> str:
    """Train loss (blue), learning rate scaled to the loss axis (grey, dashed), eval loss before/after (dots)."""
    train = [(p["step"], p["loss"]) for p in data["train"]]
    evals = [(e["step"], e["eval_loss"], phase) for phase, e in data["eval"].items() if e.get("eval_loss") is not None]
    losses = [y for _, y in train] + [y for _, y, _ in evals]
    steps = [x for x, _ in train] + [x for x, _, _ in evals]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{PAD}" y="24" font-family="sans-serif" font-size="14">training loss per step</text>',
    ]
    if losses:
        x_range = (min(steps), max(steps))
        y_range = (min(losses), max(losses))
        parts += [
            f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="black"/>',
            f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="black"/>',
            f'<text x="4" y="{PAD + 4}" font-size="11">{y_range[1]:.3g}</text>',
            f'<text x="4" y="{HEIGHT - PAD}" font-size="11">{y_range[0]:.3g}</text>',
            f'<text x="{PAD}" y="{HEIGHT - PAD + 16}" font-size="11">step {x_range[0]}</text>',
            f'<text x="{WIDTH - PAD - 60}" y="{HEIGHT - PAD + 16}" font-size="11">step {x_range[1]}</text>',
        ]
        if len(train) > 1:
            line = _polyline(train, x_range, y_range)
            parts.append(
                f'<polyline class="train-loss" fill="none" stroke="#1f77b4" stroke-width="2" points="{line}"/>'
            )
        lr = [(p["step"], p["learning_rate"]) for p in data["learning_rate"]]
        if len(lr) > 1 and max(v for _, v in lr) > 0:
            top = max(v for _, v in lr)
            scaled = [(x, y_range[0] + (v / top) * (y_range[1] - y_range[0])) for x, v in lr]
            parts.append(
                f'<polyline class="learning-rate" fill="none" stroke="#999" stroke-dasharray="4 3" '
                f'points="{_polyline(scaled, x_range, y_range)}"/>'
            )
        for x, y, phase in evals:
            (cx, cy) = _polyline([(x, y)], x_range, y_range).split(",")
            color = "#d62728" if phase == "before" else "#2ca02c"
            parts.append(f'<circle class="eval-{escape(phase)}" cx="{cx}" cy="{cy}" r="5" fill="{color}"/>')
            parts.append(f'<text x="{float(cx) + 8}" y="{cy}" font-size="11">eval {escape(phase)} {y:.4g}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
