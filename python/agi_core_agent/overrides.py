"""Which adapter is active: `learning.active_adapter_path` in config/overrides.yaml, the file `agi-core adapters
activate|rollback` and every promotion rewrite (src/learning/adapters/overrides-file.ts). That file is authoritative;
the run folders' latest.json names the last run, promoted or not. Standard library only, so this reads the small YAML
subset the TypeScript side writes (a block mapping; plain, quoted and folded scalars; comments) and gives up —
`OverridesUnreadable` — on anything else, where the TypeScript side would either read more or refuse: a record
left unstamped is attributed later by its timestamp, one stamped wrong is not."""

from __future__ import annotations

import os
import re
import stat

BASE_MODEL = "base"

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$")
_NULL = re.compile(r"^(?:null|Null|NULL|~)?$")
# YAML 1.2 core schema: these plain scalars are not strings (the TypeScript side then reads no adapter path).
_NOT_STRING = re.compile(
    r"^(?:true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r"}
_ESCAPES.update({"e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0"})
_ESCAPES.update({"L": "\u2028", "P": "\u2029"})


class OverridesUnreadable(ValueError):
    """The overrides file holds YAML this reader does not follow, or is not a regular file."""


def adapter_name(adapter_path: str | None) -> str:
    """An adapter's name in scores and records: its run's folder name (`…/<run>/adapter` → `<run>`)."""
    if not adapter_path:
        return BASE_MODEL
    clean = re.sub(r"[\\/]+$", "", adapter_path)
    base = os.path.basename(clean)
    return os.path.basename(os.path.dirname(clean)) if base == "adapter" else base


def overrides_file_near(dataset_path: str) -> str | None:
    """The overrides file of the project holding `dataset_path` (the nearest folder above it with config/)."""
    folder = os.path.dirname(os.path.abspath(dataset_path))
    while True:
        if os.path.exists(os.path.join(folder, "config", "default.yaml")):
            return os.path.join(folder, "config", "overrides.yaml")
        if os.path.dirname(folder) == folder:
            return None
        folder = os.path.dirname(folder)


def read_active_adapter_setting(file: str) -> tuple[bool, str | None]:
    """(the key is there, its path as written or None). A key written as null is the base model (a rollback)."""
    try:
        info = os.stat(file)
    except FileNotFoundError:
        return False, None
    if not stat.S_ISREG(info.st_mode):
        # Never a FIFO or a device: reading a FIFO would wait for a writer forever.
        raise OverridesUnreadable(f"overrides file {file} is not a regular file")
    with open(file, encoding="utf-8") as f:
        text = f.read()
    return _find_setting(text, file)


def active_adapter_path(overrides_path: str, fallback: str | None = None, root: str | None = None) -> str | None:
    """The active adapter's folder, absolute (None: the base model). Relative paths are the project root's (the
    folder holding config/); `fallback` is the config's own learning.active_adapter_path, for a file without the key."""
    present, value = read_active_adapter_setting(overrides_path)
    chosen = value if present else fallback
    if chosen is None:
        return None
    root = root or os.path.dirname(os.path.dirname(os.path.abspath(overrides_path)))
    return os.path.normpath(os.path.join(root, os.path.expanduser(chosen)))


