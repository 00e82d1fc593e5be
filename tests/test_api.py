from __future__ import annotations

import pytest

import saidwhat
from saidwhat.settings import SETTINGS, Settings


def test_api_all_names_exist():
    for name in saidwhat.__all__:
        assert hasattr(saidwhat, name), name


def test_api_settings_table_matches_the_options_object():
    defaults = Settings()
    assert [s.name for s in SETTINGS] == list(Settings.__slots__)
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default and s.help


def test_api_settings_table_makes_the_command_line_flags():
    from click.testing import CliRunner

    from saidwhat.cli import main

    for command in ("analyze", "ingest"):
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        for s in SETTINGS:
            if s.flag:
                assert s.flag in help_text, (command, s.flag)
    out = CliRunner().invoke(main, ["analyze", "-", "--speech-only", "--quotes-only", "--format", "json"],
                             input="Berg said the port would close. She believes the cranes are old.\n").output
    import json

    doc = json.loads(out)
    assert doc["issues"] == [] and all(q["act"] == "speech" for q in doc["quotes"])


def test_api_analyze_takes_a_date_and_empty_text_is_an_input_error():
    a = saidwhat.analyze("The mayor said the budget was final.", date="2020-02-02")
    assert a.date == "2020-02-02"
    with pytest.raises(saidwhat.InputError):
        saidwhat.analyze("   ")


def test_api_batch_records_failures_and_keeps_going():
    docs = [saidwhat.Document(id="ok", text="The mayor said the budget was final."),
            saidwhat.Document(id="big", text="word " * 50)]
    from saidwhat.settings import Settings as S

    out = saidwhat.analyze_batch(docs, settings=S(max_doc_chars=100))
    assert isinstance(out[0], saidwhat.Analysis) and isinstance(out[1], saidwhat.Failure)
    assert "too long" in out[1].reason and out[1].doc_id == "big"


def test_api_readme_settings_table_lists_every_setting():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for s in SETTINGS:
        assert f"| `{s.name}` |" in table, s.name


def test_api_language_without_word_lists_is_a_clear_error():
    from saidwhat.errors import ModelError

    with pytest.raises(ModelError, match="no word lists for language 'zz'.*available: en"):
        saidwhat.analyze_batch([saidwhat.Document(id="a", text="Berg said so.")], settings=Settings(language="zz"))
