import re

from agi_trainer.curves import curve_points, render_svg


def test_the_curve_is_drawn_from_the_log_history_falling_loss_going_down_the_page():
    history = [{"step": s, "loss": 10.0 - s, "learning_rate": 0.1 * (10 - s) / 10} for s in range(1, 10)]
    history.append({"step": 9, "train_runtime": 1.0})  # the end-of-training summary has no loss
    evals = {"before": {"step": 0, "eval_loss": 9.5}, "after": {"step": 9, "eval_loss": None}}
    data = {**curve_points(history), "eval": evals}
    assert len(data["train"]) == 9 and data["train"][0] == {"step": 1, "loss": 9.0}
    svg = render_svg(data)
    points = re.search(r'class="train-loss"[^>]*points="([^"]+)"', svg).group(1).split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == sorted(ys)  # SVG y grows downwards: a falling loss is drawn going down
    assert 'class="eval-before"' in svg and 'class="eval-after"' not in svg


def test_no_steps_yet_is_an_empty_chart_not_an_error():
    svg = render_svg({"train": [], "learning_rate": [], "eval": {}})
    assert svg.startswith("<svg") and "polyline" not in svg
