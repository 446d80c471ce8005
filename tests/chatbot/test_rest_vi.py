"""The channel's pure input cleaning: one normalisation at the entry point, bad input handled."""

import unicodedata

import pytest

pytest.importorskip("rasa")

from channels.rest_vi import MAX_MESSAGE_CHARS, clean_message, clean_metadata, clean_sender  # noqa: E402


@pytest.mark.parametrize("raw", [unicodedata.normalize("NFD", "Ai phải đăng ký môi trường hoà?"), "Ai phải đăng ký môi trường hoà?"])
def test_messages_are_normalised(raw):
    assert clean_message(raw) == ("Ai phải đăng ký môi trường hòa?", False)


@pytest.mark.parametrize("raw", ["", "   ", "\n\t", None, "\x00\x01"])
def test_empty_messages_become_the_empty_intent(raw):
    assert clean_message(raw) == ("/empty_message", False)


def test_long_messages_keep_their_end_and_are_flagged():
    text = "bối cảnh " * 3000 + "vậy ai phải đăng ký môi trường?"
    cleaned, truncated = clean_message(text)
    assert truncated and len(cleaned) <= MAX_MESSAGE_CHARS
    assert cleaned.endswith("ai phải đăng ký môi trường?")


def test_only_widget_payloads_may_start_with_a_slash():
    assert clean_message('/choose_entry{"entry_id": "x"}')[0] == '/choose_entry{"entry_id": "x"}'
    assert clean_message("/out_of_scope")[0] == "out_of_scope"
    assert clean_message("/session_start")[0] == "session_start"
    assert clean_message("/restart")[0] == "restart"  # a new conversation is a new sender id, not a payload
    assert clean_message("///")[0] == "/empty_message"


def test_non_text_messages_do_not_crash():
    assert clean_message(12345) == ("12345", False)
    assert clean_message({"a": 1})[0]


def test_sender_and_metadata_are_bounded():
    assert clean_sender("a" * 1000) == "a" * 128
    assert clean_sender(None) is None and clean_sender(["x"]) is None
    assert clean_metadata({"page": "/x/"}) == {"page": "/x/"}
    assert clean_metadata({"x": "y" * 5000}) is None
    assert clean_metadata("not a dict") is None