class ActiveAdapterProbe:
    """The adapter name to stamp on records, read again only when the file changed (a stat per record)."""

    def __init__(self, overrides_path: str, fallback: str | None = None):
        self.overrides_path = overrides_path
        self.fallback = fallback
        self._seen: tuple[object, str | None] | None = None

    def current(self) -> str | None:
        """The active adapter's name, `base`, or None when the file cannot be read (records stay unstamped)."""
        try:
            st = os.stat(self.overrides_path)
            key: object = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            key = "absent"
        if self._seen is not None and self._seen[0] == key:
            return self._seen[1]
        try:
            present, value = read_active_adapter_setting(self.overrides_path)
            name: str | None = adapter_name(value if present else self.fallback)
        except (OSError, ValueError):  # unreadable, not UTF-8, YAML this reader does not follow
            name = None
        self._seen = (key, name)
        return name


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _find_setting(text: str, file: str) -> tuple[bool, str | None]:
    lines = text.splitlines()
    if any("\t" in line[: _indent(line) + 1] for line in lines if line.strip()):
        raise OverridesUnreadable(f"{file}: tab indentation")
    learning = _block_entries(lines, 0, len(lines), 0, file)
    if "learning" not in learning:
        return False, None
    start, end, inline = learning["learning"]
    if inline is not None:
        if _NULL.match(_strip_comment(inline)) or _strip_comment(inline) == "{}":
            return False, None
        raise OverridesUnreadable(f"{file}: learning is not a block mapping")
    body = [i for i in range(start, end) if _content(lines[i])]
    if not body:
        return False, None
    entries = _block_entries(lines, start, end, _indent(lines[body[0]]), file)
    if "active_adapter_path" not in entries:
        return False, None
    s, e, inline = entries["active_adapter_path"]
    return True, _scalar(inline or "", lines[s:e], file)


def _block_entries(lines: list[str], start: int, end: int, indent: int, file: str) -> dict:
    """key → (first line after it, end of its block, text after the colon or None) for keys at `indent`."""
    entries: dict = {}
    key = None
    for i in range(start, end):
        line = lines[i]
        if not _content(line) or (indent == 0 and (line.startswith("---") or line.startswith("%"))):
            continue
        if _indent(line) < indent:
            raise OverridesUnreadable(f"{file}:{i + 1}: unexpected indentation")
        if _indent(line) > indent:
            if key is None:
                raise OverridesUnreadable(f"{file}:{i + 1}: unexpected indentation")
            continue
        match = _KEY.match(line[indent:].rstrip())
        if not match:
            raise OverridesUnreadable(f"{file}:{i + 1}: not a `key: value` line")
        if key is not None:
            entries[key] = (entries[key][0], i, entries[key][2])
        key = match.group(1)
        if key in entries:
            raise OverridesUnreadable(f"{file}:{i + 1}: {key} appears twice")
        entries[key] = (i + 1, end, match.group(2))
    return entries


def _strip_comment(text: str) -> str:
    match = re.search(r"(^|[ \t])#", text)
    return (text[: match.start()] if match else text).strip()


def _scalar(first: str, more: list[str], file: str) -> str | None:
    """The value of a plain or quoted scalar that starts with `first` and may fold over the lines `more`."""
    first = first.strip()
    if first[:1] in ('"', "'"):
        return _quoted(" ".join([first, *(line.strip() for line in more)]), file)
    if first[:1] in ("|", ">", "&", "*", "!", "{", "[", "@", "`"):
        raise OverridesUnreadable(f"{file}: active_adapter_path is not a plain or quoted scalar")
    parts = [_strip_comment(first)]
    for line in more:
        if line.strip().startswith("#"):
            break
        parts.append(_strip_comment(line))
    # A folded plain scalar: each line break is a space (the TypeScript side folds long paths at spaces).
    value = " ".join(part for part in parts if part)
    if _NULL.match(value) or _NOT_STRING.match(value):
        return None
    return value


def _quoted(text: str, file: str) -> str | None:
    quote = text[0]
    out: list[str] = []
    i = 1
    while i < len(text):
        ch = text[i]
        if quote == "'" and ch == "'":
            if text[i + 1 : i + 2] == "'":
                out.append("'")
                i += 2
                continue
            break
        if quote == '"' and ch == '"':
            break
        if quote == '"' and ch == "\\":
            code = text[i + 1 : i + 2]
            if code in ("x", "u", "U"):
                width = {"x": 2, "u": 4, "U": 8}[code]
                out.append(chr(int(text[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
            if code not in _ESCAPES:
                raise OverridesUnreadable(f"{file}: unknown escape \\{code} in active_adapter_path")
            out.append(_ESCAPES[code])
            i += 2
            continue
        out.append(ch)
        i += 1
    else:
        raise OverridesUnreadable(f"{file}: active_adapter_path's quoted value is not closed")
    if _strip_comment(text[i + 1 :]):
        raise OverridesUnreadable(f"{file}: text after active_adapter_path's quoted value")
    return "".join(out) or None
