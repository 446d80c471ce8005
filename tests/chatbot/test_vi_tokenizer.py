"""The Rasa graph component: registered, configured, and it tokenises like bvmt.segment."""

import unicodedata

import pytest

pytest.importorskip("rasa")

from rasa.engine.recipes.default_recipe import DefaultV1Recipe  # noqa: E402
from rasa.shared.nlu.constants import TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from components.vi_tokenizer import VietnameseTokenizer  # noqa: E402


@pytest.fixture(scope="module")
def tokenizer():
    return VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def test_registered_as_a_message_tokenizer():
    registered = DefaultV1Recipe._registered_components["VietnameseTokenizer"]
    assert DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER in registered.types
    assert registered.is_trainable is False


def test_tokens_are_underscore_joined_words_with_raw_offsets(tokenizer):
    text = unicodedata.normalize("NFD", "Ai phải đăng ký môi trường hoà?")
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    tokens = message.get("text_tokens")
    assert [t.text for t in tokens] == ["Ai", "phải", "đăng_ký", "môi_trường", "hòa", "?"]
    for token in tokens:
        assert token.start < token.end
    assert unicodedata.normalize("NFC", text[tokens[2].start : tokens[2].end]) == "đăng ký"


def test_training_data_is_tokenised_without_errors(tokenizer):
    data = TrainingData([Message(data={TEXT: "giay phep moi truong 😀", "intent": "faq"}),
                         Message(data={TEXT: "", "intent": "empty_message"})])
    tokenizer.process_training_data(data)
    assert [t.text for t in data.training_examples[0].get("text_tokens")] == ["giay", "phep", "moi", "truong", "😀"]


@pytest.mark.parametrize("text", ["", " ", "\x00\x01", "a" * 20000, "🏭" * 100, "<script>x</script>"])
def test_never_raises_on_odd_input(tokenizer, text):
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    assert isinstance(message.get("text_tokens"), list)
