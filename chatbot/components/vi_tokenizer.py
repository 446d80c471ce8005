"""Rasa 3 tokenizer for Vietnamese: underthesea word segmentation, exact spans.

Token texts are the project's normalised words with syllables joined by "_"
(so CountVectorsFeaturizer keeps "giấy_phép" as one feature); start/end are
offsets into the raw message, so entity spans stay right even for NFD input or
old tone marks. The segmentation itself lives in the content pipeline
(``bvmt.segment``) so the bot and the site share one normalisation.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bvmt.segment import segment


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # The base class reads these keys without defaults (KeyError otherwise).
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["underthesea"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute)
        if not isinstance(text, str):
            return []
        tokens = [Token(span.text, span.start, span.end) for span in segment(text)]
        return self._apply_token_pattern(tokens)
