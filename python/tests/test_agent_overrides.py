"""Reading the active adapter from overrides.yaml as the TypeScript side writes it (texts below are what
`setActiveAdapter` wrote, captured from the yaml library), and naming it as the stamps do."""

import os

import pytest

from agi_core_agent import ActiveAdapterProbe, active_adapter_path, adapter_name, read_active_adapter_setting

HEAD = "# comment\nlearning:\n  other: 1 # keep\n"


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        (
            HEAD + "  active_adapter_path: storage/learning/models/run-1/adapter\n",
            "storage/learning/models/run-1/adapter",
        ),
        # yaml folds a long path at its spaces, onto a deeper-indented line.
        (
            HEAD + "  active_adapter_path: /home/some user/My Projects With\n    Spaces/agent/models/run-2/adapter\n",
            "/home/some user/My Projects With Spaces/agent/models/run-2/adapter",
        ),
        (HEAD + '  active_adapter_path: "it\'s: #x"\n', "it's: #x"),
        (HEAD + '  active_adapter_path: a "q" b # a comment\n', 'a "q" b'),
        (HEAD + '  active_adapter_path: "null"\n', "null"),
        (HEAD + "  active_adapter_path: 'o''brien\\x'\n", "o'brien\\x"),
        (HEAD + '  active_adapter_path: "tab\\there \\u00fc"\n', "tab\there ü"),
        (HEAD + "  active_adapter_path: /x/ünï cødé/adapter\n", "/x/ünï cødé/adapter"),
    ],
)
def test_a_path_as_the_typescript_side_writes_it(tmp_path, text, setting):
    (tmp_path / "overrides.yaml").write_text(text, encoding="utf-8")
    assert read_active_adapter_setting(str(tmp_path / "overrides.yaml")) == (True, setting)


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        (HEAD + "  active_adapter_path: null\n", (True, None)),  # a rollback to the base model
        (HEAD + "  active_adapter_path:\n", (True, None)),
        (HEAD + "  active_adapter_path: 123\n", (True, None)),  # not a string: no path, as on the TypeScript side
        (HEAD, (False, None)),
        ("trainer:\n  device: cpu\n", (False, None)),
        ("", (False, None)),
    ],
)
def test_null_absent_and_not_a_string(tmp_path, text, setting):
    (tmp_path / "overrides.yaml").write_text(text)
    assert read_active_adapter_setting(str(tmp_path / "overrides.yaml")) == setting
    assert read_active_adapter_setting(str(tmp_path / "missing.yaml")) == (False, None)


def test_the_stamp_follows_the_file_and_falls_back_to_the_config_and_stays_off_when_unreadable(tmp_path):
    file = tmp_path / "overrides.yaml"
    probe = ActiveAdapterProbe(str(file), fallback="storage/models/run-0/adapter")
    assert probe.current() == "run-0"  # no file: the config's own setting
    file.write_text("learning:\n  active_adapter_path: storage/learning/models/run-1/adapter\n")
    assert probe.current() == "run-1"
    file.write_text("learning:\n  active_adapter_path: null\n")
    assert probe.current() == "base"
    file.write_text("learning: { active_adapter_path: x }\n")  # flow style: this reader gives up, no stamp
    assert probe.current() is None
    file.write_text("learning:\n  active_adapter_path: a\n  active_adapter_path: b\n")  # the TS side refuses it too
    assert probe.current() is None


def test_adapter_names_and_the_absolute_path(tmp_path):
    assert adapter_name("storage/learning/models/2026-12-01T10/adapter/") == "2026-12-01T10"
    assert adapter_name("/models/my-run") == "my-run"
    assert adapter_name(None) == "base"
    overrides = tmp_path / "config" / "overrides.yaml"
    overrides.parent.mkdir()
    overrides.write_text("learning:\n  active_adapter_path: storage/learning/models/r/adapter\n")
    assert active_adapter_path(str(overrides)) == os.path.join(str(tmp_path), "storage/learning/models/r/adapter")
    overrides.write_text("learning:\n  active_adapter_path: null\n")
    assert active_adapter_path(str(overrides), fallback="x") is None
