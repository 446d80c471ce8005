"""A parallel, diacritic-free feature channel for Rasa's CountVectorsFeaturizer.

Token texts stay in the project's normal form (so word features keep
"phải" and "phái" apart); this featurizer folds them (đ -> d, no tone marks)
before counting, so a question typed without diacritics shares these features
with the training phrasings written with them. A token that is a known
abbreviation ("gpmt") is counted as its expansion ("giay phep moi truong"), and
chat shorthand ("ko", "dc") as the word it stands for, one token for one token,
so "gpmt" and "giấy phép môi trường" share features.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import TEXT

from bvmt.text import fold
from components import resources


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class FoldedCountVectorsFeaturizer(CountVectorsFeaturizer):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**CountVectorsFeaturizer.get_default_config(), "resources_file": resources.DEFAULT_FILE}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return resources.file_hash(config.get("resources_file") or resources.DEFAULT_FILE)

    def _process_tokens(self, tokens: List[Text], attribute: Text = TEXT) -> List[Text]:
        processed = super()._process_tokens(tokens, attribute)
        if processed is tokens:  # labels (intent names) are returned untouched
            return processed
        expansions = resources.abbreviations(self._config.get("resources_file") or resources.DEFAULT_FILE)
        return [resources.canonical_word(fold(token), expansions) for token in processed]
